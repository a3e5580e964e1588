#include "component/state_codec.hpp"

#include <cstdint>
#include <cstring>

namespace component {
namespace {

// Version 2 added Conversation::notified_many, version 3 Conversation::visitor_id, version 4
// Conversation::handed_over, version 5 left the backlog out (it is rows of the transcript);
// older rows still load (flags false, no visitor id, the backlog from the blob).
constexpr std::uint8_t kVersion = 6;

// Little helpers that append fixed-width integers and length-prefixed strings.
class Writer {
  public:
    void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
    void u64(std::uint64_t v) {
        for (int i = 0; i < 8; ++i) {
            out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
        }
    }
    void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
    void time(routing::Time t) {
        i64(std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count());
    }
    void opt_time(const std::optional<routing::Time>& t) {
        u8(t ? 1 : 0);
        if (t) {
            time(*t);
        }
    }
    void str(std::string_view s) {
        u64(s.size());
        out_.append(s);
    }
    std::string take() { return std::move(out_); }

  private:
    std::string out_;
};

class Reader {
  public:
    explicit Reader(std::string_view in) : in_(in) {}
    bool ok() const { return ok_; }
    bool done() const { return ok_ && pos_ == in_.size(); }

    std::uint8_t u8() {
        if (!need(1)) {
            return 0;
        }
        return static_cast<std::uint8_t>(in_[pos_++]);
    }
    std::uint64_t u64() {
        if (!need(8)) {
            return 0;
        }
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i) {
            v |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(in_[pos_++])) << (8 * i);
        }
        return v;
    }
    std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
    routing::Time time() { return routing::Time{} + std::chrono::milliseconds{i64()}; }
    std::optional<routing::Time> opt_time() {
        if (u8() == 0) {
            return std::nullopt;
        }
        return time();
    }
    std::string str() {
        const std::uint64_t n = u64();
        if (!need(n)) {
            return {};
        }
        std::string s(in_.substr(pos_, n));
        pos_ += n;
        return s;
    }
    /// A count of following items, each at least `min_item` bytes long.
    std::size_t count(std::size_t min_item) {
        const std::uint64_t n = u64();
        if (ok_ && n > (in_.size() - pos_) / std::max<std::size_t>(min_item, 1)) {
            ok_ = false;
        }
        return ok_ ? static_cast<std::size_t>(n) : 0;
    }

  private:
    bool need(std::uint64_t n) {
        if (!ok_ || n > in_.size() - pos_) {
            ok_ = false;
        }
        return ok_;
    }
    std::string_view in_;
    std::size_t pos_ = 0;
    bool ok_ = true;
};

void put_ids(Writer& w, const std::vector<routing::AgentId>& ids) {
    w.u64(ids.size());
    for (auto id : ids) {
        w.u64(id);
    }
}

std::vector<routing::AgentId> get_ids(Reader& r) {
    std::vector<routing::AgentId> ids(r.count(8));
    for (auto& id : ids) {
        id = static_cast<routing::AgentId>(r.u64());
    }
    return ids;
}

// The layout of ChatAddresses (its own version: it changes apart from the conversation's).
constexpr std::uint8_t kAddressesVersion = 1;

}  // namespace

std::string encode(const ChatAddresses& a) {
    Writer w;
    w.u8(kAddressesVersion);
    w.str(a.visitor_full);
    w.u8((a.widget ? 1 : 0) | (a.muc ? 2 : 0));
    w.str(a.nick);
    w.str(a.agent_shown);
    w.str(a.room);
    return w.take();
}

std::optional<ChatAddresses> decode_addresses(std::string_view bytes) {
    Reader r(bytes);
    if (r.u8() != kAddressesVersion) {
        return std::nullopt;
    }
    ChatAddresses a;
    a.visitor_full = r.str();
    const std::uint8_t flags = r.u8();
    if (flags > 3) {
        return std::nullopt;
    }
    a.widget = (flags & 1) != 0;
    a.muc = (flags & 2) != 0;
    a.nick = r.str();
    a.agent_shown = r.str();
    a.room = r.str();
    if (!r.done()) {
        return std::nullopt;
    }
    return a;
}

std::string encode(const routing::Conversation& c) {
    Writer w;
    w.u8(kVersion);
    w.u64(c.id);
    w.str(c.visitor);
    w.str(c.visitor_name);
    w.str(c.language);
    w.str(c.first_message);
    w.u8(static_cast<std::uint8_t>(c.state));
    w.u8(c.agent ? 1 : 0);
    w.u64(c.agent.value_or(0));
    w.u64(c.skills.size());
    for (const auto& s : c.skills) {
        w.str(s);
    }
    put_ids(w, c.timed_out);
    put_ids(w, c.notified);
    w.time(c.created_at);
    w.time(c.queued_at);
    w.opt_time(c.deadline);
    w.opt_time(c.visitor_gone);
    w.u8(c.visitor_online ? 1 : 0);
    w.i64(c.queue_order);
    w.u64(c.told_position);
    w.time(c.told_position_at);
    w.u8(c.notified_many ? 1 : 0);
    w.str(c.visitor_id);
    w.u8(c.handed_over ? 1 : 0);
    w.i64(c.priority);
    w.u64(c.relaxed.size());
    for (const auto& r : c.relaxed) {
        w.str(r.skill);
        w.time(r.at);
    }
    w.str(c.via);
    return w.take();
}

