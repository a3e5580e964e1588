#pragma once
// RAII handle over a libstrophe stanza (xmpp_stanza_t), with read accessors and a small
// fluent builder. Every reference libstrophe hands out is released exactly once, here.

#include <strophe.h>

#include <string>
#include <string_view>
#include <vector>

namespace xmpp {

class Context;

/// A reference-counted stanza or element; empty when default-constructed.
class Stanza {
  public:
    Stanza() = default;
    /// Takes over a reference the caller owns (e.g. from xmpp_stanza_new).
    static Stanza adopt(xmpp_stanza_t* raw) { return Stanza(raw); }
    /// Adds a reference to a stanza owned elsewhere (e.g. the one a handler receives).
    static Stanza borrow(xmpp_stanza_t* raw);

    Stanza(const Stanza& other);
    Stanza& operator=(const Stanza& other);
    Stanza(Stanza&& other) noexcept : raw_(other.raw_) { other.raw_ = nullptr; }
    Stanza& operator=(Stanza&& other) noexcept;
    ~Stanza();

    explicit operator bool() const { return raw_ != nullptr; }
    /// The raw pointer, for the wrappers in xmpp/ only.
    xmpp_stanza_t* get() const { return raw_; }

    /// Element name ("message", "iq", ...); empty for an empty handle or a text node.
    std::string_view name() const;
    /// The element's xmlns, or empty.
    std::string_view ns() const;
    /// An attribute's value, or empty when absent.
    std::string_view attr(const char* key) const;
    bool has_attr(const char* key) const;
    std::string_view type() const { return attr("type"); }
    std::string_view id() const { return attr("id"); }
    std::string_view from() const { return attr("from"); }
    std::string_view to() const { return attr("to"); }

    /// The first child element with this name (and namespace, when given), or empty.
    Stanza child(std::string_view name, std::string_view ns = {}) const;
    /// The first child element in this namespace, whatever its name, or empty.
    Stanza child_in(std::string_view ns) const;
    /// All child elements (text nodes left out).
    std::vector<Stanza> children() const;
    /// The concatenated text of the direct text children.
    std::string text() const;
    /// The XML serialisation, for logs and tests.
    std::string to_string() const;

    /// Sets (or replaces) an attribute; returns *this for chaining.
    Stanza& set_attr(const char* key, std::string_view value);
    /// Appends a child element (shares it, no deep copy).
    Stanza& add(const Stanza& child);
    /// Appends a text node.
    Stanza& add_text(std::string_view text);

  private:
    explicit Stanza(xmpp_stanza_t* raw) : raw_(raw) {}
    xmpp_stanza_t* raw_ = nullptr;
};

/// A new element `<name xmlns='ns'/>`.
Stanza element(const Context& ctx, std::string_view name, std::string_view ns = {});
/// A new element holding one text child: `<name>text</name>`.
Stanza text_element(const Context& ctx, std::string_view name, std::string_view text);
/// Parses one XML element; empty on malformed input.
Stanza parse(const Context& ctx, std::string_view xml);

}  // namespace xmpp
