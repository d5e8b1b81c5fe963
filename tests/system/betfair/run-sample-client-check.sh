#!/usr/bin/env bash
# Runs Betfair's own, unmodified Node.js stream sample client (node.js/app.js of the public
# betfair/stream-api-sample-code repository; you supply the file, nothing is downloaded) against
# `ladder sim betfair` and checks what it prints.
#
# Usage: tests/system/betfair/run-sample-client-check.sh PATH_TO_app.js [SECONDS]
#   SECONDS  how long the client runs before it is stopped (default 8; it never exits by itself)
#   BF_PORT  port of the simulator (default 443, the port app.js hard-codes: binding it needs root
#            or CAP_NET_BIND_SERVICE). Any other port makes the preload also rewrite the port of
#            connections to stream-api.betfair.com.
#
# Setup, all in a temporary directory removed on exit:
#   - a self-signed PKCS#12 key store for stream-api.betfair.com made with the JDK's keytool; its
#     certificate is given to node with NODE_EXTRA_CA_CERTS (certificate checks stay on);
#   - a replay file with one market matching the sample's marketSubscription filter (1.120684740,
#     football, event 27540841, MATCH_ODDS, ES, BSP, turns in play);
#   - the simulator on 127.0.0.1 with TLS, accepting any app key and session (the sample sends
#     placeholders);
#   - a `node --require` preload that answers 127.0.0.1 for stream-api.betfair.com in dns.lookup.
# Passes when the client printed "Connected", the connection message, three SUCCESS statuses
# (authentication, orderSubscription, marketSubscription), the order image and a market image of
# 1.120684740. Exit codes: 0 pass, 1 fail, 2 bad usage, 3 the sample's authentication line is not
# JSON (upstream app.js at commit 991426a lacks the quote after "<your-session>"; the simulator
# answers it like Betfair: FAILURE INVALID_INPUT, connection closed), 4 node missing.
set -euo pipefail
app="${1:-}"
secs="${2:-8}"
port="${BF_PORT:-443}"
[ -n "$app" ] && [ -r "$app" ] || { sed -n '6,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
command -v node >/dev/null || { echo "node is not installed"; exit 4; }
app="$(cd "$(dirname "$app")" && pwd)/$(basename "$app")"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
java_home="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
keytool="$java_home/bin/keytool"
[ -x "$keytool" ] || keytool="$(command -v keytool)"
tmp="$(mktemp -d)"
sim=""
cleanup() {
  if [ -n "$sim" ]; then kill "$sim" 2>/dev/null || true; wait "$sim" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

"$keytool" -genkeypair -alias sim -keyalg EC -groupname secp256r1 -validity 2 \
  -dname CN=stream-api.betfair.com -ext san=dns:stream-api.betfair.com,ip:127.0.0.1 \
  -keystore "$tmp/sim.p12" -storetype PKCS12 -storepass changeit -keypass changeit >/dev/null 2>&1
"$keytool" -exportcert -rfc -alias sim -keystore "$tmp/sim.p12" -storepass changeit -file "$tmp/sim.pem" >/dev/null 2>&1

cat >"$tmp/market.jsonl" <<'JSON'
{"op":"mcm","clk":"1","pt":1700000000000,"mc":[{"id":"1.120684740","marketDefinition":{"bspMarket":true,"turnInPlayEnabled":true,"persistenceEnabled":true,"marketBaseRate":5.0,"eventId":"27540841","eventTypeId":"1","numberOfWinners":1,"bettingType":"ODDS","marketType":"MATCH_ODDS","marketTime":"2015-06-20T19:00:00.000Z","bspReconciled":false,"complete":true,"inPlay":false,"crossMatching":true,"runnersVoidable":false,"numberOfActiveRunners":3,"betDelay":0,"status":"OPEN","runners":[{"status":"ACTIVE","sortPriority":1,"id":1},{"status":"ACTIVE","sortPriority":2,"id":2},{"status":"ACTIVE","sortPriority":3,"id":58805}],"regulators":["MR_INT"],"countryCode":"ES","discountAllowed":true,"timezone":"Europe/London","openDate":"2015-06-20T19:00:00.000Z","version":1},"rc":[{"atb":[[2.5,10]],"atl":[[2.6,12]],"id":1},{"atb":[[3.4,5]],"atl":[[3.5,7]],"id":2},{"atb":[[3.0,8]],"atl":[[3.1,9]],"id":58805}]}]}
{"op":"mcm","clk":"2","pt":1700000001000,"mc":[{"id":"1.120684740","rc":[{"atb":[[2.5,20]],"id":1}]}]}
JSON

cat >"$tmp/bf-dns.js" <<JS
const dns = require('dns');
const lookup = dns.lookup;
dns.lookup = function (host, opts, cb) {
  if (host !== 'stream-api.betfair.com') return lookup.apply(this, arguments);
  if (typeof opts === 'function') { cb = opts; opts = {}; }
  if (opts && opts.all) return process.nextTick(cb, null, [{ address: '127.0.0.1', family: 4 }]);
  return process.nextTick(cb, null, '127.0.0.1', 4);
};
const port = ${port};
if (port !== 443) {
  const tls = require('tls');
  const connect = tls.connect;
  tls.connect = function (options, ...rest) {
    if (options && options.host === 'stream-api.betfair.com') options = Object.assign({}, options, { port });
    return connect.call(this, options, ...rest);
  };
}
JS

"$repo/ladder" sim betfair --host 127.0.0.1 --port "$port" --tls-keystore "$tmp/sim.p12" --tls-password changeit \
  --replay "$tmp/market.jsonl" --speed 0 >"$tmp/sim.log" 2>&1 &
sim=$!
for _ in $(seq 300); do
  grep -q 'Betfair stream simulator on' "$tmp/sim.log" && break
  kill -0 "$sim" 2>/dev/null || break
  sleep 1
done
grep -q 'Betfair stream simulator on' "$tmp/sim.log" || { echo "simulator did not start on port $port:"; cat "$tmp/sim.log"; exit 1; }

set +e
NODE_OPTIONS="--require $tmp/bf-dns.js" NODE_EXTRA_CA_CERTS="$tmp/sim.pem" timeout "$secs" node "$app" >"$tmp/client.log" 2>&1
set -e
echo "--- sample client output (${secs}s) ---"
cat "$tmp/client.log"
echo "---"
out="$tmp/client.log"
if grep -q '"errorCode":"INVALID_INPUT"' "$out" && ! grep -q '"statusCode":"SUCCESS"' "$out"; then
  echo "The sample's first request is not valid JSON, so (like Betfair) the simulator refused it with INVALID_INPUT and closed."
  echo "Use a revision of app.js whose authentication line is valid JSON (e.g. commit b392e7a) to check subscriptions."
  exit 3
fi
fail=0
check() { if grep -q -- "$2" "$out"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }
check "TLS connected" '^Connected$'
check "connection message" '"op":"connection","connectionId"'
[ "$(grep -o '"statusCode":"SUCCESS"' "$out" | wc -l)" -ge 3 ] && echo "ok   3 SUCCESS statuses" || { echo "FAIL 3 SUCCESS statuses"; fail=1; }
check "order image" '"op":"ocm".*"ct":"SUB_IMAGE"'
check "market image of 1.120684740" '"op":"mcm","id":2.*"ct":"SUB_IMAGE".*"id":"1.120684740"'
if grep -q '"statusCode":"FAILURE"' "$out"; then echo "FAIL a FAILURE status"; fail=1; fi
[ "$fail" = 0 ] && echo "PASS: Betfair's sample client subscribed to ladder sim betfair" || echo "FAILED"
exit "$fail"
