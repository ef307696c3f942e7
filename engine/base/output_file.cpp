#include "engine/base/output_file.hpp"
#include "engine/base/i18n.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>

namespace jaring {

namespace {

constexpr std::size_t buffer_size = std::size_t{1} << 18;

std::string describe(const std::string& path) { return path == "-" ? "standard output" : "`" + path + "`"; }

mode_t new_file_mode() {
  // umask(2) is read by setting it; done once, before any output is written.
  static const mode_t mode = [] {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return static_cast<mode_t>(0666 & ~mask);
  }();
  return mode;
}

}  // namespace

OutputError::OutputError(const std::string& path, const std::string& reason)
    : what_("cannot write " + describe(path) + ": " + reason) {}

// ---- FdWriter ------------------------------------------------------------------------------

FdWriter::FdWriter(int fd, std::string name, bool line_buffered)
    : fd_(fd), name_(std::move(name)), line_buffered_(line_buffered), buffer_(new char[buffer_size]) {
  // Line-buffered output (a terminal) keeps no put area: every insertion reaches xsputn or
  // overflow, which write it out at once.
  if (!line_buffered_) setp(buffer_.get(), buffer_.get() + buffer_size);
}

void FdWriter::fail(int err) {
  if (error_ == 0) error_ = err;
  if (!line_buffered_) setp(buffer_.get(), buffer_.get() + buffer_size);
  throw OutputError(name_, std::strerror(error_));
}

void FdWriter::write_all(const char* data, std::size_t size) {
  if (error_) fail(error_);
  while (size > 0) {
    const ssize_t n = ::write(fd_, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(errno);
    if (n == 0) fail(EIO);
    data += n;
    size -= static_cast<std::size_t>(n);
    wrote(static_cast<std::size_t>(n));
  }
}

void FdWriter::wrote(std::size_t bytes) const {
  if (!write_behind_ || unwritten_.fetch_add(bytes, std::memory_order_relaxed) + bytes < write_behind_bytes) return;
  unwritten_.store(0, std::memory_order_relaxed);
  write_outs_.fetch_add(1, std::memory_order_relaxed);
  // Starts the write-out of every dirty page of the file not yet being written (offset 0, size
  // 0: to its end) and returns at once; a file system without a disk, such as tmpfs, has none.
  // A failure is not reported here: the fsync that follows reports the write-out's.
  [[maybe_unused]] const int ignored = ::sync_file_range(fd_, 0, 0, SYNC_FILE_RANGE_WRITE);
}

void FdWriter::flush() {
  if (error_) fail(error_);
  const auto size = static_cast<std::size_t>(pptr() - pbase());
  if (size == 0) return;
  write_all(pbase(), size);
  setp(buffer_.get(), buffer_.get() + buffer_size);
}

void FdWriter::discard() {
  if (!line_buffered_) setp(buffer_.get(), buffer_.get() + buffer_size);
}

void FdWriter::write(std::string_view text) { xsputn(text.data(), static_cast<std::streamsize>(text.size())); }

FdWriter::int_type FdWriter::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) {
    flush();
    return traits_type::not_eof(c);
  }
  const char ch = traits_type::to_char_type(c);
  if (line_buffered_) {
    write_all(&ch, 1);
    return c;
  }
  flush();
  *pptr() = ch;
  pbump(1);
  return c;
}

std::streamsize FdWriter::xsputn(const char* s, std::streamsize n) {
  const auto size = static_cast<std::size_t>(n);
  if (line_buffered_ || size >= buffer_size) {
    flush();
    write_all(s, size);
    return n;
  }
  if (size > static_cast<std::size_t>(epptr() - pptr())) flush();
  if (error_) fail(error_);
  std::memcpy(pptr(), s, size);
  pbump(static_cast<int>(size));
  return n;
}

int FdWriter::sync() {
  flush();
  return 0;
}

// ---- OutputFile ----------------------------------------------------------------------------

OutputFile::Opened OutputFile::prepare(const std::string& path) {
  Opened o;
  o.target = path;
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (!exists && errno != ENOENT) throw OutputError(path, std::strerror(errno));
  // A file that may not be written is not replaced either (rename could, as `mv` does).
  if (exists && ::access(path.c_str(), W_OK) != 0) throw OutputError(path, std::strerror(errno));
  if (exists && !S_ISREG(st.st_mode)) {
    o.fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (o.fd < 0) throw OutputError(path, std::strerror(errno));
    return o;
  }
  struct stat link {};
  if (exists && ::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
    std::error_code ec;
    const auto resolved = std::filesystem::canonical(path, ec);
    if (ec) throw OutputError(path, ec.message());
    o.target = resolved.string();
  }
  const std::filesystem::path target(o.target);
  const std::string name = target.filename().string();
  if (name.empty() || name == "." || name == "..") throw OutputError(path, "this names a folder, not a file");
  const std::filesystem::path folder = target.parent_path();
  o.temp = (folder / ("." + name + ".XXXXXX")).string();
  o.fd = ::mkostemp(o.temp.data(), O_CLOEXEC);
  if (o.fd < 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR)
      throw OutputError(path, say("there is no folder `{}`", folder.empty() ? "." : folder.string()));
    throw OutputError(path, std::strerror(err));
  }
  // mkstemp creates 0600; give the file the mode a plain create (or the old file) would have.
  if (::fchmod(o.fd, exists ? (st.st_mode & 07777) : new_file_mode()) != 0) {
    const int err = errno;
    ::close(o.fd);
    ::unlink(o.temp.c_str());
    throw OutputError(path, std::strerror(err));
  }
  return o;
}

