#!/usr/bin/env bash
# Cluster figures of docs/SCALING.md ("Measured figures") that need a real build/wmpulse:
#
#   ready   Time to ready with a day of events, for both logs. A recording of a busy contact
#           centre's day of web messaging (tutorial protocol, SESSIONS sessions, ~20 events each,
#           ~1.04 million events for the default 52,000; timestamps over the last 24 h, a daytime
#           profile) is written into the embedded journal (--data-dir) and into a JetStream stream
#           (--nats, one nats-server -js on loopback) by `--source replay --speed max`. Then, RUNS
#           times each (journal and JetStream alternately, so both see the same load): a fresh
#           node is started on that log and timed from its start until GET /readyz answers 200
#           (polled every 50 ms), with its "replayed …" log line, VmRSS/VmHWM when ready and the
#           log's size on disk. The fresh node follows a quiet tutorial-protocol WebSocket server
#           (started here), so "ready" means: log replayed and source connected. The JetStream
#           fresh node is a follower: the filling node keeps the lease. A third log, the journal
#           filled with the same day paced at PACED_SPEED x (--speed 1000: the day in ~86 s), has
#           ~1000 records a second of a few events, as many records as a real day's journal
#           (the unpaced replay writes a few hundred records of 4096 events). Baselines: a fresh
#           node on an empty journal and the first node on an empty stream.
#   fanout  Fan-out with 1 vs 2 nodes: nodes on one nats-server follow the same stream
#           (node a: leader, --source replay of one webchat:connected every TICK_MS; node b:
#           follower). For each count in SUBSCRIBERS, graphql-transport-ws subscribers of
#           realTimeMetrics are put all on node a, then half on a and half on b, then (a control)
#           all on node c, a third follower with --http-threads 2 (a and b have the default, one
#           I/O thread: two nodes also mean two writing threads); REPEAT rounds. Each tick (a new
#           totalConnections) is timed from the first to the last subscriber to receive it, with the kernel's receive timestamp of each socket
#           (SO_TIMESTAMPNS: when the server's write reached the socket, whatever the client's
#           own delay) and, for comparison, when the client read it.
#
# Run from the repository root, on a Release build (nothing is built here):
#   bench/cluster/ready_and_fanout.sh [ready|fanout|all]
# Settings (environment): WMPULSE (build/wmpulse), NATS_SERVER (nats-server on PATH or
# /usr/sbin), SESSIONS (52000), RUNS (3), SUBSCRIBERS ("2000 10000"), TICKS (100 per case),
# TICK_MS (500), REPEAT (2), PACED_SPEED (1000; 0: no paced journal); KEEP_WORK=1 keeps the
# temporary directory.
# Every figure is printed with the load average (/proc/loadavg) at the time. Everything runs on
# 127.0.0.1 with ports chosen at run time, in a mktemp directory; every process started here is
# stopped on exit, and every wait is bounded.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${WMPULSE:-$ROOT/build/wmpulse}
NATS_SERVER=${NATS_SERVER:-$(command -v nats-server || echo /usr/sbin/nats-server)}
WHAT=${1:-all}
SESSIONS=${SESSIONS:-52000}
RUNS=${RUNS:-3}
SUBSCRIBERS=${SUBSCRIBERS:-"2000 10000"}
TICKS=${TICKS:-100}
TICK_MS=${TICK_MS:-500}
REPEAT=${REPEAT:-2}
PACED_SPEED=${PACED_SPEED:-1000}

