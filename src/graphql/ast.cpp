#include "graphql/ast.hpp"

#include <algorithm>

#include "graphql/errors.hpp"

namespace wmpulse::graphql {

std::string type_node::to_string() const {
  switch (what) {
    case kind::named: return std::string(name);
    case kind::list: return "[" + of->to_string() + "]";
    case kind::non_null: return of->to_string() + "!";
  }
  return {};
}

namespace {

std::size_t utf16_units(unsigned char c) {
  if ((c & 0xc0) == 0x80) return 0;  // continuation byte
  return c >= 0xf0 ? 2 : 1;          // astral characters are two UTF-16 units
}

}  // namespace

source_map::source_map(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  block_units_.reserve(text.size() / block + 1);
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i % block == 0) block_units_.push_back(units);
    units += utf16_units(static_cast<unsigned char>(text[i]));
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;  // CRLF ends at the LF
    if (text[i] == '\n' || text[i] == '\r') line_starts_.push_back(static_cast<offset>(i + 1));
  }
  if (text.size() % block == 0) block_units_.push_back(units);  // so that the end has its block
}

std::size_t source_map::units_before(offset at) const {
  const std::size_t end = std::min<std::size_t>(at, text_.size());
  const std::size_t first = end / block;
  std::size_t units = block_units_[first];
  for (std::size_t i = first * block; i < end; ++i) units += utf16_units(static_cast<unsigned char>(text_[i]));
  return units;
}

std::pair<int, int> source_map::line_column(offset at) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), at);
  const std::size_t line = static_cast<std::size_t>(it - line_starts_.begin());
  const offset start = line_starts_[line - 1];
  const std::size_t column = 1 + units_before(at) - units_before(start);
  return {static_cast<int>(line), static_cast<int>(column)};
}

const fragment_definition* document::find_fragment(std::string_view name) const {
  const auto it = fragment_index.find(name);
  return it == fragment_index.end() ? nullptr : &fragments[it->second];
}

boost::json::object to_json(const located_error& e, const source_map& map) {
  boost::json::object o;
  o["message"] = e.message;
  if (!e.at.empty()) {
    boost::json::array locs;
    for (offset at : e.at) {
      const auto [line, column] = map.line_column(at);
      locs.push_back(boost::json::object{{"line", line}, {"column", column}});
    }
    o["locations"] = std::move(locs);
  }
  return o;
}

boost::json::array to_json(const std::vector<located_error>& es, const source_map& map) {
  boost::json::array out;
  for (const auto& e : es) out.push_back(to_json(e, map));
  return out;
}

boost::json::array request_error(std::string message) {
  return boost::json::array{boost::json::object{{"message", std::move(message)}}};
}

}  // namespace wmpulse::graphql