OutputFile::OutputFile(const std::string& path) : OutputFile(path, prepare(path)) {}

OutputFile::OutputFile(std::string path, Opened opened)
    : path_(std::move(path)),
      target_(std::move(opened.target)),
      temp_(std::move(opened.temp)),
      fd_(opened.fd),
      writer_(fd_, path_),
      stream_(&writer_) {
  stream_.exceptions(std::ios::badbit);
  // A direct output (a terminal, a FIFO, a device) is not synced on close.
  writer_.write_behind(!temp_.empty());
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

void OutputFile::close() {
  if (fd_ < 0) return;
  writer_.flush();
  if (!temp_.empty() && ::fsync(fd_) != 0) writer_.fail(errno);
  const int fd = fd_;
  fd_ = -1;
  // On Linux the descriptor is released even when close(2) reports EINTR: never retried.
  if (::close(fd) != 0 && errno != EINTR) writer_.fail(errno);
}

std::optional<std::uint64_t> OutputFile::start_positional() {
  if (temp_.empty() || fd_ < 0 || writer_.error()) return std::nullopt;
  writer_.flush();
  const off_t at = ::lseek(fd_, 0, SEEK_CUR);
  if (at < 0) writer_.fail(errno);
  return static_cast<std::uint64_t>(at);
}

void OutputFile::write_at(std::string_view data, std::uint64_t offset) const {
  while (!data.empty()) {
    const ssize_t n = ::pwrite(fd_, data.data(), data.size(), static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw OutputError(path_, std::strerror(errno));
    if (n == 0) throw OutputError(path_, "nothing was written");
    data.remove_prefix(static_cast<std::size_t>(n));
    offset += static_cast<std::uint64_t>(n);
    writer_.wrote(static_cast<std::size_t>(n));
  }
}

void OutputFile::end_positional(std::uint64_t end) {
  if (::lseek(fd_, static_cast<off_t>(end), SEEK_SET) < 0) writer_.fail(errno);
}

bool OutputFile::rewind() {
  if (temp_.empty() || fd_ < 0 || writer_.error()) return false;
  writer_.discard();
  if (::ftruncate(fd_, 0) != 0) writer_.fail(errno);
  if (::lseek(fd_, 0, SEEK_SET) != 0) writer_.fail(errno);
  stream_.clear();
  return true;
}

void OutputFile::commit() {
  if (committed_) return;
  close();
  committed_ = true;
  if (temp_.empty()) return;
  if (::rename(temp_.c_str(), target_.c_str()) != 0) writer_.fail(errno);
  temp_.clear();
  // The rename itself is made durable by syncing the folder that holds the entry.
  std::string folder = std::filesystem::path(target_).parent_path().string();
  if (folder.empty()) folder = ".";
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return;
  const bool synced = ::fsync(dir) == 0 || errno == EINVAL;
  const int err = errno;
  ::close(dir);
  if (!synced) writer_.fail(err);
}

void commit_all(std::initializer_list<std::optional<OutputFile>*> outputs) {
  for (auto* out : outputs)
    if (*out) (*out)->close();
  for (auto* out : outputs)
    if (*out) (*out)->commit();
}

// ---- clashes ---------------------------------------------------------------------------------

namespace {

// What identifies a file: device and inode when it exists (regular files only), else the
// normalised path it would be created at.
struct FileKey {
  bool exists = false;
  dev_t dev = 0;
  ino_t ino = 0;
  std::string path;

  bool operator==(const FileKey& o) const {
    return exists == o.exists && (exists ? dev == o.dev && ino == o.ino : path == o.path);
  }
};

std::optional<FileKey> key_of(const std::string& path) {
  if (path.empty() || path == "-") return std::nullopt;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode)) return std::nullopt;
    return FileKey{true, st.st_dev, st.st_ino, ""};
  }
  std::error_code ec;
  const auto normal = std::filesystem::weakly_canonical(path, ec);
  if (ec) return std::nullopt;
  return FileKey{false, 0, 0, normal.string()};
}

}  // namespace

std::string output_clash(const std::vector<NamedPath>& outputs, const std::vector<NamedPath>& inputs) {
  std::vector<std::optional<FileKey>> keys;
  keys.reserve(outputs.size());
  for (const auto& out : outputs) keys.push_back(key_of(out.path));
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    if (!keys[i] || !keys[i]->exists) continue;
    for (const auto& in : inputs) {
      const auto key = key_of(in.path);
      if (key && *key == *keys[i])
        return say("{} `{}` is the same file as {} `{}`; an output must not overwrite an input", outputs[i].what,
                   outputs[i].path, in.what, in.path);
    }
  }
  for (std::size_t i = 0; i < outputs.size(); ++i)
    for (std::size_t j = i + 1; j < outputs.size(); ++j)
      if (keys[i] && keys[j] && *keys[i] == *keys[j])
        return say("{} `{}` and {} `{}` are the same file; give each output a file of its own", outputs[i].what,
                   outputs[i].path, outputs[j].what, outputs[j].path);
  return "";
}

}  // namespace jaring
