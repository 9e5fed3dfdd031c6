#!/usr/bin/env bash
# The delivery benchmark (issue 6): ingest-to-webhook latency at a fixed rate with one loopback
# target, beside an anchor (the same requests posted straight to the webhook, no node), and the
# time for one event to reach 50 targets.
#
#   flock /tmp/signalbox-bench.lock benchmarks/delivery/run.sh
#
# Starts a node (bin/signalbox, private targets allowed, a temporary data directory) and runs
# dev.signalbox.benchmarks.delivery.DeliveryLatency against it; the driver hosts the webhooks,
# so one clock times each event from its scheduled send to its arrival.
#
# Settings (environment): DELIVERY_RATE (5000 events/s), DELIVERY_WARMUP (10 s),
# DELIVERY_MEASURE (30 s), DELIVERY_FANOUT_EVENTS (200), DELIVERY_NO_BUILD=true to use the jars
# as built, SIGNALBOX_JAVA_OPTS for the node's JVM, DELIVERY_DRIVER_JAVA_OPTS for the driver's.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rate="${DELIVERY_RATE:-5000}"
warmup="${DELIVERY_WARMUP:-10}"
measure="${DELIVERY_MEASURE:-30}"
fanout="${DELIVERY_FANOUT_EVENTS:-200}"
node_java_opts="${SIGNALBOX_JAVA_OPTS:--XX:+UseG1GC -Xms256m}"
driver_java_opts="${DELIVERY_DRIVER_JAVA_OPTS:--XX:+UseG1GC -Xms256m}"

bench_name=delivery
# shellcheck source=../lib/common.sh
source "$here/../lib/common.sh"

if [[ ${DELIVERY_NO_BUILD:-false} != true ]]; then
  log "building the node and the benchmarks jar"
  (cd "$root" && ./mvnw -q -B -o -Dspotless.skip=true -pl proxy-gateway,benchmarks -am package -DskipTests)
fi
bench_jar="$root/benchmarks/target/benchmarks.jar"
[[ -f "$root/proxy-gateway/target/signalbox.jar" && -f $bench_jar ]] || die "missing jars; build first"

results="$root/benchmarks/target/delivery/$(date +%Y%m%dT%H%M%S)"
mkdir -p "$results"
start_node "$results/node.log" SIGNALBOX_ALLOW_PRIVATE_TARGETS=true SIGNALBOX_JAVA_OPTS="$node_java_opts"

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
log "driver: $rate events/s, ${warmup}s warm-up, ${measure}s measured; fan-out of $fanout events to 50 targets"
# shellcheck disable=SC2086 # the options are words
java $driver_java_opts -cp "$bench_jar" dev.signalbox.benchmarks.delivery.DeliveryLatency \
  "http://127.0.0.1:$port/v1" "$key" "$rate" "$warmup" "$measure" "$fanout" | tee "$results/driver.txt"
curl -s "http://127.0.0.1:$port/metrics" >"$results/metrics.txt" || true
{
  commit=$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
  echo "commit $commit, $(nproc) cores, $rate events/s, ${measure}s measured after ${warmup}s warm-up"
  echo "load average (1, 5, 15 min) before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
  grep '^RESULT ' "$results/driver.txt"
  echo "raw: $results"
} | tee "$results/summary.txt"
