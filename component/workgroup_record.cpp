#include "component/workgroup_record.hpp"

#include <variant>

namespace component {
namespace {

// The sender of a line whose conversation ended in the same event (never looked up again).
const std::string kUnknownVisitor = "visitor";

}  // namespace

void WorkgroupRecord::forget_failure() {
    failed_ = false;
    error_.clear();
    header_.reset();  // the rolled-back turn may have written them
}

std::optional<StoredWorkgroup> WorkgroupRecord::load(
    const routing::WorkgroupSettings& settings) const {
    return store_ == nullptr ? std::nullopt : store_->load(settings);
}

void WorkgroupRecord::write_all(const routing::Workgroup& workgroup,
                                const PresenceAudience& audience) {
    if (store_ == nullptr) {
        return;
    }
    const auto& subscribers = audience.subscribers();
    store_->save_all(workgroup.settings(), workgroup.snapshot(),
                     std::vector<std::string>(subscribers.begin(), subscribers.end()),
                     audience.directed());
    header_ = workgroup.header();
}

void WorkgroupRecord::write_changes(const routing::Workgroup& workgroup,
                                    const routing::Effects& effects, const routing::Now& now) {
    save([&](Store& store) {
        // Exactly what the core says it changed: nothing guessed from events or effects.
        const routing::Changes& changes = workgroup.changes();
        const routing::WorkgroupSettings& settings = workgroup.settings();
        const std::string& wg = workgroup_;
        // The lines first: a hand-over saved below releases this event's backlog rows too.
        for (const auto& line : changes.said) {
            const routing::Conversation* c = workgroup.conversation(line.conversation);
            const std::string& sender = line.agent     ? settings.agents[*line.agent].jid
                                        : c != nullptr ? c->visitor
                                                       : kUnknownVisitor;
            store.append_line(wg, line.conversation, now.at, sender, line.body, line.kept);
        }
        for (auto id : changes.conversations) {
            const routing::Conversation* c = workgroup.conversation(id);
            if (c != nullptr) {
                store.save_conversation(wg, *c);
            } else {
                store.forget_conversation(wg, id);
            }
            if (c == nullptr || c->backlog.empty()) {
                store.release_backlog(wg, id);
            }
        }
        for (auto agent : changes.agents) {
            store.save_agent(wg, workgroup.agent(agent));
        }
        for (const auto& [visitor, agent] : changes.sticky) {
            store.save_sticky(wg, visitor, agent);
        }
        routing::WorkgroupState header = workgroup.header();
        if (!header_ || !(*header_ == header)) {
            store.save_header(wg, header);
            header_ = std::move(header);
        }
        // How it ended, for the transcript.
        for (const auto& effect : effects) {
            if (const auto* closed = std::get_if<routing::Closed>(&effect)) {
                const std::string agent_jid =
                    closed->agent ? settings.agents[*closed->agent].jid : std::string{};
                store.close_transcript(wg, *closed, agent_jid, now.at);
            }
        }
    });
}

void WorkgroupRecord::subscriber(const std::string& bare, bool subscribed) {
    save([&](Store& store) { store.save_subscriber(workgroup_, bare, subscribed); });
}

void WorkgroupRecord::directed(const std::string& full, bool present) {
    save([&](Store& store) { store.save_directed(workgroup_, full, present); });
}

void WorkgroupRecord::addresses(routing::ConversationId id, const ChatAddresses& addresses) {
    save([&](Store& store) { store.save_addresses(workgroup_, id, addresses); });
}

TranscriptExcerpt WorkgroupRecord::transcript(routing::ConversationId id, std::size_t max_lines,
                                              std::size_t max_bytes) const {
    return store_ == nullptr ? TranscriptExcerpt{}
                             : store_->transcript_excerpt(workgroup_, id, max_lines, max_bytes);
}

}  // namespace component