std::optional<routing::Conversation> decode_conversation(std::string_view bytes) {
    Reader r(bytes);
    const std::uint8_t version = r.u8();
    if (version < 1 || version > kVersion) {
        return std::nullopt;
    }
    routing::Conversation c;
    c.id = r.u64();
    c.visitor = r.str();
    c.visitor_name = r.str();
    c.language = r.str();
    c.first_message = r.str();
    const auto state = r.u8();
    if (state > static_cast<std::uint8_t>(routing::ConversationState::assigned)) {
        return std::nullopt;
    }
    c.state = static_cast<routing::ConversationState>(state);
    const bool has_agent = r.u8() != 0;
    const auto agent = static_cast<routing::AgentId>(r.u64());
    if (has_agent) {
        c.agent = agent;
    }
    c.skills.resize(r.count(8));
    for (auto& s : c.skills) {
        s = r.str();
    }
    if (version < 5) {  // since 5 the backlog is rows of the transcript, not in here
        c.backlog.resize(r.count(16));
        for (auto& line : c.backlog) {
            line.at = r.time();
            line.body = r.str();
        }
    }
    c.timed_out = get_ids(r);
    c.notified = get_ids(r);
    c.created_at = r.time();
    c.queued_at = r.time();
    c.deadline = r.opt_time();
    c.visitor_gone = r.opt_time();
    c.visitor_online = r.u8() != 0;
    c.queue_order = r.i64();
    c.told_position = static_cast<std::uint32_t>(r.u64());
    c.told_position_at = r.time();
    if (version >= 2) {
        c.notified_many = r.u8() != 0;
    }
    if (version >= 3) {
        c.visitor_id = r.str();
    }
    if (version >= 4) {
        c.handed_over = r.u8() != 0;
    }
    if (version >= 6) {
        const std::int64_t priority = r.i64();
        if (priority < routing::kMinChatPriority || priority > routing::kMaxChatPriority) {
            return std::nullopt;
        }
        c.priority = static_cast<int>(priority);
        c.relaxed.resize(r.count(16));
        for (auto& relaxed : c.relaxed) {
            relaxed.skill = r.str();
            relaxed.at = r.time();
        }
        c.via = r.str();
    }
    if (!r.done()) {
        return std::nullopt;
    }
    return c;
}

std::string encode(const routing::AgentStatus& a) {
    Writer w;
    w.u8(kVersion);
    w.u64(a.id);
    w.u8(static_cast<std::uint8_t>(a.presence));
    w.u8(a.paused ? 1 : 0);
    w.u64(a.chats.size());
    for (auto id : a.chats) {
        w.u64(id);
    }
    w.i64(a.daily_count);
    w.i64(a.day);
    w.time(a.idle_since);
    w.opt_time(a.offline_deadline);
    w.u64(a.resources.size());
    for (const auto& [resource, presence] : a.resources) {
        w.str(resource);
        w.u8(static_cast<std::uint8_t>(presence));
    }
    return w.take();
}

std::optional<routing::AgentStatus> decode_agent(std::string_view bytes) {
    Reader r(bytes);
    const std::uint8_t version = r.u8();
    if (version < 1 || version > kVersion) {  // agents' layout is the same in all
        return std::nullopt;
    }
    routing::AgentStatus a;
    a.id = static_cast<routing::AgentId>(r.u64());
    const auto presence = r.u8();
    if (presence > static_cast<std::uint8_t>(routing::Presence::dnd)) {
        return std::nullopt;
    }
    a.presence = static_cast<routing::Presence>(presence);
    a.paused = r.u8() != 0;
    a.chats.resize(r.count(8));
    for (auto& id : a.chats) {
        id = r.u64();
    }
    a.daily_count = static_cast<int>(r.i64());
    a.day = r.i64();
    a.idle_since = r.time();
    a.offline_deadline = r.opt_time();
    a.resources.resize(r.count(9));
    for (auto& [resource, p] : a.resources) {
        resource = r.str();
        const auto v = r.u8();
        if (v > static_cast<std::uint8_t>(routing::Presence::dnd)) {
            return std::nullopt;
        }
        p = static_cast<routing::Presence>(v);
    }
    if (!r.done()) {
        return std::nullopt;
    }
    return a;
}

}  // namespace component
