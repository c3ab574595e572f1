#include "sources/replay_line.hpp"

#include <boost/json.hpp>

#include "core/iso8601.hpp"

namespace wmpulse::sources {
namespace json = boost::json;
namespace {

std::string frame_text(const json::value& v) {
  if (const auto* s = v.if_string()) return std::string(*s);
  return json::serialize(v);
}

std::string_view string_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

replay_line recording(const json::object& o) {
  replay_line r;
  if (const auto* t = o.if_contains("t"); t && t->is_int64()) r.received_ms = t->get_int64();
  const auto source = string_at(o, "source");
  if (source == "genesys") r.protocol = frame_protocol::genesys;
  else if (source != "tutorial") {
    r.protocol = frame_protocol::unknown;
    r.error = "recording line with unknown source \"" + std::string(source.substr(0, 64)) + "\"";
    return r;
  }
  r.frame = frame_text(o.at("frame"));
  return r;
}

replay_line eventbridge(const json::object& o, const json::value& detail) {
  replay_line r;
  r.protocol = frame_protocol::genesys;
  r.received_ms = core::parse_iso8601_ms(string_at(o, "time"));
  r.frame = frame_text(detail);
  return r;
}

}  // namespace

replay_line classify_replay_line(std::string_view line) {
  boost::system::error_code ec;
  const json::value v = json::parse(line, ec);
  const auto* o = ec ? nullptr : v.if_object();
  if (o && o->contains("frame") && o->contains("source")) return recording(*o);
  if (o && o->contains("detail") && (o->contains("detail-type") || string_at(*o, "source").starts_with("aws.partner/genesys.com")))
    return eventbridge(*o, o->at("detail"));
  replay_line r;
  r.frame = std::string(line);
  if (o && o->contains("topicName")) r.protocol = frame_protocol::genesys;
  return r;
}

}  // namespace wmpulse::sources
