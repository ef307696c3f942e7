// OutputFile: a temporary file next to the destination, renamed into place only by commit();
// direct, checked writes to what cannot be renamed onto; clashes between outputs and inputs.
#include <sys/stat.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "engine/base/output_file.hpp"
#include "temp_folder.hpp"

using namespace jaring;
namespace fs = std::filesystem;

namespace {

// A fresh folder, removed with everything in it.
struct Folder : test::TempFolder {
  Folder() : TempFolder("jaring-output-test") {}
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const OutputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("output file: a temporary file in the same folder, renamed only on commit", "[output]") {
  Folder dir;
  const auto final_path = dir.path / "decisions.jsonl";
  OutputFile out(final_path.string());
  REQUIRE(fs::path(out.temp_path()).parent_path() == dir.path);
  CHECK(fs::path(out.temp_path()).filename().string().rfind(".decisions.jsonl.", 0) == 0);
  out.write("one\n");
  out.stream() << "two\n";
  CHECK_FALSE(fs::exists(final_path));
  CHECK(dir.names() == std::vector<std::string>{fs::path(out.temp_path()).filename().string()});
  out.commit();
  CHECK(slurp(final_path) == "one\ntwo\n");
  CHECK(dir.names() == std::vector<std::string>{"decisions.jsonl"});
  CHECK(out.temp_path().empty());
}

TEST_CASE("output file: without commit the temporary file goes and the old file stays", "[output]") {
  Folder dir;
  const auto final_path = dir.path / "summary.json";
  spit(final_path, "previous\n");
  {
    OutputFile out(final_path.string());
    out.write(std::string(1 << 20, 'x'));  // more than the buffer: some of it is on disk already
    CHECK(fs::file_size(out.temp_path()) > 0);
    CHECK(slurp(final_path) == "previous\n");
  }
  CHECK(slurp(final_path) == "previous\n");
  CHECK(dir.names() == std::vector<std::string>{"summary.json"});
}

TEST_CASE("output file: a new file's mode honours the umask; a replaced file keeps its mode", "[output]") {
  Folder dir;
  const mode_t mask = ::umask(0);
  ::umask(mask);
  OutputFile fresh((dir.path / "new.csv").string());
  fresh.commit();
  CHECK(mode_of(dir.path / "new.csv") == (0666 & ~mask));

  spit(dir.path / "private.csv", "old");
  fs::permissions(dir.path / "private.csv", fs::perms::owner_read | fs::perms::owner_write);
  OutputFile replaced((dir.path / "private.csv").string());
  replaced.write("new");
  replaced.commit();
  CHECK(mode_of(dir.path / "private.csv") == 0600);
  CHECK(slurp(dir.path / "private.csv") == "new");
}

TEST_CASE("output file: a symbolic link stays a link; its target is replaced", "[output]") {
  Folder dir;
  spit(dir.path / "target.jsonl", "old");
  fs::create_symlink("target.jsonl", dir.path / "link.jsonl");
  OutputFile out((dir.path / "link.jsonl").string());
  out.write("new");
  out.commit();
  CHECK(fs::is_symlink(dir.path / "link.jsonl"));
  CHECK(slurp(dir.path / "target.jsonl") == "new");
}

TEST_CASE("output file: a full device fails with the system's reason, /dev/null works", "[output]") {
  if (!fs::exists("/dev/full")) return;
  OutputFile full("/dev/full");
  CHECK(full.temp_path().empty());
  full.write("a decision\n");
  CHECK(error_of([&] { full.commit(); }) == "cannot write `/dev/full`: No space left on device");

  OutputFile large("/dev/full");
  CHECK(error_of([&] { large.stream() << std::string(1 << 20, 'x'); }) ==
        "cannot write `/dev/full`: No space left on device");

  OutputFile null("/dev/null");
  null.write("discarded\n");
  CHECK_NOTHROW(null.commit());
}

TEST_CASE("output file: a missing folder is named", "[output]") {
  Folder dir;
  const auto path = (dir.path / "no" / "such" / "out.jsonl").string();
  CHECK(error_of([&] { OutputFile out(path); }) ==
        "cannot write `" + path + "`: there is no folder `" + (dir.path / "no" / "such").string() + "`");
  CHECK(error_of([&] { OutputFile out(dir.path.string()); }).find("cannot write") == 0);
}

TEST_CASE("output file: commit_all writes every output out before naming any", "[output]") {
  if (!fs::exists("/dev/full")) return;
  Folder dir;
  std::optional<OutputFile> good, full, none;
  good.emplace((dir.path / "decisions.jsonl").string());
  full.emplace("/dev/full");
  good->write("a decision\n");
  full->write("a summary\n");
  CHECK(error_of([&] { commit_all({&good, &full, &none}); }) == "cannot write `/dev/full`: No space left on device");
  good.reset();
  CHECK(dir.names().empty());
}

TEST_CASE("output clash: an output over an input, or two outputs on one file", "[output]") {
  Folder dir;
  const auto records = (dir.path / "records.csv").string();
  spit(records, "nik\n");
  const auto via_dot = (dir.path / "." / "records.csv").string();
  CHECK(output_clash({{"--out", via_dot}}, {{"--records", records}}) ==
        "--out `" + via_dot + "` is the same file as --records `" + records +
            "`; an output must not overwrite an input");
  fs::create_hard_link(records, dir.path / "hard.csv");
  CHECK_FALSE(output_clash({{"--out", (dir.path / "hard.csv").string()}}, {{"--records", records}}).empty());

  const auto fresh = (dir.path / "new.jsonl").string();
  CHECK(output_clash({{"--out", fresh}, {"--rejects", fresh}}, {}) ==
        "--out `" + fresh + "` and --rejects `" + fresh + "` are the same file; give each output a file of its own");
  CHECK(output_clash({{"--out", fresh}, {"--rejects", (dir.path / "rejects.csv").string()}}, {{"--records", records}})
            .empty());
  CHECK(output_clash({{"--out", "/dev/null"}, {"--rejects", "/dev/null"}, {"--summary", ""}}, {}).empty());
}

TEST_CASE("output file: the system is asked to write a regular file out as it grows", "[output]") {
  // So that close()'s fsync waits for the last few MiB, not for all of them (write_behind_bytes).
  Folder dir;
  const std::string chunk(std::size_t{1} << 20, 'x');
  OutputFile out((dir.path / "decisions.csv").string());
  for (std::size_t i = 0; i + 1 < write_behind_bytes / chunk.size(); ++i) out.write(chunk);
  out.write("y");
  CHECK(out.write_outs() == 0);  // not yet at the mark
  out.write(chunk);
  out.stream().flush();
  CHECK(out.write_outs() == 1);
  // Positional writes (the fast lane's workers) count toward the same mark.
  const auto at = out.start_positional();
  REQUIRE(at);
  for (std::uint64_t i = 0; i < write_behind_bytes / chunk.size(); ++i) out.write_at(chunk, *at + i * chunk.size());
  CHECK(out.write_outs() == 2);
  out.end_positional(*at + write_behind_bytes);
  out.commit();
  CHECK(fs::file_size(dir.path / "decisions.csv") == 2 * write_behind_bytes + 1);

  // A direct output is never synced, and never asked.
  OutputFile null("/dev/null");
  for (std::size_t i = 0; i <= write_behind_bytes / chunk.size(); ++i) null.write(chunk);
  null.commit();
  CHECK(null.write_outs() == 0);
}
