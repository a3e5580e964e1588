#pragma once
// `switchboard simulate --plot OUT.png`: a PNG of the chats waiting and of the mean wait
// over the day, one line per mode, so a manager sees when each mode falls behind.

#include <string>
#include <vector>

#include "routing/simulation.hpp"

namespace component {

/// Writes the plot of `runs` to `path` (960 x 700 pixels); false with `error` when the file
/// cannot be written.
bool write_plot(const std::string& path, const std::vector<routing::simulation::Figures>& runs,
                std::string& error);

}  // namespace component
