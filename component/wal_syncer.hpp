#pragma once
// Makes committed turns durable off the event loop's thread, so that the next turn is read
// and handled while the disk syncs the last one (group commit, pipelined). A turn's
// stanzas are sent only once its ticket is `done`: nothing is announced that is not on disk.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace component {

class WalSyncer {
  public:
    /// `sync` makes everything written so far durable (an fdatasync); it throws on failure.
    explicit WalSyncer(std::function<void()> sync);
    ~WalSyncer();
    WalSyncer(const WalSyncer&) = delete;
    WalSyncer& operator=(const WalSyncer&) = delete;

    /// After a commit: a ticket that is done once a sync begun after this call finished.
    std::uint64_t request();
    /// True when `ticket` is durable. Throws std::runtime_error once a sync has failed
    /// (Linux forgets the pages a failed fsync could not write: retrying proves nothing).
    bool done(std::uint64_t ticket);
    /// Waits until `ticket` is durable; throws as `done`.
    void wait(std::uint64_t ticket);

  private:
    void run();
    void throw_if_failed() const;

    std::function<void()> sync_;
    std::mutex mutex_;
    std::condition_variable wake_;  ///< the thread: there is something to sync, or stop
    std::condition_variable synced_cv_;
    std::uint64_t requested_ = 0;
    std::uint64_t synced_ = 0;
    std::string error_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace component
