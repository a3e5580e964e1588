#pragma once
// `switchboard simulate`: reads a trace (or generates one), replays it through the routing
// core under the configured mode or every mode (routing/simulation.hpp), and prints what
// each mode would have done, with a recommendation (PRODUCT.md, "Operating it").

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "routing/simulation.hpp"

namespace component {

/// The trace file's format, for --help and errors.
extern const char* const kTraceFormat;

/// Reads a trace: one row per line, `chat,...` or `shift,...` (kTraceFormat). On a
/// problem returns false with "LINE: what" in `error`.
bool parse_trace(std::string_view text, routing::simulation::Trace& trace, std::string& error);

/// Runs the command with the arguments after `simulate`; returns the exit code (0 done,
/// 2 bad arguments, configuration or trace).
int simulate_main(const std::vector<std::string_view>& args, std::ostream& out, std::ostream& err);

}  // namespace component
