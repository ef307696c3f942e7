// Writing outputs so that a failure can never pass for success. Every write(2), fsync and
// close is checked; a regular-file output is written to a temporary file in the destination's
// folder and renamed into place only by commit(), so the destination holds either its previous
// content or the complete new one, even after kill -9, a full disk or an exception.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <memory>
#include <optional>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

namespace jaring {

// The exit status of a command that could not create or write an output (sysexits.h EX_IOERR).
inline constexpr int io_error_exit = 74;

// An output could not be created or written. Not a std::runtime_error on purpose: the commands'
// handlers for bad input (exit 2) let it pass, and the guard ends the command with exit 74.
class OutputError : public std::exception {
 public:
  // `path` "-" stands for standard output; `reason` is the system's (strerror) or ours.
  OutputError(const std::string& path, const std::string& reason);
  const char* what() const noexcept override { return what_.c_str(); }  // "cannot write `PATH`: REASON"

 private:
  std::string what_;
};

// A buffered stream buffer over a file descriptor it does not own. Every write(2) is checked
// (retried on EINTR and after a partial write). The first failure is kept (error()), later
// output is dropped, and the failing call throws OutputError; an std::ostream over it with
// exceptions(badbit) rethrows that OutputError to its caller.
class FdWriter : public std::streambuf {
 public:
  // `name` is the path reported in errors ("-": standard output). `line_buffered` writes out
  // at every newline (for a terminal).
  FdWriter(int fd, std::string name, bool line_buffered = false);
  FdWriter(const FdWriter&) = delete;
  FdWriter& operator=(const FdWriter&) = delete;

  void write(std::string_view text);    // buffered; throws OutputError
  void discard();                       // drops what is buffered and not yet written
  void flush();                         // writes the buffer out; throws OutputError
  int error() const { return error_; }  // errno of the first failure, 0 if none
  const std::string& name() const { return name_; }
  // Starts the system writing out what was written, every write_behind_bytes (OutputFile's
  // temporary files, whose close() waits for them on disk).
  void write_behind(bool on) { write_behind_ = on; }
  // `bytes` written to the file, by this writer or beside it (OutputFile::write_at, from any
  // thread): the system is asked to write them out once write_behind_bytes have gathered.
  void wrote(std::size_t bytes) const;
  std::uint64_t write_outs() const { return write_outs_.load(std::memory_order_relaxed); }  // times it asked
  [[noreturn]] void fail(int err);  // records `err` (if it is the first) and throws

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  void write_all(const char* data, std::size_t size);

  int fd_;
  std::string name_;
  bool line_buffered_;
  // Not zero-filled: a page of it costs nothing until output reaches it (a vector<char>
  // zeroed all 256 KiB, 64 page faults at the start of every command).
  std::unique_ptr<char[]> buffer_;
  int error_ = 0;
  bool write_behind_ = false;
  mutable std::atomic<std::uint64_t> unwritten_{0};  // bytes written since the system was last asked
  mutable std::atomic<std::uint64_t> write_outs_{0};
};

// What a regular file's writer lets the system hold in memory before it asks it to write it
// out to its disk (sync_file_range), so that the fsync before the rename waits for the last
// few MiB only rather than for the whole file. Without it a file system on disk writes nothing
// until then (the kernel starts at 10 % of memory or after 30 s): cilegon-bench's 944 MiB of
// decisions as JSON Lines took 0,37-0,46 s more in fsync than to write, on this VM's ext4.
inline constexpr std::size_t write_behind_bytes = std::size_t{8} << 20;

// One output of a command. A regular file (or a path that does not exist yet) is written to
// `<folder>/.<name>.XXXXXX` and renamed to `path` by commit(); without commit() the destructor
// removes the temporary file and `path` is untouched. An existing file that is not a regular
// file (a terminal, a FIFO, /dev/null, /dev/full) cannot be replaced by a rename: it is opened
// and written directly, still checked. A symbolic link is followed: its target is replaced.
class OutputFile {
 public:
  // Creates the temporary file (mode 0666 minus the umask, or the mode of the file it will
  // replace) or opens the direct output. Throws OutputError (e.g. the folder does not exist).
  explicit OutputFile(const std::string& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Output operations throw OutputError when a write fails.
  std::ostream& stream() { return stream_; }
  void write(std::string_view text) { writer_.write(text); }

  // Writes out the buffer, fsyncs and closes the file (a direct output is not synced): every
  // write has then succeeded. Throws OutputError. Does nothing the second time.
  void close();
  // close(), then renames the temporary file to `path` and fsyncs the folder. Throws
  // OutputError; when close() failed, `path` was not touched.
  // Empties the file to write it again from the start (a run that decided optimistically and
  // must decide again, io/fast_population.hpp); false when it cannot (standard output, a FIFO:
  // an output not written to a temporary file).
  bool rewind();
  // Writes from several threads at once, each block at its own place (the fast lane): the
  // buffer is written out and the offset where positional writes begin returned (nothing when
  // the output is not a temporary regular file); write_at() writes there, from any thread
  // (throws OutputError); end_positional() puts the file's end after them for what follows.
  std::optional<std::uint64_t> start_positional();
  void write_at(std::string_view data, std::uint64_t offset) const;
  void end_positional(std::uint64_t end);
  void commit();

  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_; }  // empty for a direct output
  // How often the system was asked to start writing the file out (write_behind_bytes).
  std::uint64_t write_outs() const { return writer_.write_outs(); }

 private:
  struct Opened {
    std::string target, temp;
    int fd = -1;
  };
  static Opened prepare(const std::string& path);
  OutputFile(std::string path, Opened opened);

  std::string path_;
  std::string target_;  // where the rename goes: `path`, or the target of a symbolic link
  std::string temp_;
  int fd_ = -1;
  bool committed_ = false;
  FdWriter writer_;
  std::ostream stream_;
};

// Commits several outputs as one as far as a file system allows: all are closed (every write
// checked) before the first is renamed, so a write failure in any leaves every `path` as it
// was. Empty optionals are skipped. Throws OutputError.
void commit_all(std::initializer_list<std::optional<OutputFile>*> outputs);

// A command's file argument: its flag (or role) and path, e.g. {"--out", "decisions.jsonl"}.
struct NamedPath {
  std::string what;
  std::string path;
};

// Why these outputs cannot be written: an output that already exists is the same file as an
// input, or two outputs name the same file. Empty when none clash. Only regular files (and
// paths that do not exist yet) count, so two outputs to /dev/null are fine.
std::string output_clash(const std::vector<NamedPath>& outputs, const std::vector<NamedPath>& inputs);

}  // namespace jaring