case $WHAT in ready | fanout | all) ;; *) echo "usage: $0 [ready|fanout|all]" >&2; exit 2 ;; esac
[[ -x $BIN ]] || { echo "no $BIN: build it first (make test builds build/)" >&2; exit 2; }
[[ -x $NATS_SERVER ]] || { echo "no nats-server (apt-get install nats-server)" >&2; exit 2; }
command -v python3 >/dev/null && command -v curl >/dev/null && command -v jq >/dev/null ||
  { echo "needs python3, curl and jq" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/wmpulse-ready-fanout.XXXXXX")
PIDS=()
# A copy: a build that relinks build/wmpulse meanwhile does not change the binary under test.
cp "$BIN" "$WORK/wmpulse"
BIN_SOURCE=$BIN BIN=$WORK/wmpulse

stop_pid() {  # TERM, then KILL after 15 s
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  if [[ ${KEEP_WORK:-0} == 1 ]]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
now_us() { echo "${EPOCHREALTIME/./}"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
log() { echo "[$(date -u +%H:%M:%S) load $(loadavg)] $*" >&2; }
status_kib() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null; }
HZ=$(getconf CLK_TCK)
cpu_ms() { awk -v hz="$HZ" '{ printf "%d\n", ($14 + $15) * 1000 / hz }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# start_bg NAME CMD…: in the background, stdout/stderr to $WORK/NAME.out/.err; sets LAST_PID.
start_bg() {
  local name=$1; shift
  "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

# wmpulse prints "wmpulse listening on http://127.0.0.1:PORT …" first on stdout.
wmpulse_port() {
  local name=$1 pid=$2 i p
  for ((i = 0; i < 600; i++)); do
    p=$(sed -n 's|^wmpulse listening on http://127\.0\.0\.1:\([0-9]*\) .*|\1|p' "$WORK/$name.out" | head -1)
    [[ -n $p ]] && { echo "$p"; return 0; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "$name did not start:" >&2; tail -5 "$WORK/$name.err" >&2; return 1
}

metric() {  # PORT NAME: the value of an unlabelled sample of /metrics (empty if none)
  curl -s --max-time 5 "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1 == m { print $2; exit }' || true
}

role() {
  curl -s --max-time 5 -H 'content-type: application/json' -d '{"query":"{ status { role } }"}' \
    "http://127.0.0.1:$1/graphql" | jq -r '.data.status.role // empty' 2>/dev/null || true
}

wait_role() {  # PORT ROLE SECONDS
  local i
  for ((i = 0; i < $3 * 10; i++)); do [[ $(role "$1") == "$2" ]] && return 0; sleep 0.1; done
  echo "node on port $1 did not become $2 within $3 s" >&2; return 1
}

# Until METRIC on PORT reaches WANT; gives up after MAX_S, or when it has not moved for 60 s.
wait_metric_reaches() {
  local port=$1 name=$2 want=$3 max_s=$4 v last="" still=0 t_end=$(($(now_us) + $4 * 1000000))
  while (($(now_us) < t_end)); do
    v=$(metric "$port" "$name"); v=${v%.*}
    [[ -n $v && $v -ge $want ]] && return 0
    if [[ $v == "$last" ]]; then ((still++)) || true; else still=0; last=$v; fi
    ((still < 120)) || break
    sleep 0.5
  done
  echo "$name on port $port stopped at ${v:-nothing} of $want" >&2; return 1
}

start_nats() {  # NAME: sets NATS_PORT, NATS_DIR
  NATS_DIR=$WORK/$1; mkdir -p "$NATS_DIR"
  start_bg "$1" "$NATS_SERVER" -js -sd "$NATS_DIR" -a 127.0.0.1 -p -1
  NATS_PID=$LAST_PID
  local i
  for ((i = 0; i < 300; i++)); do
    NATS_PORT=$(grep -so 'Listening for client connections on 127\.0\.0\.1:[0-9]*' "$WORK/$1.err" | head -1 | sed 's/.*://' || true)
    [[ -n $NATS_PORT ]] && grep -sq 'Server is ready' "$WORK/$1.err" && return 0
    sleep 0.05
  done
  echo "nats-server did not start:" >&2; tail -5 "$WORK/$1.err" >&2; return 1
}

# ---- python helpers, written into the work directory -------------------------------------------

# A day of web messaging: SESSIONS sessions, connect times over the last 24 h weighted by hour
# of day (UTC), lognormal durations (median 12 min, 1 min..2 h), 10..26 messages each; sessions
# still open 2 min before now have no disconnect. Writes tutorial-protocol frames in time order.
cat >"$WORK/gen_day.py" <<'PY'
import math, random, sys, time
sessions, path = int(sys.argv[1]), sys.argv[2]
rng = random.Random(20261202)
now = int(time.time() * 1000)
end, start = now - 120_000, now - 86_400_000 + 600_000
W = [1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 14, 13, 12, 13, 14, 14, 13, 12, 10, 8, 6, 4, 3, 2]
ev = []
for s in range(sessions):
    while True:
        t = int(rng.uniform(start, end - 60_000))
        if rng.random() * 14 <= W[(t // 3_600_000) % 24]: break
    dur = int(min(7_200_000, max(60_000, rng.lognormvariate(math.log(720_000), 0.6))))
    sid = "day-%06d" % s
    ev.append((t, 0, sid))
    ev.extend((m, 1, sid) for m in sorted(rng.sample(range(t + 1, t + dur), rng.randint(10, 26))) if m < end)
    if t + dur < end: ev.append((t + dur, 2, sid))
ev.sort()
kinds = ("webchat:connected", "webchat:message", "webchat:disconnected")
prefix = {}
with open(path, "w") as f:
    out = []
    for t, k, sid in ev:
        sec = t // 1000
        p = prefix.get(sec)
        if p is None: p = prefix[sec] = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec))
        out.append('{"eventType":"%s","timestamp":"%s.%03dZ","data":{"sessionId":"%s"}}\n' % (kinds[k], p, t % 1000, sid))
        if len(out) >= 100_000: f.write("".join(out)); out = []
    f.write("".join(out))
opened = sum(1 for e in ev if e[1] == 0) - sum(1 for e in ev if e[1] == 2)
print(len(ev), opened, ev[0][0], ev[-1][0])
PY

# The day as a recording: each frame with its event time as its receive time ("t"), for --speed.
cat >"$WORK/to_recording.py" <<'PY'
import calendar, sys, time
with open(sys.argv[1]) as src, open(sys.argv[2], "w") as out:
    for line in src:
        ts = line[line.index('"timestamp":"') + 13:][:23]
        t = calendar.timegm(time.strptime(ts[:19], "%Y-%m-%dT%H:%M:%S")) * 1000 + int(ts[20:23])
        out.write('{"t":%d,"source":"tutorial","frame":%s}\n' % (t, line.rstrip("\n")))
PY

# The fan-out ticks: one webchat:connected every TICK_MS, as a recording (paced by "t").
cat >"$WORK/gen_ticks.py" <<'PY'
import sys, time
n, every, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
now = int(time.time() * 1000)
with open(path, "w") as f:
    for i in range(n):
        t = now + i * every
        ts = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t // 1000)) + ".%03dZ" % (t % 1000)
        f.write('{"t":%d,"source":"tutorial","frame":{"eventType":"webchat:connected","timestamp":"%s","data":{"sessionId":"tick-%d"}}}\n' % (t, ts, i))
PY

# A tutorial-protocol event stream that accepts, answers pings and sends nothing.
cat >"$WORK/quiet_ws.py" <<'PY'
import asyncio, base64, hashlib, re, struct, sys
GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
async def handle(r, w):
    try:
        req = await r.readuntil(b"\r\n\r\n")
        key = re.search(rb"(?im)^sec-websocket-key:\s*(\S+)", req).group(1)
        acc = base64.b64encode(hashlib.sha1(key + GUID).digest())
        w.write(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + acc + b"\r\n\r\n")
        while True:
            b0, b1 = await r.readexactly(2)
            n = b1 & 0x7F
            if n == 126: n = struct.unpack("!H", await r.readexactly(2))[0]
            elif n == 127: n = struct.unpack("!Q", await r.readexactly(8))[0]
            mask = await r.readexactly(4) if b1 & 0x80 else b"\0\0\0\0"
            data = bytes(c ^ mask[i % 4] for i, c in enumerate(await r.readexactly(n)))
            if b0 & 0x0F == 0x9: w.write(bytes([0x8A, len(data)]) + data)
            elif b0 & 0x0F == 0x8: w.write(b"\x88\x00"); break
            await w.drain()
    except (asyncio.IncompleteReadError, ConnectionError, AttributeError):
        pass
    w.close()
async def main():
    srv = await asyncio.start_server(handle, "127.0.0.1", 0)
    print(srv.sockets[0].getsockname()[1], flush=True)
    await srv.serve_forever()
asyncio.run(main())
PY

# The fan-out load generator: graphql-transport-ws subscribers over raw non-blocking sockets
# and one epoll loop (the design of bench/fanout_load.cpp, which only runs inside fanout_bench
# against its own in-process server), with each socket's kernel receive timestamp.
cat >"$WORK/fanout_client.py" <<'PY'
import json, os, resource, select, socket, struct, sys, time
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
QUERY = "subscription { realTimeMetrics { activeSessions totalConnections avgSessionDurationMs messagesPerMinute } }"
targets = [(int(p), int(n)) for p, n in (a.split(":") for a in sys.argv[1].split(","))]
want_ticks, limit_s = int(sys.argv[2]), float(sys.argv[3])
resource.setrlimit(resource.RLIMIT_NOFILE, (resource.getrlimit(resource.RLIMIT_NOFILE)[1],) * 2)

def frame(payload, opcode=1):  # client frames are masked; a zero key leaves the bytes as they are
    n = len(payload)
    h = bytes([0x80 | opcode]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack("!H", n))
    return h + b"\0\0\0\0" + payload

def frames(buf):  # whole frames of buf: [(opcode, payload)], rest
    out, at = [], 0
    while len(buf) - at >= 2:
        b0, b1 = buf[at], buf[at + 1]
        n, h = b1 & 0x7F, 2
        if n == 126:
            if len(buf) - at < 4: break
            n, h = struct.unpack_from("!H", buf, at + 2)[0], 4
        elif n == 127:
            if len(buf) - at < 10: break
            n, h = struct.unpack_from("!Q", buf, at + 2)[0], 10
        if len(buf) - at < h + n: break
        out.append((b0 & 0x0F, buf[at + h:at + h + n]))
        at += h + n
    return out, buf[at:]

KEY = b'"totalConnections":'
def value_of(p):
    i = p.find(KEY)
    if i < 0: return None
    j = i + len(KEY); k = j
    while p[k:k + 1].isdigit(): k += 1
    return int(p[j:k])

INIT = frame(b'{"type":"connection_init"}')
SUB = frame(json.dumps({"id": "s", "type": "subscribe", "payload": {"query": QUERY}}).encode())
ep = select.epoll()
conns = {}  # fd -> [sock, node, state, buf]; state 0 connecting, 1 upgrade, 2 ack, 3 first result, 4 ready
todo = [(node, port) for node, (port, n) in enumerate(targets) for _ in range(n)]
todo.reverse()
failed, ready_count, inflight, maxv = 0, 0, 0, -1
subs = [0] * len(targets)

def start_one():
    global inflight
    node, port = todo.pop()
    s = socket.socket(); s.setblocking(False)
    s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    s.connect_ex(("127.0.0.1", port))
    conns[s.fileno()] = [s, node, 0, b"", port]
    ep.register(s.fileno(), select.EPOLLOUT)
    inflight += 1

def fail(fd):
    global failed, inflight
    c = conns.pop(fd, None)
    if not c: return
    if c[2] < 4: inflight -= 1
    else: subs[c[1]] -= 1
    failed += 1
    try: ep.unregister(fd)
    except OSError: pass
    c[0].close()

t_connect = time.monotonic()
while (todo or inflight) and time.monotonic() - t_connect < limit_s:
    while todo and inflight < 256: start_one()
    for fd, evm in ep.poll(1.0):
        c = conns.get(fd)
        if not c: continue
        s = c[0]
        if c[2] == 0:
            if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR): fail(fd); continue
            s.send(b"GET /graphql HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                   b"Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n" % c[4])
            c[2] = 1; ep.modify(fd, select.EPOLLIN); continue
        try: data = s.recv(65536)
        except BlockingIOError: continue
        except OSError: fail(fd); continue
        if not data: fail(fd); continue
        c[3] += data
        if c[2] == 1:
            i = c[3].find(b"\r\n\r\n")
            if i < 0: continue
            if not c[3].startswith(b"HTTP/1.1 101"): fail(fd); continue
            c[3] = c[3][i + 4:]; c[2] = 2; s.send(INIT)
        fs, c[3] = frames(c[3])
        for op, p in fs:
            if op == 0x9: s.send(frame(p, 0xA)); continue
            if c[2] == 2 and b'"connection_ack"' in p: c[2] = 3; s.send(SUB)
            elif b'"next"' in p:
                v = value_of(p)
                if v is not None and v > maxv: maxv = v
                if c[2] == 3: c[2] = 4; inflight -= 1; ready_count += 1; subs[c[1]] += 1
connect_s = time.monotonic() - t_connect
cpu0 = time.process_time()
print("MEASURING", file=sys.stderr, flush=True)

# Measuring: every tick value newer than any result read while connecting.
base = maxv
ticks = {}   # value -> per node [count, kmin, kmax, umin, umax]
done = []    # completed ticks: (value, per node stats)
multi = 0    # reads that held more than one result (the kernel time is then the last one's)
measured = 0  # results of measured ticks received (ticks x subscribers when none is repeated)
ANC = socket.CMSG_SPACE(16)
t_measure = time.monotonic()
deadline = t_measure + want_ticks * 5 + 60
while len(done) < want_ticks and time.monotonic() < deadline and conns:
    for fd, evm in ep.poll(1.0):
        c = conns.get(fd)
        if not c: continue
        try: data, anc, _, _ = c[0].recvmsg(65536, ANC)
        except BlockingIOError: continue
        except OSError: fail(fd); continue
        u = time.time_ns()
        if not data: fail(fd); continue
        k = u
        for lvl, typ, d in anc:
            if lvl == socket.SOL_SOCKET and typ == SO_TIMESTAMPNS:
                sec, ns = struct.unpack("qq", d[:16]); k = sec * 1_000_000_000 + ns
        c[3] += data
        fs, c[3] = frames(c[3])
        got = 0
        for op, p in fs:
            if op == 0x9: c[0].send(frame(p, 0xA)); continue
            if op != 0x1: continue
            v = value_of(p)
            if v is None: continue
            got += 1
            if v <= base: continue
            measured += 1
            t = ticks.get(v)
            if t is None: t = ticks[v] = [[0, None, None, None, None] for _ in targets]
            n = t[c[1]]
            n[0] += 1
            if n[1] is None or k < n[1]: n[1] = k
            if n[2] is None or k > n[2]: n[2] = k
            if n[3] is None or u < n[3]: n[3] = u
            if n[4] is None or u > n[4]: n[4] = u
            if all(t[i][0] >= subs[i] for i in range(len(targets))):
                done.append((v, ticks.pop(v)))
        if got > 1: multi += 1

def q(xs, f):
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(f * len(xs)))], 2) if xs else None
def stats(xs): return {"p50": q(xs, 0.5), "p99": q(xs, 0.99), "max": q(xs, 1.0)}
ms = lambda ns: ns / 1e6
k_all = [ms(max(n[2] for n in t) - min(n[1] for n in t)) for _, t in done]
u_all = [ms(max(n[4] for n in t) - min(n[3] for n in t)) for _, t in done]
k_node = [ms(max(n[2] - n[1] for n in t)) for _, t in done]
skew = [ms(max(n[1] for n in t) - min(n[1] for n in t)) for _, t in done] if len(targets) > 1 else []
print(json.dumps({
    "targets": [{"port": p, "subscribers": n, "ready": subs[i]} for i, (p, n) in enumerate(targets)],
    "connect_s": round(connect_s, 2), "failed": failed, "ticks": len(done),
    "ticks_incomplete": len(ticks), "results_received": measured, "multi_result_reads": multi,
    "spread_kernel_ms": stats(k_all), "spread_client_ms": stats(u_all),
    "spread_within_node_kernel_ms": stats(k_node), "first_frame_skew_between_nodes_ms": stats(skew),
    "client_cpu_s": round(time.process_time() - cpu0, 2), "measure_s": round(time.monotonic() - t_measure, 2)}))
PY

# ---- time to ready ------------------------------------------------------------------------------

# measure_ready LABEL RUN ARGS…: a fresh node on a log; one result line.
measure_ready() {
  local label=$1 run=$2; shift 2
  local name="fresh-$label-$run" port="" code t_ready="" t_listen="" load0 load1
  load0=$(loadavg)
  local t0; t0=$(now_us)
  start_bg "$name" "$BIN" --source tutorial --events-url "ws://127.0.0.1:$QUIET_PORT/" --bind 127.0.0.1 --port 0 \
    --log-level info "$@"
  local pid=$LAST_PID deadline=$((t0 + 300 * 1000000))
  while (($(now_us) < deadline)); do
    if [[ -z $port ]]; then
      port=$(sed -n 's|^wmpulse listening on http://127\.0\.0\.1:\([0-9]*\) .*|\1|p' "$WORK/$name.out" | head -1)
      [[ -n $port ]] && t_listen=$(now_us)
    fi
    if [[ -n $port ]]; then
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/readyz" || true)
      [[ $code == 200 ]] && { t_ready=$(now_us); break; }
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  local rss hwm line i
  rss=$(status_kib "$pid" VmRSS); hwm=$(status_kib "$pid" VmHWM); load1=$(loadavg)
  for ((i = 0; i < 100; i++)); do
    line=$(grep -ho 'replayed.*events/s' "$WORK/$name.err" "$WORK/$name.out" | head -1 || true)
    [[ -n $line ]] && break; sleep 0.1
  done
  stop_pid "$pid"
  if [[ -z $t_ready ]]; then
    echo "RESULT ready $label run $run: NOT READY within 300 s (load $load0 -> $load1)"; tail -3 "$WORK/$name.err"; return
  fi
  echo "RESULT ready $label run $run: $(((t_ready - t0) / 1000)) ms to /readyz 200 (port printed after $(((t_listen - t0) / 1000)) ms); \"$line\"; VmRSS ${rss} kB, VmHWM ${hwm} kB (load $load0 -> $load1)"
}

run_ready() {
  log "writing a day of events ($SESSIONS sessions)"
  local stats; stats=$(python3 "$WORK/gen_day.py" "$SESSIONS" "$WORK/day.jsonl")
  read -r EVENTS OPEN FIRST LAST <<<"$stats"
  echo "RESULT day: $EVENTS events ($SESSIONS sessions, $OPEN still open), $(du -h "$WORK/day.jsonl" | cut -f1) of JSON lines, event times $(date -u -d @$((FIRST / 1000)) +%FT%TZ) .. $(date -u -d @$((LAST / 1000)) +%FT%TZ)"

  # The journal, filled by a replay as fast as it goes; a clean stop flushes it.
  local t0 t1 port
  t0=$(now_us)
  start_bg fill-journal "$BIN" --source replay --replay-file "$WORK/day.jsonl" --speed max --bind 127.0.0.1 --port 0 \
    --log-level warn --data-dir "$WORK/journal"
  local fill_pid=$LAST_PID
  port=$(wmpulse_port fill-journal "$fill_pid")
  wait_metric_reaches "$port" wmpulse_aggregator_events_applied_total "$EVENTS" 1200 || true
  t1=$(now_us)
  stop_pid "$fill_pid"
  echo "RESULT fill journal: $EVENTS events applied and journaled in $(((t1 - t0) / 1000)) ms (load $(loadavg)); on disk $(du -sb "$WORK/journal" | cut -f1) bytes ($(du -sh "$WORK/journal" | cut -f1)) in $(ls "$WORK/journal" | wc -l) segments"

  # The same day paced at PACED_SPEED times its pace (--speed; 1000: the day in ~86 s): the batches
  # are then a few events each, ~1000 records a second, as many records as a real day's journal
  # (one a second) rather than a few hundred of 4096 events.
  if ((PACED_SPEED > 0)); then
    python3 "$WORK/to_recording.py" "$WORK/day.jsonl" "$WORK/day-recording.jsonl"
    t0=$(now_us)
    start_bg fill-journal-paced "$BIN" --source replay --replay-file "$WORK/day-recording.jsonl" --speed "$PACED_SPEED" \
      --bind 127.0.0.1 --port 0 --log-level warn --data-dir "$WORK/journal-paced"
    fill_pid=$LAST_PID
    port=$(wmpulse_port fill-journal-paced "$fill_pid")
    wait_metric_reaches "$port" wmpulse_aggregator_events_applied_total "$EVENTS" 1200 || true
    t1=$(now_us)
    stop_pid "$fill_pid"
    echo "RESULT fill journal paced x$PACED_SPEED: $EVENTS events in $(((t1 - t0) / 1000)) ms (load $(loadavg)); on disk $(du -sb "$WORK/journal-paced" | cut -f1) bytes ($(du -sh "$WORK/journal-paced" | cut -f1))"
  fi

  # JetStream, filled the same way; the filling node stays up and keeps the lease.
  start_nats nats-day
  t0=$(now_us)
  start_bg fill-nats "$BIN" --source replay --replay-file "$WORK/day.jsonl" --speed max --bind 127.0.0.1 --port 0 \
    --log-level warn --nats "nats://127.0.0.1:$NATS_PORT" --nats-stream day --node-name filler
  port=$(wmpulse_port fill-nats "$LAST_PID")
  wait_metric_reaches "$port" wmpulse_aggregator_events_applied_total "$EVENTS" 1800 || true
  t1=$(now_us)
  sleep 2  # the stream's last acknowledgements and file writes
  echo "RESULT fill jetstream: $EVENTS events published, stored and read back in $(((t1 - t0) / 1000)) ms (load $(loadavg)); store on disk $(du -sb "$NATS_DIR" | cut -f1) bytes ($(du -sh "$NATS_DIR" | cut -f1))"
  wait_role "$port" LEADER 30

  start_bg quiet-ws python3 "$WORK/quiet_ws.py"
  local i
  for ((i = 0; i < 100; i++)); do QUIET_PORT=$(head -1 "$WORK/quiet-ws.out"); [[ -n $QUIET_PORT ]] && break; sleep 0.05; done

  # The fixed part: a fresh node on an empty journal, and the first node on an empty stream.
  measure_ready journal-empty 0 --data-dir "$WORK/empty-journal"
  measure_ready jetstream-empty 0 --nats "nats://127.0.0.1:$NATS_PORT" --nats-stream empty --node-name empty
  for ((run = 1; run <= RUNS; run++)); do
    measure_ready journal "$run" --data-dir "$WORK/journal"
    ((PACED_SPEED > 0)) && measure_ready journal-paced "$run" --data-dir "$WORK/journal-paced"
    measure_ready jetstream "$run" --nats "nats://127.0.0.1:$NATS_PORT" --nats-stream day --node-name "fresh-$run"
  done
}

# ---- fan-out, 1 vs 2 nodes ----------------------------------------------------------------------

fd_count() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }

wait_fds_back() {  # PID BASELINE: the subscribers' sockets closed (bounded: 60 s)
  local i
  for ((i = 0; i < 600; i++)); do (($(fd_count "$1") <= $2 + 20)) && return 0; sleep 0.1; done
  echo "node $1 still has $(fd_count "$1") descriptors (baseline $2)" >&2
}

fanout_case() {  # N LAYOUT(one|two)
  local n=$1 layout=$2 targets
  case $layout in
    one) targets="$PORT_A:$n" ;;
    two) targets="$PORT_A:$((n / 2)),$PORT_B:$((n - n / 2))" ;;
    one-2threads) targets="$PORT_C:$n" ;;
  esac
  local load0 cpu_a0 cpu_b0 cpu_c0 cpu_a1 cpu_b1 cpu_c1 out name="client-$n-$layout-$rep" i
  start_bg "$name" python3 "$WORK/fanout_client.py" "$targets" "$TICKS" 300
  local cpid=$LAST_PID
  # The nodes' CPU while the ticks are measured: from when every subscriber is connected.
  for ((i = 0; i < 3100; i++)); do grep -sq MEASURING "$WORK/$name.err" && break; kill -0 "$cpid" 2>/dev/null || break; sleep 0.1; done
  load0=$(loadavg); cpu_a0=$(cpu_ms "$PID_A"); cpu_b0=$(cpu_ms "$PID_B"); cpu_c0=$(cpu_ms "$PID_C")
  for ((i = 0; i < 6000; i++)); do kill -0 "$cpid" 2>/dev/null || break; sleep 0.1; done
  stop_pid "$cpid"
  cpu_a1=$(cpu_ms "$PID_A"); cpu_b1=$(cpu_ms "$PID_B"); cpu_c1=$(cpu_ms "$PID_C")
  out=$(cat "$WORK/$name.out")
  [[ -n $out ]] || { echo "RESULT fanout $n $layout: the client failed: $(tail -3 "$WORK/$name.err")"; return; }
  echo "RESULT fanout $n subscribers, $layout node(s), repeat $rep (load $load0 -> $(loadavg)): $(jq -c \
    '{ticks, failed, ticks_incomplete, results_received, connect_s, kernel_first_to_last_ms: .spread_kernel_ms, client_first_to_last_ms: .spread_client_ms, within_node_kernel_ms: .spread_within_node_kernel_ms, skew_between_nodes_ms: .first_frame_skew_between_nodes_ms, multi_result_reads, client_cpu_s, measure_s}' <<<"$out") node_cpu_ms a=$((cpu_a1 - cpu_a0)) b=$((cpu_b1 - cpu_b0)) c=$((cpu_c1 - cpu_c0))"
  wait_fds_back "$PID_A" "$FDS_A"; wait_fds_back "$PID_B" "$FDS_B"; wait_fds_back "$PID_C" "$FDS_C"
}

