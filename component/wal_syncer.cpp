#include "component/wal_syncer.hpp"

#include <stdexcept>

namespace component {

WalSyncer::WalSyncer(std::function<void()> sync)
    : sync_(std::move(sync)), thread_([this] { run(); }) {}

WalSyncer::~WalSyncer() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

std::uint64_t WalSyncer::request() {
    std::uint64_t ticket = 0;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        ticket = ++requested_;
    }
    wake_.notify_one();
    return ticket;
}

bool WalSyncer::done(std::uint64_t ticket) {
    std::lock_guard<std::mutex> lock(mutex_);
    throw_if_failed();
    return synced_ >= ticket;
}

void WalSyncer::wait(std::uint64_t ticket) {
    std::unique_lock<std::mutex> lock(mutex_);
    synced_cv_.wait(lock, [&] { return synced_ >= ticket || !error_.empty(); });
    throw_if_failed();
}

void WalSyncer::throw_if_failed() const {
    if (!error_.empty()) {
        throw std::runtime_error(error_);
    }
}

void WalSyncer::run() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
        wake_.wait(lock, [&] { return stop_ || (requested_ > synced_ && error_.empty()); });
        if (stop_) {
            return;
        }
        // Everything committed up to `target` was written before this sync begins.
        const std::uint64_t target = requested_;
        lock.unlock();
        std::string failure;
        try {
            sync_();
        } catch (const std::exception& e) {
            failure = e.what();
        }
        lock.lock();
        if (failure.empty()) {
            synced_ = target;
        } else {
            error_ = failure;
        }
        synced_cv_.notify_all();
    }
}

}  // namespace component
