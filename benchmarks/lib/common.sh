# shellcheck shell=bash
# Shared by the benchmark scripts (sourced, not run): logging, wrk, free ports, a random admin
# key, and starting and stopping a node. The sourcing script sets bench_name first; it names the
# script in log lines and temporary directories.

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

log() { printf '%s %s: %s\n' "$(date +%H:%M:%S)" "${bench_name:-bench}" "$*" >&2; }
die() { log "$*"; exit 1; }

# wrk from the Debian archive when it is missing (the only tool the load tests install).
require_wrk() {
  command -v wrk >/dev/null && return
  log "installing wrk from the Debian archive"
  if [[ $(id -u) -eq 0 ]]; then
    apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  else
    sudo apt-get install -y wrk >/dev/null
  fi
}

# A port nothing listens on now, below the kernel's ephemeral range so no client socket holds it
# (the JVM binds it a moment later; a clash fails loudly: run again).
ephemeral_low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
((ephemeral_low > 11000)) || ephemeral_low=32768
free_port() {
  local port
  while :; do
    port=$((10000 + RANDOM % (ephemeral_low - 10000)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

# A fresh admin key for the node under test.
random_key() { echo "bench-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"; }

# stop_process PID...: asks each process to stop (TERM) and waits for it; a pid that is empty
# or already gone is skipped.
stop_process() {
  local pid
  for pid in "$@"; do
    [[ -n $pid ]] && { kill -TERM "$pid" 2>/dev/null || true; }
  done
  for pid in "$@"; do
    [[ -n $pid ]] && { wait "$pid" 2>/dev/null || true; }
  done
  return 0
}

# await_status PID STATUS URL [CURL ARGS...]: waits until URL answers STATUS (GET, or the curl
# arguments given), up to 2 minutes; dies if process PID ends first or the time runs out.
await_status() {
  local pid=$1 want=$2 url=$3
  shift 3
  for _ in $(seq 1 600); do
    kill -0 "$pid" 2>/dev/null || die "process $pid died while starting"
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$@" "$url" || true) == "$want" ]] && return
    sleep 0.2
  done
  die "$url did not answer $want in time"
}

# start_node [LOG] [VAR=VALUE...]: starts bin/signalbox (the jar as built, SIGNALBOX_NO_BUILD) on
# 127.0.0.1 with two free ports, a fresh admin key and a data directory in a new temporary
# directory, with the given variables added to its environment and its output in LOG (default
# node.log in that directory), and waits until /ready answers 200. Sets node_pid, port,
# grpc_port, key, node_dir and node_data. It traps EXIT to stop_node (and INT/TERM to exit), so
# the node never outlives the script; a script that starts more processes replaces that EXIT
# trap with its own, which calls stop_node too.
start_node() {
  local node_log=""
  if [[ $# -gt 0 && $1 != *=* ]]; then
    node_log=$1
    shift
  fi
  node_dir="$(mktemp -d "${TMPDIR:-/tmp}/signalbox-${bench_name:-bench}.XXXXXX")"
  node_data="$node_dir/data"
  node_log="${node_log:-$node_dir/node.log}"
  trap stop_node EXIT
  trap 'exit 130' INT TERM
  key="$(random_key)"
  port=$(free_port)
  grpc_port=$(free_port)
  [[ $port != "$grpc_port" ]] || die "port clash, run again"
  log "node on 127.0.0.1:$port, data in $node_data, log in $node_log"
  env SIGNALBOX_ADMIN_KEY="$key" SIGNALBOX_NO_BUILD=true "$@" "$bench_root/bin/signalbox" \
    --data-dir "$node_data" --port "$port" --grpc-port "$grpc_port" --host 127.0.0.1 >"$node_log" 2>&1 &
  node_pid=$!
  # In a subshell so that a failed wait can still show the end of the node's log.
  ( await_status "$node_pid" 200 "http://127.0.0.1:$port/ready" ) \
    || die "the node did not get ready: $(tail -5 "$node_log")"
}

# stop_node: stops the node start_node started, if any, and removes its temporary directory.
stop_node() {
  stop_process "${node_pid:-}"
  node_pid=""
  [[ -n ${node_dir:-} ]] && rm -rf "$node_dir"
  return 0
}