run_fanout() {
  start_nats nats-fanout
  python3 "$WORK/gen_ticks.py" 14400 "$TICK_MS" "$WORK/ticks.jsonl"
  local common=(--source replay --replay-file "$WORK/ticks.jsonl" --speed 1 --bind 127.0.0.1 --port 0 --log-level warn
    --max-connections 25000 --max-connections-per-client 25000 --nats "nats://127.0.0.1:$NATS_PORT" --nats-stream fan)
  start_bg node-a "$BIN" "${common[@]}" --node-name a
  PID_A=$LAST_PID; PORT_A=$(wmpulse_port node-a "$PID_A")
  wait_role "$PORT_A" LEADER 30
  start_bg node-b "$BIN" "${common[@]}" --node-name b
  PID_B=$LAST_PID; PORT_B=$(wmpulse_port node-b "$PID_B")
  wait_role "$PORT_B" FOLLOWER 30
  start_bg node-c "$BIN" "${common[@]}" --node-name c --http-threads 2
  PID_C=$LAST_PID; PORT_C=$(wmpulse_port node-c "$PID_C")
  wait_role "$PORT_C" FOLLOWER 30
  sleep 1
  FDS_A=$(fd_count "$PID_A"); FDS_B=$(fd_count "$PID_B"); FDS_C=$(fd_count "$PID_C")
  log "fan-out: node a (leader) on $PORT_A, b (follower) on $PORT_B, c (follower, --http-threads 2) on $PORT_C; one tick every $TICK_MS ms"
  for n in $SUBSCRIBERS; do
    for ((rep = 1; rep <= REPEAT; rep++)); do
      fanout_case "$n" one
      fanout_case "$n" two
      fanout_case "$n" one-2threads
    done
  done
  echo "RESULT fanout nodes after the cases: VmRSS a $(status_kib "$PID_A" VmRSS) kB, b $(status_kib "$PID_B" VmRSS) kB, c $(status_kib "$PID_C" VmRSS) kB"
}

echo "RESULT machine: $(nproc) cores, $(uname -r); $BIN_SOURCE of $(date -u -r "$BIN_SOURCE" +%FT%TZ) (sha256 $(sha256sum "$BIN" | cut -c1-12)): $("$BIN" --version 2>/dev/null | head -1); $("$NATS_SERVER" --version)"
[[ $WHAT == ready || $WHAT == all ]] && run_ready
[[ $WHAT == fanout || $WHAT == all ]] && run_fanout
log "done"
