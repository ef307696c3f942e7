#include "engine/runtime/open_policy.hpp"

#include <system_error>

#include "engine/runtime/compile.hpp"

namespace jaring {

namespace {

OpenedPolicy finish(std::optional<Policy> loaded, const SourceMap& sources, Diagnostics& diags) {
  OpenedPolicy out;
  if (!loaded || dependency_missing(diags)) return out;
  out.checked = check(std::move(*loaded), sources, diags);
  if (out.checked) out.program = compile(*out.checked);
  return out;
}

}  // namespace

OpenedPolicy open_policy(const std::filesystem::path& path, SourceMap& sources, Diagnostics& diags,
                         const LoadOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    OpenedPolicy out;
    out.unreadable = true;
    return out;
  }
  return finish(load_policy(path, sources, diags, options), sources, diags);
}

OpenedPolicy open_policy_text(const std::string& name, std::string text, SourceMap& sources, Diagnostics& diags,
                              const LoadOptions& options) {
  return finish(load_policy_text(name, std::move(text), sources, diags, options), sources, diags);
}

}  // namespace jaring
