// Desk: the conversation so far, handed to the agent who gets a chat (take, next, an
// offer, a transfer, back from the queue) or who asks for it again (`history`).

#include <spdlog/spdlog.h>

#include "component/desk.hpp"
#include "routing/texts.hpp"
#include "xmpp/builders.hpp"

namespace component {

void Desk::send_history(routing::ConversationId id, routing::AgentId agent,
                        const std::string& visitor,
                        const std::vector<routing::BacklogLine>& backlog, bool from_transcript) {
    const auto send_line = [&](std::string_view body, routing::Time at) {
        xmpp::Stanza m = message_to_agent(id, agent, body);
        send_(m.add(xmpp::delay(ctx_, jid_, at)));
    };
    TranscriptExcerpt excerpt;
    if (from_transcript && record_.enabled()) {
        try {
            // Both sides, as the transcript recorded them: bounded like a backlog, so that
            // a chat of 10,000 lines does not flood the agent's client.
            excerpt = record_.transcript(id, routing::kBacklogLimit, routing::kBacklogBytes);
        } catch (const std::exception& error) {
            spdlog::error(
                "{}.{}: could not read the transcript ({}); handing over the recent "
                "lines",
                name(), id, error.what());
        }
    }
    if (excerpt.lines.empty()) {
        // A first hand-over (the backlog is all the visitor wrote), or nothing stored.
        for (const auto& line : backlog) {
            send_line(line.body, line.at);
        }
        return;
    }
    const auto& agents = workgroup_->settings().agents;
    for (std::size_t i = 0; i < excerpt.lines.size(); ++i) {
        const TranscriptLine& line = excerpt.lines[i];
        if (i == excerpt.gap_at && excerpt.left_out > 0) {
            // Stamped as the line after the gap, so clients that sort by time keep it there.
            send_line(routing::texts::lines_left_out(excerpt.left_out), line.at);
        }
        if (line.sender == visitor) {
            send_line(line.body, line.at);
            continue;
        }
        const auto who = workgroup_->find_agent(line.sender);
        send_line(routing::texts::agent_line(
                      who ? std::string_view(agents[*who].name) : std::string_view(line.sender),
                      line.body),
                  line.at);
    }
}

}  // namespace component
