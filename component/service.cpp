#include "component/service.hpp"

#include <cstdlib>
#include <iterator>

#include <spdlog/spdlog.h>

#include <algorithm>

#include "component/courtesy.hpp"
#include "config/config.hpp"
#include "xmpp/builders.hpp"
#include "xmpp/jid.hpp"
#include "xmpp/namespaces.hpp"

namespace component {
namespace {

using xmpp::ErrorType;
using xmpp::Stanza;

Directory directory_of(const config::Config& config) {
    Directory d;
    d.domain = config.server.domain;
    for (const auto& wg : config.workgroups) {
        d.workgroups.push_back(wg.name);
    }
    return d;
}

}  // namespace

Service::Service(const xmpp::Context& ctx, const config::Config& config, Send send,
                 std::uint64_t seed, const Instant& started, Metrics* metrics,
                 std::unique_ptr<SqlDatabase> database)
    : ctx_(ctx),
      directory_(directory_of(config)),
      clock_(config.timezone),
      send_(std::move(send)),
      queue_send_([this](const Stanza& s) { outbox_.push_back(s); }),
      store_(database ? std::make_unique<Store>(std::move(database))
                      : std::make_unique<Store>(config.storage.path)),
      rate_(config.limits.messages_per_second, config.limits.burst),
      presence_rate_(config.limits.messages_per_second, config.limits.burst),
      conversations_per_visitor_(config.limits.conversations_per_visitor),
      metrics_(metrics) {
    for (const auto& settings : config.workgroups) {
        desks_.push_back(make_desk(settings, seed++));
        if (metrics_ != nullptr) {
            desks_.back()->set_metrics(&metrics_->workgroup(settings.name));
        }
        desks_.back()->restore(clock_.at(started.wall));
    }
    next_seed_ = seed;
    store_->commit();
}

void Service::flush() {
    std::string failure;
    for (const auto& d : desks_) {
        if (d->write_failed()) {
            failure = d->write_error();
        }
    }
    if (failure.empty() && syncer_) {
        release_synced(false);
        if (!syncing_.empty()) {
            // The disk is still syncing an earlier commit: this turn joins the next one,
            // made when that sync is done (one commit and one sync for all the turns
            // handled meanwhile). Its stanzas wait in the outbox; on a failure it is
            // rolled back with them.
            return;
        }
    }
    bool committed = false;
    if (failure.empty()) {
        try {
            const auto start = std::chrono::steady_clock::now();
            committed = store_->commit();
            if (committed && metrics_ != nullptr) {
                metrics_->commit_took(
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
                        .count());
            }
        } catch (const std::exception& e) {
            failure = e.what();
        }
    }
    if (!failure.empty()) {
        refuse_turn(failure);
        return;
    }
    if (storage_failing_) {
        spdlog::warn("storage works again; serving normally");
        storage_failing_ = false;
    }
    turn_inputs_.clear();
    if (committed) {
        if (syncer_) {
            syncing_.push_back(Syncing{syncer_->request(), {}});  // the outbox joins it
        } else {
            durable_or_stop([&] { store_->sync(); });
        }
    }
    send_outbox();
}

void Service::finish_sending() {
    release_synced(true);
    flush();
}

void Service::sync_in_background() {
    syncer_ = std::make_unique<WalSyncer>([store = store_.get()] { store->sync(); });
}

void Service::release_synced(bool wait) {
    while (!syncing_.empty()) {
        const std::uint64_t ticket = syncing_.front().ticket;
        bool done = false;
        durable_or_stop([&] {
            if (wait) {
                syncer_->wait(ticket);
            }
            done = syncer_->done(ticket);
        });
        if (!done) {
            return;
        }
        std::vector<Stanza> out = std::move(syncing_.front().stanzas);
        syncing_.pop_front();
        for (const auto& s : out) {
            send_(s);
        }
    }
}

void Service::durable_or_stop(const std::function<void()>& sync) {
    try {
        sync();
    } catch (const std::exception& e) {
        // A failed fsync cannot be retried (Linux drops the pages it could not write), and
        // what the turns announce must not leave unless it is on disk: stop without it,
        // and let the supervisor start again from what the disk holds.
        spdlog::critical("{}: stopping without sending what was not made durable", e.what());
        spdlog::shutdown();
        std::_Exit(1);
    }
}

void Service::send_outbox() {
    if (!syncing_.empty()) {
        // Behind the turns still being synced, in order.
        auto& tail = syncing_.back().stanzas;
        tail.insert(tail.end(), std::make_move_iterator(outbox_.begin()),
                    std::make_move_iterator(outbox_.end()));
        outbox_.clear();
        return;
    }
    std::vector<Stanza> out;
    out.swap(outbox_);
    for (const auto& s : out) {
        send_(s);
    }
}

bool Service::is_agent(const std::string& bare) const {
    return std::any_of(desks_.begin(), desks_.end(),
                       [&](const auto& d) { return d->is_agent(bare); });
}

void Service::refuse_turn(const std::string& why) {
    // PRODUCT.md, "Durability promise": nothing is announced that is not on disk. So the
    // turn is undone, in the database and in memory, and whoever asked gets "try again".
    try {
        store_->rollback();
    } catch (const std::exception& e) {
        spdlog::debug("rollback: {}", e.what());
    }
    if (!storage_failing_) {
        spdlog::error(
            "could not save state ({}): nothing of it was sent; answering with \"try again\" "
            "until storage works again",
            why);
        storage_failing_ = true;
    }
    outbox_.clear();
    for (auto& d : desks_) {
        d->roll_back();
    }
    for (const auto& in : turn_inputs_) {
        answer_try_again(in);
    }
    turn_inputs_.clear();
    send_outbox();  // presence requests to agents and the "try again" answers: no state
}

void Service::answer_try_again(const Stanza& in) {
    const auto from = xmpp::Jid::parse(in.from());
    const auto type = in.type();
    if (!from || type == "error" || type == "result") {
        return;
    }
    if (in.name() == "iq" && (type == "get" || type == "set")) {
        queue_send_(xmpp::error_reply(ctx_, in, ErrorType::wait, "resource-constraint",
                                      "Please try again in a moment."));
        return;
    }
    if (in.name() != "message" || type == "headline" || !in.child("body")) {
        return;  // presence and chat states need no answer
    }
    const std::string bare = from->bare();
    if (is_agent(bare)) {
        queue_send_(xmpp::message(ctx_, in.to(), bare, "chat",
                                  "Sorry, that did not go through. Please try again in a "
                                  "moment."));
        return;
    }
    queue_send_(xmpp::error_reply(ctx_, in, ErrorType::wait, "resource-constraint",
                                  "Sorry, we could not take your message just now. Please send "
                                  "it again in a moment."));
}

void Service::shutdown() {
    for (auto& d : desks_) {
        d->announce_closed();
    }
    drain();
}

void Service::drain() {
    flush();
    while (!syncing_.empty()) {
        finish_sending();
    }
}

Desk* Service::desk(const std::string& name) {
    for (auto& d : desks_) {
        if (d->name() == name) {
            return d.get();
        }
    }
    return nullptr;
}

void Service::on_online(const Instant& now) {
    spdlog::info("serving {} workgroup(s) on {}", desks_.size(), directory_.domain);
    for (auto& d : desks_) {
        d->on_online(clock_.at(now.wall));
    }
    tick(now);
}

void Service::tick(const Instant& now) {
    const routing::Now local = clock_.at(now.wall);
    for (auto& d : desks_) {
        try {
            d->tick(local);
        } catch (const std::exception& e) {
            spdlog::error("{}: a timer failed: {}", d->jid(), e.what());
        }
    }
    run_overflows(local);
    for (auto& d : desks_) {
        d->flush_presence(now.steady, kPresenceInterval);
    }
    flush();
    if (metrics_ != nullptr) {
        for (const auto& d : desks_) {
            d->update_metrics();
        }
    }
}

void Service::handle(const Stanza& stanza, const Instant& now) {
    turn_inputs_.push_back(stanza);
    const auto name = stanza.name();
    if (name == "iq") {
        handle_iq(stanza, now);
    } else if (name == "message") {
        handle_message(stanza, now);
    } else if (name == "presence") {
        handle_presence(stanza, now);
    } else {
        spdlog::debug("ignored a <{}> element on the component stream", name);
    }
    if (!overflows_.empty()) {
        run_overflows(clock_.at(now.wall));  // rare: no local time to work out otherwise
    }
}

void Service::handle_iq(const Stanza& iq, const Instant& now) {
    const auto type = iq.type();
    if (type == "result" || type == "error") {
        // Never answered (RFC 6120 8.2.3). To a workgroup JID: the answer to its ping of a
        // visitor.
        const auto to = xmpp::Jid::parse(iq.to());
        const Address address = to ? directory_.resolve(*to) : Address{};
        if (address.kind == Address::Kind::workgroup && to->resource.empty()) {
            desk(address.workgroup)->on_iq_answer(iq, clock_.at(now.wall));
        } else if (address.kind == Address::Kind::conversation &&
                   desk(address.workgroup)->holds_room(iq.from())) {
            desk(address.workgroup)
                ->on_room_stanza(iq, address.conversation,
                                 clock_.at(now.wall));  // its room's answer
        }
        return;
    }
    if (type != "get" && type != "set") {
        return;
    }
    const auto from = xmpp::Jid::parse(iq.from());
    if (!from) {
        return;  // no address to answer to (the server always stamps a valid one)
    }
    const auto to = xmpp::Jid::parse(iq.to());
    if (!to || to->domain != directory_.domain) {
        queue_send_(xmpp::error_reply(ctx_, iq, ErrorType::modify, "jid-malformed",
                                      "That is not an address of this service."));
        return;
    }
    const Address address = directory_.resolve(*to);
    if (address.kind == Address::Kind::unknown) {
        queue_send_(xmpp::error_reply(ctx_, iq, ErrorType::cancel, "service-unavailable",
                                      "Nobody has that address here."));
        return;
    }
    const bool to_workgroup = address.kind == Address::Kind::workgroup;
    if (to_workgroup && to->resource.empty()) {
        desk(address.workgroup)->heard_from(from->full(), clock_.at(now.wall));  // a widget's ping
    }
    if (iq.children().size() != 1) {
        queue_send_(xmpp::error_reply(ctx_, iq, ErrorType::modify, "bad-request",
                                      "An iq request carries exactly one query."));
        return;
    }
    if (to_workgroup) {
        // XEP-0050 commands of a workgroup.
        const Stanza payload = iq.children().front();
        if (!to->resource.empty() && type == "get" && payload.name() == "ping" &&
            payload.ns() == xmpp::ns::kPing) {
            desk(address.workgroup)->on_room_ping(iq);  // XEP-0410: still in the room?
            return;
        }
        if (type == "set" && payload.name() == "command" && payload.ns() == xmpp::ns::kCommands) {
            desk(address.workgroup)->on_adhoc(iq, clock_.at(now.wall));
            return;
        }
        if (type == "get" && payload.ns() == xmpp::ns::kDiscoItems &&
            payload.attr("node") == xmpp::ns::kCommands) {
            desk(address.workgroup)->on_commands_items(iq);
            return;
        }
    }
    if (Stanza reply = answer_courtesy_iq(ctx_, directory_, *to, iq)) {
        queue_send_(reply);
        return;
    }
    queue_send_(xmpp::error_reply(ctx_, iq, ErrorType::cancel, "service-unavailable",
                                  "This address does not answer that request."));
}

void Service::handle_message(const Stanza& message, const Instant& now) {
    const auto to = xmpp::Jid::parse(message.to());
    const Address address = to ? directory_.resolve(*to) : Address{};
    if (address.kind == Address::Kind::workgroup || address.kind == Address::Kind::conversation) {
        std::optional<routing::ConversationId> conversation;
        if (address.kind == Address::Kind::conversation) {
            conversation = address.conversation;
        }
        Desk& d = *desk(address.workgroup);
        if (conversation && d.holds_room(message.from())) {
            d.on_room_stanza(message, *conversation, clock_.at(now.wall));  // from its room
            return;
        }
        // A visitor whose chat overflowed writes on to this JID: the chat is another desk's.
        const auto from = xmpp::Jid::parse(message.from());
        Desk& holder = conversation || !from ? d : holder_of(d, from->bare());
        if (within_limits(message, holder, now)) {
            holder.on_message(message, conversation, clock_.at(now.wall));
        }
        return;  // errors too: the desk learns from a bounce, and never answers it
    }
    if (message.type() == "headline" || message.type() == "error") {
        return;  // never answer an error
    }
    queue_send_(xmpp::error_reply(ctx_, message, ErrorType::cancel, "service-unavailable",
                                  "Nobody here reads messages sent to this address."));
}

bool Service::within_limits(const Stanza& message, Desk& target, const Instant& now) {
    const auto from = xmpp::Jid::parse(message.from());
    if (!from || message.type() == "error" || !message.child("body")) {
        return true;  // the desk answers bad addresses; chat states cost nothing
    }
    const std::string bare = from->bare();
    if (is_agent(bare)) {
        return true;  // agents are trusted
    }
    if (!rate_.allow(bare, now.steady)) {
        spdlog::info("{}: refused a message from {}: too fast", target.jid(), bare);
        queue_send_(xmpp::error_reply(ctx_, message, ErrorType::wait, "policy-violation",
                                      "You are sending messages too fast. Please wait a "
                                      "moment and try again."));
        return false;
    }
    if (!target.has_conversation(bare)) {
        int open = 0;
        for (const auto& d : desks_) {
            open += d->has_conversation(bare) ? 1 : 0;
        }
        if (open >= conversations_per_visitor_) {
            spdlog::info("{}: refused a new chat from {}: {} already open", target.jid(), bare,
                         open);
            queue_send_(xmpp::error_reply(ctx_, message, ErrorType::wait, "policy-violation",
                                          "You have too many chats open. Please finish one "
                                          "first."));
            return false;
        }
    }
    return true;
}

bool Service::presence_within_limits(const Stanza& presence, const Instant& now) {
    const auto from = xmpp::Jid::parse(presence.from());
    if (!from || is_agent(from->bare())) {
        return true;  // the desk ignores bad addresses; agents are trusted
    }
    if (!presence_rate_.allow(from->bare(), now.steady)) {
        spdlog::debug("ignored a presence from {}: too fast", from->full());
        return false;
    }
    return true;
}

void Service::handle_presence(const Stanza& presence, const Instant& at) {
    const auto to = xmpp::Jid::parse(presence.to());
    const Address address = to ? directory_.resolve(*to) : Address{};
    const routing::Now now = clock_.at(at.wall);
    const auto type = presence.type();
    if (address.kind == Address::Kind::workgroup) {
        if (type != "error" && !presence_within_limits(presence, at)) {
            return;  // ignored: an answer to each would be the flood (a bounce always counts)
        }
        Desk& addressed = *desk(address.workgroup);
        addressed.on_presence(presence, now);
        // The widget's presence is the addressed workgroup's audience; its chat may be
        // another's, where it overflowed.
        const auto from = xmpp::Jid::parse(presence.from());
        if (from && (type.empty() || type == "unavailable")) {
            if (Desk& holder = holder_of(addressed, from->bare()); &holder != &addressed) {
                holder.visitor_presence(from->bare(), from->full(), type.empty(), now);
            }
        }
        return;
    }
    if (address.kind == Address::Kind::conversation &&
        desk(address.workgroup)->holds_room(presence.from())) {
        desk(address.workgroup)->on_room_stanza(presence, address.conversation, now);
        return;  // from the conversation's room
    }
    if (address.kind == Address::Kind::conversation) {
        if (type == "error" || (type == "probe" && presence_within_limits(presence, at))) {
            desk(address.workgroup)->on_conversation_presence(presence, address.conversation);
        }
        return;
    }
    if (address.kind == Address::Kind::domain && (type.empty() || type == "unavailable")) {
        // Directed presence to the bare domain: counts for every workgroup of the agent.
        const auto from = xmpp::Jid::parse(presence.from());
        for (auto& d : desks_) {
            if (from && d->is_agent(from->bare())) {
                d->on_agent_presence(presence, now);
            }
        }
        return;
    }
    const auto from = xmpp::Jid::parse(presence.from());
    if (address.kind == Address::Kind::unknown && from &&
        (type == "subscribe" || type == "probe")) {
        // RFC 6121 3.1.3 / 4.3: nobody by that address here.
        queue_send_(xmpp::presence(ctx_, presence.to(), from->bare(), "unsubscribed"));
    }
}

}  // namespace component
