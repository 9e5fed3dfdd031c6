# Shared by the benchmark scripts (sourced, not run): logging, wrk, free ports and a random
# admin key. The sourcing script sets bench_name first; it names the script in log lines.

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
