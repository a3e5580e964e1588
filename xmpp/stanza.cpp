#include "xmpp/stanza.hpp"

#include <array>
#include <vector>

#include "xmpp/context.hpp"

namespace xmpp {
namespace {

// libstrophe wants NUL-terminated strings; string_views from callers may not be.
std::string z(std::string_view s) {
    return std::string(s);
}

std::string_view view(const char* s) {
    return s == nullptr ? std::string_view{} : s;
}

// XML escaping as the parser will undo it. In attributes the whitespace characters are
// escaped too: a parser turns a literal tab or line break there into a space. A carriage
// return would be normalised away in text as well.
void escape(std::string& out, const char* s, bool attribute) {
    const char* run = s;
    for (; *s != '\0'; ++s) {
        const char* entity = nullptr;
        switch (*s) {
            case '&':
                entity = "&amp;";
                break;
            case '<':
                entity = "&lt;";
                break;
            case '>':
                entity = "&gt;";
                break;
            case '"':
                entity = attribute ? "&quot;" : nullptr;
                break;
            case '\r':
                entity = "&#13;";
                break;
            case '\n':
                entity = attribute ? "&#10;" : nullptr;
                break;
            case '\t':
                entity = attribute ? "&#9;" : nullptr;
                break;
            default:
                break;
        }
        if (entity != nullptr) {
            out.append(run, s);
            out += entity;
            run = s + 1;
        }
    }
    out.append(run, s);
}

// What xmpp_stanza_to_text makes, written straight into one string: libstrophe's prints
// every piece through its own snprintf, which cost 7 % of the component's CPU under load.
void render(xmpp_stanza_t* node, std::string& out) {
    if (xmpp_stanza_is_text(node)) {
        if (const char* text = xmpp_stanza_get_text_ptr(node)) {
            escape(out, text, false);
        }
        return;
    }
    const char* name = xmpp_stanza_get_name(node);
    if (name == nullptr) {
        return;
    }
    out += '<';
    out += name;
    // Most elements have a handful of attributes: no allocation for those.
    const int count = xmpp_stanza_get_attribute_count(node);
    std::array<const char*, 16> few{};
    std::vector<const char*> many;
    const char** attributes = few.data();
    int room = static_cast<int>(few.size());
    if (count * 2 > room) {
        many.resize(static_cast<std::size_t>(count) * 2);
        attributes = many.data();
        room = static_cast<int>(many.size());
    }
    const int filled = count > 0 ? xmpp_stanza_get_attributes(node, attributes, room) : 0;
    for (int i = 0; i + 1 < filled; i += 2) {
        out += ' ';
        out += attributes[i];
        out += "=\"";
        escape(out, attributes[i + 1], true);
        out += '"';
    }
    xmpp_stanza_t* child = xmpp_stanza_get_children(node);
    if (child == nullptr) {
        out += "/>";
        return;
    }
    out += '>';
    for (; child != nullptr; child = xmpp_stanza_get_next(child)) {
        render(child, out);
    }
    out += "</";
    out += name;
    out += '>';
}

}  // namespace

Stanza Stanza::borrow(xmpp_stanza_t* raw) {
    return Stanza(raw == nullptr ? nullptr : xmpp_stanza_clone(raw));
}

Stanza::Stanza(const Stanza& other)
    : raw_(other.raw_ == nullptr ? nullptr : xmpp_stanza_clone(other.raw_)) {}

Stanza& Stanza::operator=(const Stanza& other) {
    if (this != &other) {
        Stanza copy(other);
        *this = std::move(copy);
    }
    return *this;
}

Stanza& Stanza::operator=(Stanza&& other) noexcept {
    if (this != &other) {
        if (raw_ != nullptr) {
            xmpp_stanza_release(raw_);
        }
        raw_ = other.raw_;
        other.raw_ = nullptr;
    }
    return *this;
}

Stanza::~Stanza() {
    if (raw_ != nullptr) {
        xmpp_stanza_release(raw_);
    }
}

std::string_view Stanza::name() const {
    return raw_ == nullptr ? std::string_view{} : view(xmpp_stanza_get_name(raw_));
}

std::string_view Stanza::ns() const {
    return raw_ == nullptr ? std::string_view{} : view(xmpp_stanza_get_ns(raw_));
}

std::string_view Stanza::attr(const char* key) const {
    if (raw_ == nullptr || !xmpp_stanza_is_tag(raw_)) {
        return {};
    }
    return view(xmpp_stanza_get_attribute(raw_, key));
}

bool Stanza::has_attr(const char* key) const {
    return raw_ != nullptr && xmpp_stanza_is_tag(raw_) &&
           xmpp_stanza_get_attribute(raw_, key) != nullptr;
}

Stanza Stanza::child(std::string_view name, std::string_view ns) const {
    if (raw_ == nullptr) {
        return {};
    }
    for (xmpp_stanza_t* c = xmpp_stanza_get_children(raw_); c != nullptr;
         c = xmpp_stanza_get_next(c)) {
        if (!xmpp_stanza_is_tag(c) || view(xmpp_stanza_get_name(c)) != name) {
            continue;
        }
        if (ns.empty() || view(xmpp_stanza_get_ns(c)) == ns) {
            return borrow(c);
        }
    }
    return {};
}

Stanza Stanza::child_in(std::string_view ns) const {
    if (raw_ == nullptr) {
        return {};
    }
    for (xmpp_stanza_t* c = xmpp_stanza_get_children(raw_); c != nullptr;
         c = xmpp_stanza_get_next(c)) {
        if (xmpp_stanza_is_tag(c) && view(xmpp_stanza_get_ns(c)) == ns) {
            return borrow(c);
        }
    }
    return {};
}

std::vector<Stanza> Stanza::children() const {
    std::vector<Stanza> out;
    if (raw_ == nullptr) {
        return out;
    }
    for (xmpp_stanza_t* c = xmpp_stanza_get_children(raw_); c != nullptr;
         c = xmpp_stanza_get_next(c)) {
        if (xmpp_stanza_is_tag(c)) {
            out.push_back(borrow(c));
        }
    }
    return out;
}

std::string Stanza::text() const {
    std::string out;
    if (raw_ == nullptr) {
        return out;
    }
    for (xmpp_stanza_t* c = xmpp_stanza_get_children(raw_); c != nullptr;
         c = xmpp_stanza_get_next(c)) {
        if (xmpp_stanza_is_text(c)) {
            out += view(xmpp_stanza_get_text_ptr(c));
        }
    }
    return out;
}

std::string Stanza::to_string() const {
    if (raw_ == nullptr) {
        return {};
    }
    std::string out;
    out.reserve(256);
    render(raw_, out);
    return out;
}

Stanza& Stanza::set_attr(const char* key, std::string_view value) {
    xmpp_stanza_set_attribute(raw_, key, z(value).c_str());
    return *this;
}

Stanza& Stanza::add(const Stanza& child) {
    if (child) {
        xmpp_stanza_add_child(raw_, child.raw_);
    }
    return *this;
}

Stanza& Stanza::add_text(std::string_view text) {
    xmpp_stanza_t* node = xmpp_stanza_new(xmpp_stanza_get_context(raw_));
    xmpp_stanza_set_text_with_size(node, text.data(), text.size());
    xmpp_stanza_add_child_ex(raw_, node, 0);  // the parent takes our reference
    return *this;
}

Stanza element(const Context& ctx, std::string_view name, std::string_view ns) {
    Stanza s = Stanza::adopt(xmpp_stanza_new(ctx.get()));
    xmpp_stanza_set_name(s.get(), z(name).c_str());
    if (!ns.empty()) {
        xmpp_stanza_set_ns(s.get(), z(ns).c_str());
    }
    return s;
}

Stanza text_element(const Context& ctx, std::string_view name, std::string_view text) {
    Stanza s = element(ctx, name);
    s.add_text(text);
    return s;
}

Stanza parse(const Context& ctx, std::string_view xml) {
    return Stanza::adopt(xmpp_stanza_new_from_string(ctx.get(), z(xml).c_str()));
}

}  // namespace xmpp
