#include "routing/settings.hpp"

namespace routing {

std::string_view to_string(Mode mode) {
    switch (mode) {
        case Mode::broadcast:
            return "broadcast";
        case Mode::queue:
            return "queue";
        case Mode::round_robin:
            return "round_robin";
        case Mode::least_busy:
            return "least_busy";
        case Mode::weighted:
            return "weighted";
    }
    return "?";
}

std::string_view to_string(Order order) {
    return order == Order::rotate ? "rotate" : "random";
}

std::string_view to_string(ConversationStyle style) {
    return style == ConversationStyle::chat ? "chat" : "muc";
}

}  // namespace routing
