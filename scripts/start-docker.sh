#!/usr/bin/env bash
# Makes sure a Docker engine answers on the local socket: starts Debian's dockerd without a bridge network
# (sandbox containers run with network none) when none is running. Used by the tests and the Docker backend.
set -euo pipefail
if docker info >/dev/null 2>&1; then
  exit 0
fi
command -v dockerd >/dev/null || { echo "dockerd is missing: apt-get install docker.io" >&2; exit 1; }
log=/tmp/codingagent-dockerd.log
echo "Starting dockerd (log: $log)" >&2
nohup dockerd --bridge=none --iptables=false --ip6tables=false --host=unix:///var/run/docker.sock >"$log" 2>&1 &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    exit 0
  fi
  sleep 1
done
echo "dockerd did not start; last lines of $log:" >&2
tail -n 20 "$log" >&2
exit 1
