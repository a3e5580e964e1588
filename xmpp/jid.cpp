#include "xmpp/jid.hpp"

#include <algorithm>
#include <cctype>

namespace xmpp {
namespace {

constexpr std::size_t kMaxPart = 1023;

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool has_control_or_space(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7f; });
}

}  // namespace

bool valid_local(std::string_view local) {
    if (local.empty() || local.size() > kMaxPart || has_control_or_space(local)) {
        return false;
    }
    // RFC 7622 3.3.1: these are not allowed in a localpart.
    return local.find_first_of("\"&'/:<>@") == std::string_view::npos;
}

bool valid_domain(std::string_view domain) {
    if (domain.empty() || domain.size() > kMaxPart || has_control_or_space(domain)) {
        return false;
    }
    if (domain.front() == '.' || domain.back() == '.' ||
        domain.find("..") != std::string_view::npos) {
        return false;
    }
    return domain.find_first_of("\"&'/:<>@\\[]") == std::string_view::npos ||
           (domain.front() == '[' && domain.back() == ']');  // IPv6 literal
}

std::optional<Jid> Jid::parse(std::string_view text) {
    Jid jid;
    std::string_view rest = text;
    if (auto slash = rest.find('/'); slash != std::string_view::npos) {
        jid.resource = std::string(rest.substr(slash + 1));
        rest = rest.substr(0, slash);
        if (jid.resource.empty() || jid.resource.size() > kMaxPart) {
            return std::nullopt;
        }
        if (std::any_of(jid.resource.begin(), jid.resource.end(),
                        [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
            return std::nullopt;
        }
    }
    if (auto at = rest.find('@'); at != std::string_view::npos) {
        if (!valid_local(rest.substr(0, at))) {
            return std::nullopt;
        }
        jid.local = lower(rest.substr(0, at));
        rest = rest.substr(at + 1);
    }
    if (!valid_domain(rest)) {
        return std::nullopt;
    }
    jid.domain = lower(rest);
    return jid;
}

std::string Jid::bare() const {
    return local.empty() ? domain : local + "@" + domain;
}

std::string Jid::full() const {
    return resource.empty() ? bare() : bare() + "/" + resource;
}

}  // namespace xmpp
