#!/usr/bin/env bash
# Journal replay of two builds on the same day, alternately (docs/SCALING.md, "where the
# journal's replay goes"): each binary starts with --source none on a fresh copy of JOURNAL_DIR
# and prints its own "replayed …" line and its VmRSS after the replay, ROUNDS times.
#   bench/cluster/replay_compare.sh JOURNAL_DIR BINARY…
# A day's journal: KEEP_WORK=1 PACED_SPEED=0 RUNS=1 bench/cluster/ready_and_fanout.sh ready
# keeps it in its work directory (journal/). Every wait is bounded; nothing listens beyond loopback.
set -euo pipefail
[[ $# -ge 2 && -d $1 ]] || { echo "usage: $0 JOURNAL_DIR BINARY…" >&2; exit 2; }
journal=$1
shift
ROUNDS=${ROUNDS:-4}
pid=""
work=""
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  [[ -n $work ]] && rm -rf "$work"
}
trap cleanup EXIT
for ((round = 1; round <= ROUNDS; round++)); do
  for bin in "$@"; do
    work=$(mktemp -d)
    cp -r "$journal"/. "$work/data"
    "$bin" --source none --data-dir "$work/data" --port 0 --log-level info >"$work/out" 2>&1 &
    pid=$!
    for _ in $(seq 600); do grep -q "replayed" "$work/out" && break; sleep 0.1; done
    line=$(grep -o 'replayed [^"]*' "$work/out" | head -1 || true)
    rss=$(grep VmRSS "/proc/$pid/status" | tr -s ' \t' ' ' || true)
    echo "round $round $bin: ${line:-no replay line within 60 s}; $rss; load $(cut -d' ' -f1-3 /proc/loadavg)"
    cleanup
    pid="" work=""
  done
done
