#!/usr/bin/env bash
# Demo mode (H2, simulated channel) under wrk: the OPTIONS ceiling and single-event received texts, measured in the
# same run after a warm-up, then whether every message got its reply and its three statuses.
# Usage: loadgen/wrk/demo-ingest.sh [parley.jar] [seconds]   (needs wrk and curl; binds 127.0.0.1:18080)
set -euo pipefail
jar=${1:-app/target/parley.jar}
seconds=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
data=$(mktemp -d /tmp/parley-wrk.XXXXXX)
port=18080
# one WhatsApp number at the 1,000 messages/s tier, with enough sends in flight for it (as loadgen runs it)
PARLEY_DISPATCHER_RATE_PER_CHANNEL=${PARLEY_DISPATCHER_RATE_PER_CHANNEL:-1000} \
PARLEY_DISPATCHER_PARALLELISM=${PARLEY_DISPATCHER_PARALLELISM:-32} \
PARLEY_DATA_DIR=$data MICRONAUT_SERVER_PORT=$port MICRONAUT_SERVER_HOST=127.0.0.1 java -jar "$jar" \
  > "$data/parley.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/health" > /dev/null && break
  sleep 0.5
done
url="http://127.0.0.1:$port"
metric() {
  curl -s -u admin:admin "$url/prometheus" | awk -v name="$1" -v tag="$2" \
    'index($0, name) == 1 && index($0, tag) > 0 { sum += $2 } END { printf "%d", sum }'
}
echo "warm-up: 15 s of received texts, 10 s of OPTIONS"
wrk -t2 -c32 -d15s -s "$here/received-text.lua" "$url" > /dev/null
wrk -t2 -c64 -d10s -s "$here/options.lua" "$url" > /dev/null
sleep 5
echo "ceiling, OPTIONS /api/events, 64 connections, 10 s:"
wrk -t2 -c64 -d10s -s "$here/options.lua" "$url" | grep -E "Requests/sec|Latency"
sleep 2
before_replies=$(metric parley_replies_sent_total 'outcome="accepted"')
before_read=$(metric parley_status_reports_total 'status="read"')
echo "received texts, one event per delivery, 32 connections, $seconds s:"
wrk -t2 -c32 -d"${seconds}s" -s "$here/received-text.lua" "$url" | grep -E "^deliveries"
sleep 15
echo "after 15 s: replies accepted $(( $(metric parley_replies_sent_total 'outcome="accepted"') - before_replies )),"\
  "Read statuses $(( $(metric parley_status_reports_total 'status="read"') - before_read ))"
