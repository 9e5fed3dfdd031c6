#!/usr/bin/env bash
# Schema enforcement's cost at ingest (issue 7): the ingest load test (binary.lua, batch.lua) against
# one node, on a bus with `schemaEnforcement: reject` and on one with it `off`, alternated so
# that drift in the machine's load hits both alike. Every event posted to the guarded bus is
# validated against a registered JSON Schema (and passes it: a refused event would show as
# non-2xx or failed entries and fail the run).
#
#   flock /tmp/signalbox-bench.lock benchmarks/ingest/enforcement.sh
#
# Settings (environment): ENFORCEMENT_DURATION (20s), ENFORCEMENT_WARMUP (8s), ENFORCEMENT_ROUNDS (2),
# INGEST_THREADS (2), INGEST_CONNECTIONS (64), INGEST_NO_BUILD=true to use the jar as built,
# SIGNALBOX_JAVA_OPTS for the node's JVM. Reports go to benchmarks/target/enforcement/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
duration="${ENFORCEMENT_DURATION:-20s}"
warmup="${ENFORCEMENT_WARMUP:-8s}"
rounds="${ENFORCEMENT_ROUNDS:-2}"
threads="${INGEST_THREADS:-2}"
connections="${INGEST_CONNECTIONS:-64}"
node_java_opts="${SIGNALBOX_JAVA_OPTS:--XX:+UseG1GC -Xms256m}"

bench_name=enforcement
# shellcheck source=../lib/common.sh
source "$here/../lib/common.sh"

require_wrk
command -v curl >/dev/null || die "curl is needed"

if [[ ${INGEST_NO_BUILD:-false} != true ]]; then
  log "building the node"
  (cd "$root" && ./mvnw -q -B -Dspotless.skip=true -pl proxy-gateway -am package -DskipTests)
fi
[[ -f $root/proxy-gateway/target/signalbox.jar ]] || die "missing proxy-gateway/target/signalbox.jar"

results="$root/benchmarks/target/enforcement/$(date +%Y%m%dT%H%M%S)"
mkdir -p "$results"
start_node "$results/node.log" SIGNALBOX_JAVA_OPTS="$node_java_opts"
api="http://127.0.0.1:$port/v1"

# call METHOD PATH BODY EXPECTED...: one admin call that must answer one of the statuses.
call() {
  local method=$1 path=$2 body=$3 status
  shift 3
  status=$(curl -s -o "$results/last.json" -w '%{http_code}' -X "$method" "$api$path" \
    -H "Authorization: Bearer $key" -H 'content-type: application/json' -d "$body")
  for want in "$@"; do [[ $status == "$want" ]] && return; done
  die "$method $path answered $status: $(cat "$results/last.json")"
}

# The schema the benchmark's data ({"order":"bench","note":"xxx…"}, 1 KiB) fits.
schema='{"schema": {"type": "object", "additionalProperties": false, "required": ["order", "note"],
  "properties": {"order": {"type": "string", "minLength": 1, "maxLength": 64},
                 "note": {"type": "string", "maxLength": 4096}}}}'
call PUT /registries/bench '{"compatibility": "NONE"}' 201 200
call POST /registries/bench/schemas/bench-order/versions "$schema" 201 200
mapping='"registry": "bench", "schemas": [{"type": "bench.ingest.binary", "schema": "bench-order"},
  {"type": "bench.ingest.batch", "schema": "bench-order"}]'
call PUT /buses/plain "{\"flush\": \"async\", \"schemaEnforcement\": \"off\", $mapping}" 201 200
call PUT /buses/guarded "{\"flush\": \"async\", \"schemaEnforcement\": \"reject\", $mapping}" 201 200

# Enforcement is on: a bad event is refused, a good one taken.
status=$(curl -s -o "$results/probe.json" -w '%{http_code}' -X POST "$api/buses/guarded/events" \
  -H "Authorization: Bearer $key" -H 'content-type: application/json' -H 'ce-specversion: 1.0' \
  -H 'ce-id: probe-1' -H 'ce-source: /bench' -H 'ce-type: bench.ingest.binary' -d '{"order": 7}')
[[ $status == 422 ]] || die "the guarded bus took a bad event ($status): $(cat "$results/probe.json")"

run_tag="e$(date +%s)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
declare -A sum_events
declare -A sum_failed

# measure NAME SCRIPT BUS: a warm-up run, then the measured one; adds up its events/s.
measure() {
  local name=$1 script=$2 bus=$3 line
  log "$name: warm-up $warmup, then $duration measured (-t$threads -c$connections)"
  (cd "$here" && wrk -t"$threads" -c"$connections" -d"$warmup" --timeout 10s -s "$script" "$api/buses/$bus/events" \
    -- "$key" "$run_tag-$name-$round-w") >"$results/$name-$round.warmup.txt"
  (cd "$here" && wrk -t"$threads" -c"$connections" -d"$duration" --timeout 10s --latency -s "$script" \
    "$api/buses/$bus/events" -- "$key" "$run_tag-$name-$round") >"$results/$name-$round.txt"
  line=$(grep '^RESULT ' "$results/$name-$round.txt") || die "$name: wrk printed no RESULT"
  field() { tr ' ' '\n' <<<"$line" | sed -n "s/^$1=//p"; }
  sum_events[$name]=$(awk -v a="${sum_events[$name]:-0}" -v b="$(field events_per_s)" 'BEGIN { print a + b }')
  sum_failed[$name]=$(( ${sum_failed[$name]:-0} + $(field non2xx) + $(field sampled_failed_entries) + $(field sampled_unparsed) ))
  printf '%s round %s: %s\n' "$name" "$round" "$line" >>"$results/results.txt"
}

for round in $(seq 1 "$rounds"); do
  measure binary-off binary.lua plain
  measure binary-reject binary.lua guarded
  measure batch-off batch.lua plain
  measure batch-reject batch.lua guarded
done

{
  commit=$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
  [[ -z $(cd "$root" && git status --porcelain -- pom.xml '*/pom.xml' '*/src/main/*' 2>/dev/null) ]] || commit+=" + uncommitted source changes"
  echo "commit $commit, $(nproc) cores, wrk -t$threads -c$connections, $rounds rounds of $duration measured after $warmup warm-up each"
  echo "load average (1, 5, 15 min) before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
  echo
  echo "| run | events/s (mean of rounds) | refused or failed |"
  echo "|---|---|---|"
  for name in binary-off binary-reject batch-off batch-reject; do
    printf '| %s | %.0f | %s |\n' "$name" "$(awk -v s="${sum_events[$name]}" -v r="$rounds" 'BEGIN { print s / r }')" "${sum_failed[$name]}"
  done
  echo
  for mode in binary batch; do
    ratio=$(awk -v a="${sum_events[$mode-reject]}" -v b="${sum_events[$mode-off]}" 'BEGIN { printf "%.1f", 100 * a / b }')
    echo "$mode: reject / off = $ratio% (goal >= 70%): $(awk -v r="$ratio" 'BEGIN { print (r >= 70 ? "met" : "MISSED") }')"
  done
  echo "raw reports: $results"
} | tee "$results/summary.txt"

for name in binary-off binary-reject batch-off batch-reject; do
  [[ ${sum_failed[$name]} == 0 ]] || die "$name: some requests or entries were refused; the figures do not count"
done
