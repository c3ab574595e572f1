#!/usr/bin/env bash
# The Debian package as an operator gets it: built by CPack from the build tree, unpacked into a
# throwaway root (the test never installs into the machine), its systemd unit verified, and the
# installed binary started with the installed config and web assets.
set -euo pipefail
build=$(cd "$1" && pwd)
work=$(mktemp -d)
service_pid=""
cleanup() {
  if [ -n "$service_pid" ]; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log" >&2; fail "cpack"; }
deb=$(ls "$work"/out/wmpulse_*.deb)
echo "built $(basename "$deb") ($(stat -c %s "$deb") bytes)"

info=$(dpkg-deb -I "$deb")
grep -q '^ Depends:.*libssl3' <<<"$info" || fail "Depends lacks the shared libraries: $info"
[ "$(dpkg-deb -f "$deb" Package)" = wmpulse ] || fail "package name"
dpkg-deb -e "$deb" "$work/control"
grep -qx /etc/wmpulse/wmpulse.toml "$work/control/conffiles" || fail "the config file is not a conffile"

root=$work/root
dpkg-deb -x "$deb" "$root"
for f in usr/bin/wmpulse usr/bin/wmpulse-sim usr/lib/systemd/system/wmpulse.service etc/wmpulse/wmpulse.toml \
         usr/share/wmpulse/web/dashboard/index.html usr/share/wmpulse/web/graphiql/index.html \
         usr/share/doc/wmpulse/CONFIGURATION.md; do
  [ -e "$root/$f" ] || fail "the package lacks /$f"
done
if [ -d "$build/../deploy" ] || [ -n "$(ls -A "$root/usr/share/wmpulse/deploy" 2>/dev/null)" ]; then
  [ -n "$(ls -A "$root/usr/share/wmpulse/deploy" 2>/dev/null)" ] || fail "the package lacks deploy/"
fi

# The unit as shipped, but its commands pointing into the throwaway root: systemd-analyze checks
# every directive and that each command exists and is executable.
unit=$work/units/wmpulse.service
mkdir -p "$work/units"
sed "s|/usr/bin/wmpulse|$root/usr/bin/wmpulse|g" "$root/usr/lib/systemd/system/wmpulse.service" >"$unit"
systemd-analyze verify "$unit" || fail "systemd-analyze verify"
exposure=$(systemd-analyze security --offline=yes --root="$root" wmpulse.service 2>&1 | grep -o 'Overall exposure level for wmpulse.service: [0-9.]*' | grep -o '[0-9.]*$')
echo "systemd exposure level: $exposure"
awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 2.0) }' || fail "exposure level $exposure above 2.0 (hardening options missing)"
grep -q '^DynamicUser=yes' "$unit" || fail "the service does not run as its own user"
grep -q '^LoadCredential=' "$unit" || fail "secrets do not come through LoadCredential="

"$root/usr/bin/wmpulse" --version | grep -q '^wmpulse [0-9]' || fail "--version"
# The shipped file names no source yet (the operator adds Genesys): printed with none.
"$root/usr/bin/wmpulse" --config "$root/etc/wmpulse/wmpulse.toml" --source none --print-config >"$work/effective.toml" \
  || fail "the default config file is refused"
grep -q 'bind = "127.0.0.1"' "$work/effective.toml" || fail "the default config does not bind loopback"

# Started from the throwaway root: it finds its web assets in ../share/wmpulse/web.
"$root/usr/bin/wmpulse" --config "$root/etc/wmpulse/wmpulse.toml" --source generator --port 0 \
  --log-level warn >"$work/service.out" 2>"$work/service.err" &
service_pid=$!
url=""
for _ in $(seq 100); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/service.out" 2>/dev/null | head -1 || true)
  [ -n "$url" ] && break
  kill -0 "$service_pid" 2>/dev/null || { cat "$work/service.err" >&2; fail "the installed binary exited"; }
  sleep 0.1
done
[ -n "$url" ] || fail "no listening line: $(cat "$work/service.out")"
# Each body is read whole before grep looks at it: `curl | grep -q` under pipefail fails when grep
# stops reading at its first match and curl cannot write the rest (curl error 23).
get() { curl -fsS --max-time 5 "$@"; }
body=$(get "$url/healthz") || fail "/healthz did not answer"
[ "$body" = ok ] || fail "/healthz said: $body"
body=$(get "$url/") || fail "the dashboard did not answer"
grep -qi '<html' <<<"$body" || fail "the dashboard is not served from /usr/share/wmpulse/web"
body=$(get -H 'content-type: application/json' -d '{"query":"{ status { state } }"}' "$url/graphql") || fail "GraphQL did not answer"
grep -q '"state"' <<<"$body" || fail "GraphQL: $body"
echo "installed package served $url"
