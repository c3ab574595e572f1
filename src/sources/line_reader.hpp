#pragma once
// Reads a file line by line with a cap on the line length: a longer line is skipped (and
// reported) without ever being held in memory, and a read error is reported as such, not
// mistaken for the end of the file (as std::getline would).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace wmpulse::sources {

class line_reader {
public:
  enum class outcome { line, too_long, end, error };

  // Throws std::runtime_error naming the path when it cannot be opened.
  line_reader(const std::string& path, std::size_t max_line_bytes);
  ~line_reader();
  line_reader(const line_reader&) = delete;
  line_reader& operator=(const line_reader&) = delete;

  // The next line (without its '\n') in line(), valid until the next call; too_long when it
  // was over the cap (skipped); error with error_message() set when the file cannot be read.
  outcome next();
  std::string_view line() const { return line_; }
  const std::string& error_message() const { return error_; }
  std::size_t max_line_bytes() const { return max_; }

private:
  bool fill();  // false at the end of the file or on an error

  int fd_ = -1;
  std::string path_;
  std::size_t max_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0, end_ = 0;
  std::string line_;
  std::string error_;
  bool eof_ = false;
};

}  // namespace wmpulse::sources
