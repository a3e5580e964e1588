#include "xmpp/context.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace xmpp {
namespace {

// libstrophe is chatty (every byte on the wire at debug level): its debug lines are
// our trace, the rest keep their level.
void forward_log(void*, xmpp_log_level_t level, const char* area, const char* msg) {
    switch (level) {
        case XMPP_LEVEL_DEBUG:
            spdlog::trace("libstrophe {}: {}", area, msg);
            break;
        case XMPP_LEVEL_INFO:
            spdlog::debug("libstrophe {}: {}", area, msg);
            break;
        case XMPP_LEVEL_WARN:
            spdlog::warn("libstrophe {}: {}", area, msg);
            break;
        case XMPP_LEVEL_ERROR:
            spdlog::error("libstrophe {}: {}", area, msg);
            break;
    }
}

}  // namespace

Context::Context() {
    xmpp_initialize();
    log_.handler = forward_log;
    log_.userdata = nullptr;
    ctx_ = xmpp_ctx_new(nullptr, &log_);
    if (ctx_ == nullptr) {
        throw std::runtime_error("libstrophe: cannot create a context");
    }
}

Context::~Context() {
    xmpp_ctx_free(ctx_);
    xmpp_shutdown();
}

}  // namespace xmpp
