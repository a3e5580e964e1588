#pragma once
// Who receives a workgroup JID's presence: entities subscribed to it (bare JIDs) and
// entities that sent it directed presence (full JIDs, until they send unavailable).

#include <set>
#include <string>
#include <vector>

namespace component {

/// The set of addresses a workgroup's availability presence goes to.
class PresenceAudience {
  public:
    void add_subscriber(const std::string& bare) { subscribers_.insert(bare); }
    void remove_subscriber(const std::string& bare) { subscribers_.erase(bare); }
    /// True when `full` was not there yet.
    bool add_directed(const std::string& full) { return directed_.insert(full).second; }
    /// True when `full` was there.
    bool remove_directed(const std::string& full) { return directed_.erase(full) > 0; }
    bool is_subscriber(const std::string& bare) const { return subscribers_.count(bare) > 0; }
    const std::set<std::string>& subscribers() const { return subscribers_; }
    const std::set<std::string>& directed() const { return directed_; }

    /// Every address to send to, once each: subscribers as bare JIDs (the server fans out
    /// to their resources), directed-presence senders as full JIDs unless already covered.
    std::vector<std::string> addresses() const;

  private:
    std::set<std::string> subscribers_;
    std::set<std::string> directed_;
};

}  // namespace component
