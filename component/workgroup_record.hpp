#pragma once
// One workgroup's durable record: what the store kept from the last run, and after each
// event exactly what the routing core says it changed (`Workgroup::changes()`), written
// into the turn's transaction. Service commits it before any stanza of the turn is sent.
// A write that fails marks the turn failed; later writes of the turn are skipped.

#include <optional>
#include <string>
#include <vector>

#include "component/presence_audience.hpp"
#include "component/store.hpp"
#include "routing/workgroup.hpp"

namespace component {

class WorkgroupRecord {
  public:
    /// `store` may be null: then nothing is kept and nothing fails.
    WorkgroupRecord(Store* store, std::string workgroup)
        : store_(store), workgroup_(std::move(workgroup)) {}

    bool enabled() const { return store_ != nullptr; }
    /// True when a write of this turn failed: the turn must not be committed.
    bool failed() const { return failed_; }
    /// What the failed write said.
    const std::string& error() const { return error_; }
    /// After a failed turn was rolled back: writes start afresh.
    void forget_failure();

    /// What the store kept, mapped onto `settings`' agents; nullopt when nothing (or no
    /// store). Throws when the store cannot be read.
    std::optional<StoredWorkgroup> load(const routing::WorkgroupSettings& settings) const;
    /// Everything again from a full snapshot, with today's agent ids (after a restore).
    /// Throws when it cannot (the start fails then).
    void write_all(const routing::Workgroup& workgroup, const PresenceAudience& audience);
    /// What the workgroup's last `handle` changed, and how the chats it closed ended.
    void write_changes(const routing::Workgroup& workgroup, const routing::Effects& effects,
                       const routing::Now& now);
    void subscriber(const std::string& bare, bool subscribed);
    /// A full JID that sent directed presence (`present`) or left or was forgotten.
    void directed(const std::string& full, bool present);
    /// What the desk knows of open conversation `id` besides the core's state.
    void addresses(routing::ConversationId id, const ChatAddresses& addresses);

    /// A chat's transcript, both sides, bounded (see Store::transcript_excerpt); empty
    /// without a store. Throws when the store cannot be read.
    TranscriptExcerpt transcript(routing::ConversationId id, std::size_t max_lines,
                                 std::size_t max_bytes) const;

  private:
    template <class Write>
    void save(Write&& write) {
        if (store_ == nullptr || failed_) {
            return;
        }
        try {
            write(*store_);
        } catch (const std::exception& e) {
            failed_ = true;
            error_ = e.what();
        }
    }

    Store* store_;
    std::string workgroup_;
    bool failed_ = false;
    std::string error_;
    /// The counters as last written: written again only when they change.
    std::optional<routing::WorkgroupState> header_;
};

}  // namespace component
