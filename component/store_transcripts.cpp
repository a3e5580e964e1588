// Store: the transcript. Lines are appended in the order they were said, with no index by
// conversation: under load a commit holds lines of many conversations, and such an index
// would put each of them on a page of its own (a commit of 40 lines wrote 40 pages; now
// about 5). Where each open conversation's lines are is kept in memory instead, rebuilt at
// start from `open_transcripts` (the first line of each open conversation).

#include <algorithm>

#include "component/store.hpp"
#include "component/store_internal.hpp"

namespace component {
namespace {

const char* to_string(routing::CloseReason reason) {
    switch (reason) {
        case routing::CloseReason::agent:
            return "agent";
        case routing::CloseReason::queue_timeout:
            return "queue_timeout";
        case routing::CloseReason::visitor_left:
            return "visitor_left";
        case routing::CloseReason::retired:
            return "retired";
        case routing::CloseReason::overflowed:
            return "overflowed";
    }
    return "?";
}

}  // namespace

void Store::migrate_transcripts() {
    // Since state version 5 a waiting chat's backlog is its transcript rows marked
    // `backlog`: a line costs one appended row, not a rewritten conversation.
    bool present = false;
    auto& columns = prepare("PRAGMA table_info(transcript_lines)");
    while (columns.row()) {
        present = present || columns.col_text(1) == "backlog";
    }
    if (!present) {
        exec("ALTER TABLE transcript_lines ADD COLUMN backlog INTEGER NOT NULL DEFAULT 0");
    }
    exec(
        "CREATE INDEX IF NOT EXISTS backlog_lines ON transcript_lines (workgroup, conversation) "
        "WHERE backlog = 1");
    // A database from before open_transcripts: where its open conversations begin, from
    // the index by conversation it had, which then goes (every line paid for it).
    auto& old_index = prepare(
        "SELECT 1 FROM sqlite_master WHERE type = 'index' AND "
        "name = 'transcript_lines_by_conversation'");
    const bool had_index = old_index.row();
    old_index.reset();
    if (had_index) {
        exec(
            "INSERT OR IGNORE INTO open_transcripts (workgroup, conversation, first_line) "
            "SELECT l.workgroup, l.conversation, MIN(l.rowid) FROM transcript_lines l "
            "JOIN conversations c ON c.workgroup = l.workgroup AND c.id = l.conversation "
            "GROUP BY l.workgroup, l.conversation");
        exec("DROP INDEX transcript_lines_by_conversation");
    }
    // Conversations that are gone without a close (their workgroup left the config):
    // they would make every start read their lines again.
    exec(
        "DELETE FROM open_transcripts WHERE NOT EXISTS (SELECT 1 FROM conversations c "
        "WHERE c.workgroup = open_transcripts.workgroup AND c.id = open_transcripts.conversation)");
}

void Store::know_lines() {
    if (lines_known_) {
        return;
    }
    lines_.clear();
    auto& open = prepare("SELECT workgroup, conversation, first_line FROM open_transcripts");
    std::int64_t from = -1;
    while (open.row()) {
        lines_[{open.col_text(0), open.col_int(1)}];
        const std::int64_t first = open.col_int(2);
        from = from < 0 ? first : std::min(from, first);
    }
    if (from >= 0) {
        // Only the lines said since the oldest open conversation began.
        auto& lines = prepare(
            "SELECT rowid, workgroup, conversation FROM transcript_lines WHERE rowid >= ? "
            "ORDER BY rowid");
        lines.integer(from);
        LineKey key;
        while (lines.row()) {
            key.first = lines.col_text(1);
            key.second = lines.col_int(2);
            if (auto it = lines_.find(key); it != lines_.end()) {
                it->second.push_back(lines.col_int(0));
            }
        }
    }
    lines_known_ = true;
}

void Store::forget_lines(const std::string& workgroup, routing::ConversationId id) {
    know_lines();
    const auto conversation = static_cast<std::int64_t>(id);
    if (lines_.erase({workgroup, conversation}) == 0) {
        return;
    }
    begin();
    prepare("DELETE FROM open_transcripts WHERE workgroup = ? AND conversation = ?")
        .text(workgroup)
        .integer(conversation)
        .run();
}

void Store::append_line(const std::string& workgroup, routing::ConversationId id, routing::Time at,
                        const std::string& sender, std::string_view body, bool backlog) {
    begin();
    know_lines();
    const auto conversation = static_cast<std::int64_t>(id);
    auto& insert = prepare(
        "INSERT INTO transcript_lines (workgroup, conversation, at_ms, sender, body, backlog) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING rowid");
    insert.text(workgroup)
        .integer(conversation)
        .integer(ms(at))
        .text(sender)
        .text(body)
        .integer(backlog ? 1 : 0);
    const std::int64_t row = insert.row() ? insert.col_int(0) : 0;
    insert.run();
    auto& rows = lines_[{workgroup, conversation}];
    if (rows.empty()) {
        prepare(
            "INSERT INTO open_transcripts (workgroup, conversation, first_line) "
            "VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
            .text(workgroup)
            .integer(conversation)
            .integer(row)
            .run();
    }
    rows.push_back(row);
}

void Store::release_backlog(const std::string& workgroup, routing::ConversationId id) {
    begin();
    prepare(
        "UPDATE transcript_lines SET backlog = 0 WHERE workgroup = ? AND conversation = ? AND "
        "backlog = 1")
        .text(workgroup)
        .integer(static_cast<std::int64_t>(id))
        .run();
}

bool Store::has_backlog_rows(const std::string& workgroup, routing::ConversationId id) {
    auto& s = prepare(
        "SELECT 1 FROM transcript_lines WHERE workgroup = ? AND conversation = ? AND backlog = 1 "
        "LIMIT 1");
    s.text(workgroup).integer(static_cast<std::int64_t>(id));
    const bool found = s.row();
    s.reset();
    return found;
}

void Store::close_transcript(const std::string& workgroup, const routing::Closed& closed,
                             const std::string& agent_jid, routing::Time at) {
    begin();
    auto& s = prepare(
        "INSERT INTO transcripts (workgroup, conversation, visitor, agent, reason, missed, "
        "closed_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workgroup, conversation) DO "
        "UPDATE SET visitor = excluded.visitor, agent = excluded.agent, reason = "
        "excluded.reason, missed = excluded.missed, closed_at_ms = excluded.closed_at_ms");
    s.text(workgroup).integer(static_cast<std::int64_t>(closed.conversation)).text(closed.visitor);
    if (agent_jid.empty()) {
        s.null();
    } else {
        s.text(agent_jid);
    }
    s.text(to_string(closed.reason)).integer(closed.missed ? 1 : 0).integer(ms(at)).run();
    forget_lines(workgroup, closed.conversation);
}

TranscriptExcerpt Store::transcript_excerpt(const std::string& workgroup,
                                            routing::ConversationId id, std::size_t max_lines,
                                            std::size_t max_bytes) {
    TranscriptExcerpt out;
    know_lines();
    const auto it = lines_.find({workgroup, static_cast<std::int64_t>(id)});
    if (it == lines_.end() || it->second.empty() || max_lines == 0) {
        return out;
    }
    const std::vector<std::int64_t>& rows = it->second;
    const std::int64_t first_row = rows.front();
    // The first line (what the chat is about), then the latest ones, newest first until
    // either bound is reached; always at least the latest.
    auto& line = prepare("SELECT at_ms, sender, body FROM transcript_lines WHERE rowid = ?");
    const auto read = [&](std::int64_t row) -> std::optional<TranscriptLine> {
        line.integer(row);
        if (!line.row()) {
            return std::nullopt;
        }
        TranscriptLine out_line{routing::Time{std::chrono::milliseconds{line.col_int(0)}},
                                line.col_text(1), line.col_text(2)};
        line.reset();
        return out_line;
    };
    std::size_t bytes = 0;
    bool has_first = false;
    for (auto row = rows.rbegin(); row != rows.rend() && out.lines.size() < max_lines; ++row) {
        auto said = read(*row);
        if (!said) {
            continue;
        }
        if (!out.lines.empty() && bytes + said->body.size() > max_bytes) {
            break;
        }
        bytes += said->body.size();
        has_first = *row == first_row;
        out.lines.push_back(std::move(*said));
    }
    std::reverse(out.lines.begin(), out.lines.end());
    out.left_out = rows.size() - out.lines.size();
    if (!has_first && out.lines.size() > 1) {
        auto first = read(first_row);
        if (first && bytes + first->body.size() <= max_bytes) {
            // In place of the oldest of the latest, so that both bounds still hold.
            out.lines.front() = std::move(*first);
            out.gap_at = 1;
        }
    }
    return out;
}

std::vector<std::string> Store::transcript(const std::string& workgroup,
                                           routing::ConversationId id) {
    // Closed ones too, by reading every line: for tests and the occasional look.
    std::vector<std::string> out;
    auto& s = prepare(
        "SELECT sender, body FROM transcript_lines WHERE workgroup = ? AND conversation = ? "
        "ORDER BY rowid");
    s.text(workgroup).integer(static_cast<std::int64_t>(id));
    while (s.row()) {
        out.push_back(s.col_text(0) + ": " + s.col_text(1));
    }
    return out;
}

}  // namespace component
