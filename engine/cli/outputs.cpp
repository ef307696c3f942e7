#include "engine/cli/outputs.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstring>
#include <iostream>

namespace jaring::cli {

namespace {

// Never freed: std::cout may still be flushed at exit after a path that skipped finish_stdout.
FdWriter* stdout_writer = nullptr;
std::streambuf* original_stdout = nullptr;

}  // namespace

void install_checked_stdout() {
  if (stdout_writer) return;
  stdout_writer = new FdWriter(STDOUT_FILENO, "-", ::isatty(STDOUT_FILENO) == 1);
  original_stdout = std::cout.rdbuf(stdout_writer);
  std::cout.exceptions(std::ios::badbit);
}

int finish_stdout(int status) noexcept {
  if (!stdout_writer) return status;
  try {
    std::cout.flush();
  } catch (...) {
    // Kept in stdout_writer->error().
  }
  std::cout.exceptions(std::ios::goodbit);
  std::cout.rdbuf(original_stdout);
  const int error = stdout_writer->error();
  if (error == 0) return status;
  if (status != io_error_exit) std::cerr << "jaring: " << OutputError("-", std::strerror(error)).what() << "\n";
  return status == 0 || status == 1 ? io_error_exit : status;
}

int refuse_clashing_outputs(const std::vector<NamedPath>& outputs, const std::vector<NamedPath>& inputs) {
  const std::string clash = output_clash(outputs, inputs);
  if (clash.empty()) return 0;
  std::cerr << "jaring: " << clash << "\n";
  return 2;
}

std::vector<NamedPath> policy_inputs(const SourceMap& sources) {
  std::vector<NamedPath> inputs;
  for (SourceId id = 0; id < sources.size(); ++id) inputs.push_back({"the policy source", sources.get(id).name()});
  return inputs;
}

}  // namespace jaring::cli
