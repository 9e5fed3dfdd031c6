#!/usr/bin/env bash
# The ingest load test (issue 5): wrk on loopback against a Signalbox node and, in the same run,
# against a bare Vert.x server (dev.signalbox.benchmarks.ingest.BareServer) that answers 202 to
# the same requests and does nothing else.
#
#   flock /tmp/signalbox-bench.lock benchmarks/ingest/run.sh
#
# Measures, each after a warm-up run of its own:
#   binary-bare    single binary-mode POSTs, 1 KiB data, to the bare server (the anchor)
#   binary-node    the same requests to an `async` bus
#   binary-node-2  the node again
#   binary-bare-2  the anchor again
#   batch-node     batches of 100 events (~1 KiB data each) to the `async` bus
#   batch-bare     the same batches to the bare server (what wrk and loopback can carry)
#   sync-node      single binary-mode POSTs to a `sync` bus (fsync before 202)
# and prints a summary; wrk's full reports and the node's log go to benchmarks/target/ingest/.
# The single-POST comparison is measured twice in the order anchor, node, node, anchor: the
# machine's speed drifts over minutes (other processes, page cache, the host), and this order
# gives both servers the same average place in the run, so a steady drift cancels out of the
# ratio, which is the sum of the two node figures over the sum of the two anchors. Each pair's
# own ratio is printed as well.
#
# Settings (environment): INGEST_DURATION (25s), INGEST_WARMUP (10s), INGEST_THREADS (2),
# INGEST_CONNECTIONS (64), INGEST_BATCH_CONNECTIONS (64), INGEST_NO_BUILD=true to use the jars
# as built, SIGNALBOX_JAVA_OPTS for the node's JVM (as bin/signalbox), INGEST_BARE_JAVA_OPTS for
# the bare server's (the node's defaults unless set).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
duration="${INGEST_DURATION:-25s}"
warmup="${INGEST_WARMUP:-10s}"
threads="${INGEST_THREADS:-2}"
connections="${INGEST_CONNECTIONS:-64}"
batch_connections="${INGEST_BATCH_CONNECTIONS:-$connections}"
node_java_opts="${SIGNALBOX_JAVA_OPTS:--XX:+UseG1GC -Xms256m}"
bare_java_opts="${INGEST_BARE_JAVA_OPTS:-$node_java_opts}"

bench_name=ingest
# shellcheck source=../lib/common.sh
source "$here/../lib/common.sh"

# --- tools ---------------------------------------------------------------------------------
require_wrk
command -v curl >/dev/null || die "curl is needed"

if [[ ${INGEST_NO_BUILD:-false} != true ]]; then
  log "building the node and the benchmarks jar"
  # Removed first: an incremental package has been seen to keep a jar older than its classes.
  rm -f "$root/proxy-gateway/target/signalbox.jar" "$root/proxy-gateway/target/proxy-gateway-"*.jar \
    "$root/benchmarks/target/benchmarks.jar"
  (cd "$root" && ./mvnw -q -B -Dspotless.skip=true -pl proxy-gateway,benchmarks -am package -DskipTests)
fi
node_jar="$root/proxy-gateway/target/signalbox.jar"
bench_jar="$root/benchmarks/target/benchmarks.jar"
[[ -f $node_jar && -f $bench_jar ]] || die "missing $node_jar or $bench_jar"

# --- processes -----------------------------------------------------------------------------
results="$root/benchmarks/target/ingest/$(date +%Y%m%dT%H%M%S)"
mkdir -p "$results"
start_node "$results/node.log" SIGNALBOX_JAVA_OPTS="$node_java_opts"

bare_pid=""
trap 'stop_process "$bare_pid"; stop_node' EXIT
bare_port=$(free_port)
[[ $bare_port != "$port" && $bare_port != "$grpc_port" ]] || die "port clash, run again"
log "bare server on 127.0.0.1:$bare_port"
# shellcheck disable=SC2086 # the options are words
java $bare_java_opts -cp "$bench_jar" dev.signalbox.benchmarks.ingest.BareServer "$bare_port" 127.0.0.1 \
  >"$results/bare.log" 2>&1 &
bare_pid=$!

api="http://127.0.0.1:$port/v1"
bare="http://127.0.0.1:$bare_port/v1/buses/async/events"
( await_status "$bare_pid" 202 "$bare" -X POST -d x ) || die "the bare server did not get ready (see $results/bare.log)"
for bus in async sync; do
  status=$(curl -s -o "$results/bus-$bus.json" -w '%{http_code}' -X PUT "$api/buses/$bus" \
    -H "Authorization: Bearer $key" -H 'content-type: application/json' -d "{\"flush\":\"$bus\"}")
  [[ $status == 200 || $status == 201 ]] || die "PUT /v1/buses/$bus answered $status: $(cat "$results/bus-$bus.json")"
done
echo "$node_pid" >"$results/node.pid"
echo "$bare_pid" >"$results/bare.pid"

