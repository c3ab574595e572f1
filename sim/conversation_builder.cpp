#include "sim/conversation_builder.hpp"

#include <algorithm>

namespace wmpulse::sim {
namespace {

millis ms(double v) { return static_cast<millis>(v); }

sim_participant make_participant(rng& r, std::string purpose, millis start, millis connected) {
  sim_participant p;
  p.id = r.uuid();
  p.purpose = std::move(purpose);
  p.start = start;
  p.connected = connected;
  return p;
}

void finish(sim_participant& p, millis end, std::string type) {
  if (p.end) return;
  p.end = end;
  p.disconnect_type = std::move(type);
}

// Routes the customer to a queue at `at`: an acd participant, then (unless abandoned) an agent.
// Returns the agent's index or nothing when the customer gave up waiting.
std::optional<std::size_t> route(rng& r, sim_conversation& c, millis at, std::size_t queue,
                                 const std::vector<sim_queue>& queues,
                                 const std::vector<std::vector<sim_agent>>& agents, const conversation_shape& shape,
                                 bool may_abandon) {
  auto acd = make_participant(r, "acd", at, at + r.uniform_int(5, 30));
  acd.queue_id = queues[queue].id;
  const millis wait = std::min<millis>(ms(r.exponential(shape.mean_wait_ms)), 300'000);
  const millis answered = acd.connected + wait;
  if (may_abandon && r.chance(shape.abandon_share)) {
    finish(acd, answered, "peer");
    c.participants.push_back(std::move(acd));
    finish(c.participants.front(), answered, "client");
    c.end = answered;
    return std::nullopt;
  }
  finish(acd, answered, "transfer");
  c.participants.push_back(std::move(acd));
  const auto& pool = agents[queue];
  auto agent = make_participant(r, "agent", answered, answered + r.uniform_int(1'000, 6'000));
  agent.queue_id = queues[queue].id;
  agent.user = pool[std::size_t(r.uniform_int(0, std::int64_t(pool.size()) - 1))];
  c.participants.push_back(std::move(agent));
  return c.participants.size() - 1;
}

// The agent connected at time t, if any.
std::optional<std::size_t> agent_at(const sim_conversation& c, millis t) {
  for (std::size_t i = 0; i < c.participants.size(); ++i) {
    const auto& p = c.participants[i];
    if (p.purpose == "agent" && p.connected <= t && (!p.end || t < *p.end)) return i;
  }
  return std::nullopt;
}

// That share of entries are receipts or typing/presence events rather than messages.
void maybe_not_a_message(rng& r, sim_message& m, const conversation_shape& shape) {
  if (shape.non_message_rate <= 0 || !r.chance(shape.non_message_rate)) return;
  m.type = static_cast<entry_type>(r.uniform_int(1, 3));
  m.delivered.reset();
}

// A flow (purpose workflow) and its bot (botflow) talk with the customer first. The bot either
// hands over to a queue (both end by transfer) or resolves the conversation alone: then it is
// never routed and never on a queue topic. Returns the hand-over (or end) time.
millis meet_bot(rng& r, sim_conversation& c, const conversation_shape& shape) {
  const millis start = c.participants[0].connected + r.uniform_int(20, 200);
  const millis end = start + r.uniform_int(5'000, 60'000);
  const bool alone = r.chance(shape.bot_only_share);
  auto flow = make_participant(r, "workflow", start, start);
  auto bot = make_participant(r, "botflow", start + 10, start + 10);
  finish(flow, end, alone ? "endpoint" : "transfer");
  finish(bot, end, alone ? "endpoint" : "transfer");
  c.participants.push_back(std::move(flow));
  c.participants.push_back(std::move(bot));
  const std::size_t bot_index = c.participants.size() - 1;
  for (millis t = start + r.uniform_int(200, 1'500); t < end; t += 1 + ms(r.exponential(5'000))) {
    sim_message m;
    m.id = r.uuid();
    m.time = t;
    if (r.chance(0.5)) {
      m.dir = msg_dir::outbound;
      m.participant = bot_index;
      if (const millis delivered = t + r.uniform_int(100, 800); delivered < end) m.delivered = delivered;
    }
    maybe_not_a_message(r, m, shape);
    c.messages.push_back(std::move(m));
  }
  if (alone) {
    finish(c.participants[0], end, "client");
    c.end = end;
    c.bot_only = true;
  }
  return end;
}

void add_messages(rng& r, sim_conversation& c, const conversation_shape& shape) {
  const millis first = c.routed + r.uniform_int(200, 4'000);
  const millis end = *c.end;
  for (millis t = first; t < end; t += 1 + ms(r.exponential(shape.mean_message_gap_ms))) {
    sim_message m;
    m.id = r.uuid();
    m.time = t;
    const auto agent = agent_at(c, t);
    if (agent && r.chance(0.5)) {
      m.dir = msg_dir::outbound;
      m.participant = *agent;
      const millis delivered = t + r.uniform_int(300, 1'500);
      if (delivered < end) m.delivered = delivered;
    } else {
      m.participant = 0;
    }
    maybe_not_a_message(r, m, shape);
    c.messages.push_back(std::move(m));
  }
}

void collect_changes(sim_conversation& c) {
  auto add = [&](millis t) { if (t >= c.routed) c.changes.push_back(t); };
  c.changes.push_back(c.routed);
  for (const auto& p : c.participants) {
    add(p.start);
    add(p.connected);
    if (p.end) add(*p.end);
  }
  for (const auto& m : c.messages) {
    add(m.time);
    if (m.delivered) add(*m.delivered);
  }
  std::sort(c.changes.begin(), c.changes.end());
  c.changes.erase(std::unique(c.changes.begin(), c.changes.end()), c.changes.end());
}

}  // namespace

sim_conversation build_conversation(rng& r, std::size_t index, millis arrival, const std::string& messaging_type,
                                    const std::vector<sim_queue>& queues,
                                    const std::vector<std::vector<sim_agent>>& agents,
                                    const conversation_shape& shape) {
  sim_conversation c;
  c.index = index;
  c.id = r.uuid();
  c.messaging_type = messaging_type;
  c.participants.push_back(make_participant(r, "customer", arrival, arrival + r.uniform_int(50, 300)));
  const std::size_t home = std::size_t(r.uniform_int(0, std::int64_t(queues.size()) - 1));
  millis ready = c.participants[0].connected;
  if (shape.bot_share > 0 && r.chance(shape.bot_share)) ready = meet_bot(r, c, shape);
  if (c.bot_only) {
    c.routed = *c.end;  // never: no queue topic carries it
    c.changes.push_back(*c.end);
    return c;
  }
  c.routed = ready + r.uniform_int(500, 3'000);
  auto agent = route(r, c, c.routed, home, queues, agents, shape, true);
  if (agent) {
    const auto& a = c.participants[*agent];
    millis end = a.connected + std::max<millis>(10'000, ms(r.lognormal(shape.median_handle_ms, 0.6)));
    if (queues.size() > 1 && r.chance(shape.transfer_share)) {
      const millis at = a.connected + (end - a.connected) / 2;
      finish(c.participants[*agent], at, "transfer");
      const std::size_t other = (home + 1 + std::size_t(r.uniform_int(0, std::int64_t(queues.size()) - 2))) % queues.size();
      agent = route(r, c, at + 200, other, queues, agents, shape, false);
      end = c.participants[*agent].connected + std::max<millis>(10'000, ms(r.lognormal(shape.median_handle_ms / 2, 0.6)));
    }
    const bool customer_leaves = r.chance(0.6);
    for (auto& p : c.participants) {
      if (p.purpose == "customer") finish(p, end, customer_leaves ? "client" : "peer");
      else finish(p, end, customer_leaves ? "peer" : "endpoint");
    }
    c.end = end;
  }
  add_messages(r, c, shape);
  collect_changes(c);
  return c;
}

}  // namespace wmpulse::sim
