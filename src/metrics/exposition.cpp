#include "metrics/exposition.hpp"

#include <charconv>
#include <cmath>

#include "metrics/prometheus.hpp"

namespace wmpulse::metrics {

std::string format_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[400];
  // Shortest round-trip digits; plain notation in the everyday range (timestamps read better).
  const auto a = std::fabs(v);
  const auto format = (a == 0 || (a >= 1e-4 && a < 1e15)) ? std::chars_format::fixed : std::chars_format::general;
  auto r = std::to_chars(buf, buf + sizeof buf, v, format);
  return std::string(buf, r.ptr);
}

std::string format_number(std::int64_t v) { return std::to_string(v); }
std::string format_number(std::uint64_t v) { return std::to_string(v); }

void exposition::family(std::string_view name, std::string_view type, std::string_view help) {
  name_ = name;
  type_ = type;
  help_ = help;
  header_pending_ = true;
}

void exposition::write_header() {
  header_pending_ = false;
  out_ += "# HELP ";
  out_ += name_;
  out_ += ' ';
  for (char c : help_) {
    if (c == '\\') out_ += "\\\\";
    else if (c == '\n') out_ += "\\n";
    else out_ += c;
  }
  out_ += "\n# TYPE ";
  out_ += name_;
  out_ += ' ';
  out_ += type_;
  out_ += '\n';
}

void exposition::bucket(const std::string& le, std::uint64_t count, std::initializer_list<label> labels) {
  const label extra{"le", le};
  sample_text("_bucket", format_number(count), labels, &extra);
}

void exposition::sample_text(std::string_view suffix, const std::string& value, std::initializer_list<label> labels,
                             const label* extra) {
  if (header_pending_) write_header();
  out_ += name_;
  out_ += suffix;
  bool first = true;
  const auto add = [&](const label& l) {
    out_ += first ? '{' : ',';
    first = false;
    out_ += l.first;
    out_ += "=\"";
    out_ += escape_label_value(l.second);
    out_ += '"';
  };
  for (const auto& l : labels) add(l);
  if (extra) add(*extra);
  if (!first) out_ += '}';
  out_ += ' ';
  out_ += value;
  out_ += '\n';
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

}  // namespace wmpulse::metrics