# --- runs ----------------------------------------------------------------------------------
run_tag="r$(date +%s)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
declare -A result

# measure NAME SCRIPT URL CONNECTIONS: a warm-up run, then the measured one; keeps its RESULT line.
measure() {
  local name=$1 script=$2 url=$3 conns=$4
  log "$name: warm-up $warmup, then $duration measured (-t$threads -c$conns)"
  (cd "$here" && wrk -t"$threads" -c"$conns" -d"$warmup" --timeout 10s --latency -s "$script" "$url" -- "$key" "$run_tag-$name-w") \
    >"$results/$name.warmup.txt"
  (cd "$here" && wrk -t"$threads" -c"$conns" -d"$duration" --timeout 10s --latency -s "$script" "$url" -- "$key" "$run_tag-$name") \
    >"$results/$name.txt"
  result[$name]=$(grep '^RESULT ' "$results/$name.txt" | sed 's/^RESULT //')
  [[ -n ${result[$name]} ]] || die "$name: wrk printed no RESULT (see $results/$name.txt)"
}

# field NAME KEY: one value from a RESULT line.
field() { tr ' ' '\n' <<<"${result[$1]}" | sed -n "s/^$2=//p"; }

measure binary-bare binary.lua "$bare" "$connections"
measure binary-node binary.lua "$api/buses/async/events" "$connections"
measure binary-node-2 binary.lua "$api/buses/async/events" "$connections"
measure binary-bare-2 binary.lua "$bare" "$connections"
measure batch-node batch.lua "$api/buses/async/events" "$batch_connections"
measure batch-bare batch.lua "$bare" "$batch_connections"
measure sync-node binary.lua "$api/buses/sync/events" "$connections"

# --- summary -------------------------------------------------------------------------------
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
{
  if commit=$(cd "$root" && git rev-parse --short HEAD 2>/dev/null); then
    [[ -z $(cd "$root" && git status --porcelain -- pom.xml '*/pom.xml' '*/src/main/*') ]] || commit+=" + uncommitted source changes"
  else
    commit="unknown (not a git checkout)"
  fi
  echo "commit $commit, $(nproc) cores, wrk -t$threads, $duration measured after $warmup warm-up"
  echo "load average (1, 5, 15 min) before the runs: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
  echo
  echo "| run | connections | requests/s | events/s | p50 ms | p99 ms | non-2xx | socket errors |"
  echo "|---|---|---|---|---|---|---|---|"
  for name in binary-bare binary-node binary-node-2 binary-bare-2 batch-node batch-bare sync-node; do
    conns=$connections
    [[ $name == batch-* ]] && conns=$batch_connections
    errors=$(($(field "$name" connect_errors) + $(field "$name" read_errors) + $(field "$name" write_errors) + $(field "$name" timeouts)))
    printf '| %s | %s | %.0f | %.0f | %s | %s | %s | %s |\n' "$name" "$conns" "$(field "$name" rps)" \
      "$(field "$name" events_per_s)" "$(ms "$(field "$name" p50_us)")" "$(ms "$(field "$name" p99_us)")" \
      "$(field "$name" non2xx)" "$errors"
  done
  echo
  percent() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100 * a / b }'; }
  node1=$(field binary-node events_per_s) node2=$(field binary-node-2 events_per_s)
  bare1=$(field binary-bare events_per_s) bare2=$(field binary-bare-2 events_per_s)
  ratio=$(percent "$(awk -v a="$node1" -v b="$node2" 'BEGIN { print a + b }')" "$(awk -v a="$bare1" -v b="$bare2" 'BEGIN { print a + b }')")
  echo "binary: node / bare server = $ratio% over both pairs (goal >= 60%): $(awk -v r="$ratio" 'BEGIN { print (r >= 60 ? "met" : "MISSED") }')"
  echo "  first pair (binary-node / binary-bare) $(percent "$node1" "$bare1")%, second pair (binary-node-2 / binary-bare-2) $(percent "$node2" "$bare2")%"
  batch=$(field batch-node events_per_s)
  echo "batch of 100: $(printf '%.0f' "$batch") events/s (goal >= 300000): $(awk -v e="$batch" 'BEGIN { print (e >= 300000 ? "met" : "MISSED") }')"
  echo "batch responses sampled: $(field batch-node sampled), failedEntryCount 0 in $(field batch-node sampled_ok), failed entries $(field batch-node sampled_failed_entries), unreadable $(field batch-node sampled_unparsed)"
  echo "raw reports: $results"
} | tee "$results/summary.txt"

if [[ $(field batch-node non2xx) != 0 || $(field batch-node sampled_failed_entries) != 0 || $(field batch-node sampled_unparsed) != 0 \
  || $(field binary-node non2xx) != 0 || $(field binary-node-2 non2xx) != 0 || $(field sync-node non2xx) != 0 ]]; then
  log "some requests were refused: the figures above do not count as accepted events"
  exit 1
fi
