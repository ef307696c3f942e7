#include "engine/cli/whatif_support.hpp"
#include "engine/base/i18n.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "engine/cli/read_flags.hpp"
#include "engine/cli/report.hpp"
#include "engine/io/record_read.hpp"
#include "engine/runtime/compile.hpp"

namespace jaring::cli {

CompiledPolicy load_compiled(const std::string& path, const std::vector<std::string>& include_dirs) {
  CompiledPolicy out;
  SourceMap sources;
  Diagnostics diags;
  auto opened = open_for_command(path, include_dirs, sources, diags);
  if (opened.unreadable) {
    std::cerr << say("jaring: cannot read `{}`\n", path);
    out.status = 2;
    return out;
  }
  diags.sort();
  if (!opened.ok()) {
    print_diagnostics(diags, sources, "text", false);
    out.status = 1;
    return out;
  }
  out.program = opened.program;
  out.policy = std::move(opened.checked);
  out.id = {path, out.program->name, out.program->hash};
  return out;
}

int check_records_file(const std::string& path, const std::string& format_flag, const ReadOptions& read,
                       InputFormat& format) {
  const auto f = records_format(path, format_flag);
  if (!f) {
    std::cerr << say("jaring: cannot tell the format of `{}`; use --input-format csv|jsonl|json\n", path);
    return 2;
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    std::cerr << say("jaring: cannot read `{}`\n", path);
    return 2;
  }
  format = *f;
  return refuse_delimiter(read, format, path);
}

}  // namespace jaring::cli
