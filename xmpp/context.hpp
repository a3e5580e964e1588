#pragma once
// One libstrophe context for the whole process: library start-up, the memory and log
// hooks, and ownership of the xmpp_ctx_t. libstrophe is not thread-safe: one context,
// one thread.

#include <strophe.h>

namespace xmpp {

/// Owns the process's libstrophe context; libstrophe's own log lines go to spdlog.
class Context {
  public:
    Context();
    ~Context();
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    /// The raw context, for the wrappers in xmpp/ only.
    xmpp_ctx_t* get() const { return ctx_; }

  private:
    xmpp_log_t log_{};
    xmpp_ctx_t* ctx_ = nullptr;
};

}  // namespace xmpp
