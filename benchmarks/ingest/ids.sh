#!/usr/bin/env bash
# Checks that binary.lua and batch.lua give every event an id of its own across wrk threads: a
# short run of each against a node (bin/signalbox, temporary data directory, free port) whose bus
# deduplicates by source and id, so a repeated id shows in the node's own
# signalbox_events_deduplicated_total. It is a load run, so take the benchmark lock:
#
#   flock /tmp/signalbox-bench.lock benchmarks/ingest/ids.sh
#
# Settings (environment): IDS_DURATION (1s), IDS_THREADS (2), IDS_CONNECTIONS (64). Uses the
# node's jar as built (proxy-gateway/target/signalbox.jar). Exits non-zero if any id repeated.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
duration="${IDS_DURATION:-1s}"
threads="${IDS_THREADS:-2}"
connections="${IDS_CONNECTIONS:-64}"

bench_name=ids
# shellcheck source=../lib/common.sh
source "$here/../lib/common.sh"
require_wrk

# shellcheck disable=SC2119 # no arguments: the log stays in the node's temporary directory
start_node
curl -sf -o /dev/null -X PUT "http://127.0.0.1:$port/v1/buses/ids" -H "Authorization: Bearer $key" \
  -H 'content-type: application/json' -d '{"flush":"async","deduplication":"on"}' || die "could not create the bus"

log "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
run_tag="ids$(date +%s)"
for script in binary.lua batch.lua; do
  requests=$(cd "$here" && wrk -t"$threads" -c"$connections" -d"$duration" --timeout 10s -s "$script" \
    "http://127.0.0.1:$port/v1/buses/ids/events" -- "$key" "$run_tag-${script%.lua}" | sed -n 's/^RESULT requests=\([0-9]*\).*/\1/p')
  # Every id once in the store's files: how many each wrk thread posted (tag-thread-counter).
  per_thread=$(grep -raoE "\b$run_tag-${script%.lua}-[0-9]+-[0-9]+\b" "$node_data" | sed 's/^[^:]*://' | sort -u \
    | awk -F- '{ n[$(NF - 1)]++ } END { for (t in n) printf " thread %s: %d ids;", t, n[t] }')
  log "$script -t$threads -c$connections -d$duration: $requests requests answered;$per_thread"
done
log "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

metrics=$(curl -s "http://127.0.0.1:$port/metrics")
accepted=$(sed -n 's/^signalbox_events_accepted_total{bus="ids".*} \([0-9.]*\)$/\1/p' <<<"$metrics")
deduplicated=$(sed -n 's/^signalbox_events_deduplicated_total{bus="ids".*} \([0-9.]*\)$/\1/p' <<<"$metrics")
log "the node accepted ${accepted:-?} events and deduplicated ${deduplicated:-?}"
[[ -n $accepted && ${accepted%.*} -gt 0 ]] || die "no events accepted"
[[ ${deduplicated%.*} == 0 ]] || die "ids repeated: the bus deduplicated $deduplicated events"
log "every id was new"
