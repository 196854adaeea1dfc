#!/usr/bin/env bash
# Start a local Redis for the integration suite on 127.0.0.1 only, and wait until it answers.
# Idempotent: installs Debian's redis-server when missing, does nothing when one already answers.
set -euo pipefail

REDIS_PORT="${REDIS_PORT:-6379}"
log() { echo "[start-redis] $*"; }

if ! command -v redis-server >/dev/null 2>&1; then
  log "redis-server not found: installing it with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y redis-server
fi

if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then
  log "already running on 127.0.0.1:$REDIS_PORT"
  exit 0
fi

redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
  --dir /tmp --logfile /tmp/redis-ci.log
for _ in $(seq 1 50); do
  if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then
    log "ready on 127.0.0.1:$REDIS_PORT"
    exit 0
  fi
  sleep 0.2
done
log "redis-server did not answer; log follows"
cat /tmp/redis-ci.log || true
exit 1
