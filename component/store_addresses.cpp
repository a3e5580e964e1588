// Store: what the desk knows of an open conversation besides the routing core's state (its
// visitor's address, the room it is held in), kept in the `addresses` column of the
// conversation's row, so that it goes with the row (written in the same turn, gone when the
// chat closes) and a restart finds it again.

#include <spdlog/spdlog.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "component/state_codec.hpp"
#include "component/store.hpp"
#include "component/store_internal.hpp"

namespace component {

void Store::migrate_conversations() {
    bool present = false;
    auto& columns = prepare("PRAGMA table_info(conversations)");
    while (columns.row()) {
        present = present || columns.col_text(1) == "addresses";
    }
    if (present) {
        return;
    }
    // Before, a conversation's room was `support-42@service` (rooms.hpp): the chats open
    // now keep the rooms they have; their visitors are relayed into them, as then.
    exec("BEGIN IMMEDIATE");
    try {
        exec("ALTER TABLE conversations ADD COLUMN addresses BLOB");
        std::vector<std::pair<std::string, std::int64_t>> open;
        auto& rows = prepare("SELECT workgroup, id FROM conversations");
        while (rows.row()) {
            open.emplace_back(rows.col_text(0), rows.col_int(1));
        }
        for (const auto& [workgroup, id] : open) {
            ChatAddresses before;
            before.widget = true;
            before.room = workgroup + "-" + std::to_string(id);
            prepare("UPDATE conversations SET addresses = ? WHERE workgroup = ? AND id = ?")
                .blob(encode(before))
                .text(workgroup)
                .integer(id)
                .run();
        }
        exec("COMMIT");
    } catch (...) {
        try {
            exec("ROLLBACK");
        } catch (const std::exception&) {
        }
        throw;
    }
}

void Store::save_addresses(const std::string& workgroup, routing::ConversationId id,
                           const ChatAddresses& addresses) {
    begin();
    prepare("UPDATE conversations SET addresses = ? WHERE workgroup = ? AND id = ?")
        .blob(encode(addresses))
        .text(workgroup)
        .integer(static_cast<std::int64_t>(id))
        .run();
}

void Store::load_addresses(const std::string& workgroup, StoredWorkgroup& out) {
    auto& rows = prepare(
        "SELECT id, addresses FROM conversations WHERE workgroup = ? AND addresses IS NOT NULL");
    rows.text(workgroup);
    while (rows.row()) {
        const auto id = static_cast<routing::ConversationId>(rows.col_int(0));
        if (auto addresses = decode_addresses(rows.col_blob(1))) {
            out.addresses.emplace(id, std::move(*addresses));
        } else {
            spdlog::error(
                "{}: the addresses of conversation {} in the state database are "
                "damaged; skipped",
                workgroup, id);
        }
    }
}

}  // namespace component
