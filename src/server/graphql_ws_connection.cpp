#include "server/graphql_ws_connection.hpp"

#include "core/json_writer.hpp"
#include "server/outbox.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>

namespace wmpulse::server {
namespace json = boost::json;

namespace {

// graphql-ws allows a payload to be missing, null or an object.
bool nullish_or_object(const json::object& m, std::string_view key) {
  auto it = m.find(key);
  return it == m.end() || it->value().is_null() || it->value().is_object();
}

const json::string* non_empty_id(const json::object& m) {
  auto it = m.find("id");
  if (it == m.end() || !it->value().is_string() || it->value().get_string().empty()) return nullptr;
  return &it->value().get_string();
}

// Why a subscribe payload is malformed, or empty when it is fine.
std::string_view subscribe_payload_problem(const json::object& m) {
  auto it = m.find("payload");
  if (it == m.end() || !it->value().is_object()) return "\"subscribe\" message expects an object payload";
  const auto& p = it->value().get_object();
  auto q = p.find("query");
  if (q == p.end() || !q->value().is_string()) return "\"subscribe\" payload requires a string 'query'";
  if (!nullish_or_object(p, "variables")) return "\"subscribe\" payload 'variables' must be an object";
  if (!nullish_or_object(p, "extensions")) return "\"subscribe\" payload 'extensions' must be an object";
  auto name = p.find("operationName");
  if (name != p.end() && !name->value().is_null() && !name->value().is_string())
    return "\"subscribe\" payload 'operationName' must be a string";
  return {};
}

ws_request to_request(const json::object& payload) {
  ws_request r;
  r.query = std::string(payload.at("query").get_string());
  if (auto it = payload.find("operationName"); it != payload.end() && it->value().is_string())
    r.operation_name = std::string(it->value().get_string());
  if (auto it = payload.find("variables"); it != payload.end() && it->value().is_object())
    r.variables = it->value().get_object();
  return r;
}

std::string frame(std::string_view type, const std::string* id = nullptr, const json::value* payload = nullptr) {
  json::object o;
  if (id) o["id"] = *id;
  o["type"] = type;
  if (payload) o["payload"] = *payload;
  return core::write_json(o);
}

class inline_runner final : public ws_work_runner {
public:
  std::optional<std::string> start_work(std::string_view, std::function<continuation()> work) override {
    work()();
    return std::nullopt;
  }
};

}  // namespace

ws_work_runner& inline_work_runner() {
  static inline_runner runner;
  return runner;
}

// What an operation's work found, taken back to the strand.
struct graphql_ws_connection::outcome {
  std::optional<json::array> errors;  // the document cannot run
  bool subscription = false;
  std::string key;
  std::string text;                      // a single operation's result, serialized
  subscription_hub::first_result first;  // a subscription's first result
  bool registered() const { return subscription && !errors && !first.refused && !first.request_error; }
};

graphql_ws_connection::graphql_ws_connection(graphql_ws_backend& backend, subscription_hub& hub,
                                             const core::clock& clock, ws_transport& transport,
                                             std::weak_ptr<next_sink> sink, options opts, ws_work_runner& runner)
    : backend_(backend),
      hub_(hub),
      clock_(clock),
      transport_(transport),
      sink_(std::move(sink)),
      sink_id_(sink_.lock().get()),
      opts_(opts),
      runner_(runner),
      opened_at_(clock.steady_ms()) {}

graphql_ws_connection::~graphql_ws_connection() { on_closed(); }

void graphql_ws_connection::on_closed() {
  for (auto& [id, sub] : subscriptions_) hub_.remove(sub.key, sink_id_, id);
  for (auto& [key, id] : orphans_) hub_.remove(key, sink_id_, id);
  subscriptions_.clear();
  key_uses_.clear();
  pending_.clear();  // their work, when back, leaves the hub at once
  orphans_.clear();
  closed_ = true;
}

void graphql_ws_connection::close(ws_close code, std::string_view reason) {
  if (closed_) return;
  on_closed();
  transport_.close(code, reason);
}

void graphql_ws_connection::invalid(std::string_view why) {
  ++counters_.invalid;
  close(ws_close::bad_request, why);
}

void graphql_ws_connection::check_timeouts() {
  if (!closed_ && !init_received_ && clock_.steady_ms() >= init_deadline())
    close(ws_close::init_timeout, "Connection initialisation timeout");
}

void graphql_ws_connection::on_message(std::string_view text) {
  if (closed_) return;
  ++counters_.messages;
  json::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return invalid("Invalid message received: not JSON");
  if (!v.is_object()) return invalid("Invalid message received: not an object");
  message_ = text;
  dispatch(v.get_object());
  message_ = {};
}

void graphql_ws_connection::dispatch(const json::object& m) {
  auto type_it = m.find("type");
  if (type_it == m.end() || !type_it->value().is_string())
    return invalid("Invalid message received: missing 'type'");
  std::string_view type = type_it->value().get_string();

  if (type == "connection_init" || type == "ping" || type == "pong") {
    if (!nullish_or_object(m, "payload")) return invalid("Invalid message received: payload must be an object");
    if (type == "connection_init") return on_connection_init(m);
    if (type == "ping") transport_.send(R"({"type":"pong"})");
    return;  // an unsolicited pong is fine
  }
  if (type == "subscribe") return on_subscribe(m);
  if (type == "complete") {
    const json::string* id = non_empty_id(m);
    if (!id) return invalid("Invalid message received: \"complete\" requires a non-empty 'id'");
    return on_complete(std::string(*id));
  }
  if (type == "next" || type == "error" || type == "connection_ack")
    return invalid("Invalid message received: a client may not send \"" + std::string(type) + "\"");
  invalid("Invalid message received: unknown 'type'");
}

void graphql_ws_connection::on_connection_init(const json::object& m) {
  if (init_received_) return close(ws_close::too_many_init, "Too many initialisation requests");
  init_received_ = true;
  const json::object* payload = nullptr;
  if (auto it = m.find("payload"); it != m.end() && it->value().is_object()) payload = &it->value().get_object();
  auto ack = backend_.accept(payload);
  if (!ack) return close(ws_close::forbidden, "Forbidden");
  acknowledged_ = true;
  if (ack->empty()) return transport_.send(R"({"type":"connection_ack"})");
  json::value p = std::move(*ack);
  transport_.send(frame("connection_ack", nullptr, &p));
}

void graphql_ws_connection::on_subscribe(const json::object& m) {
  const json::string* id_value = non_empty_id(m);
  if (!id_value) return invalid("Invalid message received: \"subscribe\" requires a non-empty 'id'");
  if (auto problem = subscribe_payload_problem(m); !problem.empty())
    return invalid(std::string("Invalid message received: ") + std::string(problem));
  if (!acknowledged_) return close(ws_close::unauthorized, "Unauthorized");
  std::string id(*id_value);
  if (subscriptions_.contains(id) || pending_.contains(id))
    return close(ws_close::subscriber_exists, "Subscriber for " + id + " already exists");

  ++counters_.operations;
  if (subscriptions_.size() + pending_.size() + orphans_.size() >= opts_.max_operations)
    return send_error(id, "too many operations on this connection (the limit is " +
                              std::to_string(opts_.max_operations) + ", counting those still running)");
  const std::uint64_t serial = next_serial_++;
  auto job = [&backend = backend_, &hub = hub_, sink = sink_, who = sink_id_, id, serial,
              request = to_request(m.at("payload").get_object()), life = std::weak_ptr<int>(life_),
              self = this]() -> ws_work_runner::continuation {
    std::shared_ptr<outcome> done = work(backend, hub, request, sink, who, id, serial);
    return [done, life, self, &hub, who, id, serial] {
      if (life.lock()) return self->finish(id, serial, *done);
      if (done->registered()) hub.remove(done->key, who, id);  // the connection is gone
    };
  };
  pending_.emplace(id, in_flight{serial, nullptr});
  if (auto refused = runner_.start_work(message_, std::move(job))) {
    pending_.erase(id);
    send_error(id, std::move(*refused));
  }
}

// On a worker thread: nothing of the connection is touched here.
std::shared_ptr<graphql_ws_connection::outcome> graphql_ws_connection::work(
    graphql_ws_backend& backend, subscription_hub& hub, const ws_request& request,
    const std::weak_ptr<next_sink>& sink, const next_sink* who, const std::string& id, std::uint64_t serial) {
  auto out = std::make_shared<outcome>();
  try {
    auto prepared = backend.prepare(request);
    if (!prepared.ok()) {
      out->errors = std::move(prepared.error());
      return out;
    }
    const ws_operation& op = prepared.value();
    out->subscription = op.subscription;
    out->key = op.key;
    if (op.subscription) {
      out->first = hub.add(op, sink, who, id, serial);
    } else {
      const published_root root = hub.root();
      out->text = core::write_json(op.execute(root_value(root)));
    }
  } catch (const std::exception& e) {
    if (out->registered()) hub.remove(out->key, who, id);
    *out = outcome{};
    out->errors = json::array{json::object{{"message", std::string("Internal error: ") + e.what()}}};
  }
  return out;
}

// On the strand, when the work is back.
void graphql_ws_connection::finish(const std::string& id, std::uint64_t serial, outcome& done) {
  auto it = pending_.find(id);
  if (closed_ || it == pending_.end() || it->second.serial != serial) return release(done, id);  // cancelled
  auto early = std::move(it->second.early);
  pending_.erase(it);
  if (done.errors) {
    json::value errors = std::move(*done.errors);
    transport_.send(frame("error", &id, &errors));
  } else if (!done.subscription) {
    deliver_single(id, done.text);
  } else {
    deliver_subscription(id, serial, done, std::move(early));
  }
  flush_orphans(id);
}

// A cancelled operation's hub registration. When its id is in use again, removing it now (by
// id) would remove the new one too: it waits for that id to end.
void graphql_ws_connection::release(const outcome& done, const std::string& id) {
  if (!done.registered()) return;
  if (!closed_ && (subscriptions_.contains(id) || pending_.contains(id))) {
    orphans_.emplace_back(done.key, id);
    return;
  }
  hub_.remove(done.key, sink_id_, id);
}

void graphql_ws_connection::flush_orphans(const std::string& id) {
  if (pending_.contains(id)) return;
  auto active = subscriptions_.find(id);
  std::erase_if(orphans_, [&](const std::pair<std::string, std::string>& o) {
    if (o.second != id) return false;
    // Under the active one's key, the hub removes both together when the id ends.
    if (active == subscriptions_.end() || active->second.key != o.first) hub_.remove(o.first, sink_id_, id);
    return true;
  });
}

void graphql_ws_connection::offer_early(const std::string& id, std::uint64_t serial,
                                        std::shared_ptr<const std::string> payload) {
  auto it = pending_.find(id);
  if (it != pending_.end() && it->second.serial == serial) it->second.early = std::move(payload);
}

void graphql_ws_connection::send_error(const std::string& id, std::string message) {
  json::value errors = json::array{json::object{{"message", std::move(message)}}};
  transport_.send(frame("error", &id, &errors));
}

std::string graphql_ws_connection::oversized_message(std::size_t bytes) const {
  return "The response is larger than the limit of " + std::to_string(opts_.max_result_bytes) + " bytes (" +
         std::to_string(bytes) + " bytes).";
}

void graphql_ws_connection::deliver_single(const std::string& id, const std::string& text) {
  if (text.size() > opts_.max_result_bytes) return send_error(id, oversized_message(text.size()));
  transport_.send(next_prefix(id) + text + "}");
  transport_.send(frame("complete", &id));
}

void graphql_ws_connection::deliver_subscription(const std::string& id, std::uint64_t serial, outcome& done,
                                                 std::shared_ptr<const std::string> early) {
  const auto& first = done.first;
  if (first.refused)
    return send_error(id, "The server already runs " + std::to_string(hub_.max_keys()) +
                              " distinct subscriptions, the limit (max-subscription-keys); try again later.");
  if (first.payload->size() > opts_.max_result_bytes) {
    if (!first.request_error) hub_.remove(done.key, sink_id_, id);
    return send_error(id, oversized_message(first.payload->size()));
  }
  if (first.request_error) {
    // graphql-ws sends a result that is not a stream (e.g. bad variables) once, then completes.
    transport_.send(next_prefix(id) + *first.payload + "}");
    transport_.send(frame("complete", &id));
    return;
  }
  if (!key_uses_.contains(done.key) && key_uses_.size() >= opts_.max_distinct_subscriptions) {
    hub_.remove(done.key, sink_id_, id);
    return send_error(id, "This connection already has " + std::to_string(key_uses_.size()) +
                              " distinct subscriptions, the limit (ws-max-distinct-subscriptions); complete one first.");
  }
  subscriptions_.emplace(id, subscription{done.key, serial});
  ++key_uses_[done.key];
  if (auto sink = sink_.lock()) sink->offer(id, serial, early ? std::move(early) : first.payload);
}

void graphql_ws_connection::end_subscription(const std::string& id) {
  auto it = subscriptions_.find(id);
  if (it == subscriptions_.end()) return;
  hub_.remove(it->second.key, sink_id_, id);
  if (auto k = key_uses_.find(it->second.key); k != key_uses_.end() && --k->second == 0) key_uses_.erase(k);
  subscriptions_.erase(it);
  transport_.forget(id);
  flush_orphans(id);
}

void graphql_ws_connection::on_complete(const std::string& id) {
  if (pending_.erase(id)) return;  // still running: its result is dropped when it comes back
  end_subscription(id);            // unknown or finished: ignored
}

void graphql_ws_connection::on_oversized(const std::string& id, std::size_t bytes) {
  if (closed_ || !subscriptions_.contains(id)) return;
  end_subscription(id);
  send_error(id, oversized_message(bytes));
}

}  // namespace wmpulse::server
