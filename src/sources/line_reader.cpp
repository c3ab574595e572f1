#include "sources/line_reader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace wmpulse::sources {

namespace {
constexpr std::size_t chunk_bytes = 64 * 1024;
}

line_reader::line_reader(const std::string& path, std::size_t max_line_bytes)
    : path_(path), max_(max_line_bytes), buffer_(chunk_bytes) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw std::runtime_error("cannot open replay file " + path + ": " + std::strerror(errno));
  line_.reserve(max_);
}

line_reader::~line_reader() {
  if (fd_ >= 0) ::close(fd_);
}

bool line_reader::fill() {
  if (eof_ || !error_.empty()) return false;
  for (;;) {
    const ssize_t n = ::read(fd_, buffer_.data(), buffer_.size());
    if (n > 0) {
      begin_ = 0;
      end_ = static_cast<std::size_t>(n);
      return true;
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    if (errno == EINTR) continue;
    error_ = "cannot read replay file " + path_ + ": " + std::strerror(errno);
    return false;
  }
}

line_reader::outcome line_reader::next() {
  line_.clear();
  bool too_long = false, any = false;
  for (;;) {
    if (begin_ == end_ && !fill()) {
      if (!error_.empty()) return outcome::error;
      if (!any) return outcome::end;
      return too_long ? outcome::too_long : outcome::line;  // a last line without '\n'
    }
    any = true;
    const char* start = buffer_.data() + begin_;
    const auto* nl = static_cast<const char*>(std::memchr(start, '\n', end_ - begin_));
    const std::size_t take = nl ? static_cast<std::size_t>(nl - start) : end_ - begin_;
    if (!too_long && line_.size() + take <= max_) line_.append(start, take);
    else {
      too_long = true;
      line_.clear();
    }
    begin_ += take + (nl ? 1 : 0);
    if (nl) return too_long ? outcome::too_long : outcome::line;
  }
}

}  // namespace wmpulse::sources
