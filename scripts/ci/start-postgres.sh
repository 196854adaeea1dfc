#!/usr/bin/env bash
# Start a local PostgreSQL for the integration suite (test/integration) and wait until it accepts
# connections. Idempotent: safe to run when PostgreSQL is already installed, configured or running.
#
# - installs the Debian `postgresql` package when the server is missing (CI starts from a bare
#   machine; nothing installed by hand survives a machine change);
# - listens on 127.0.0.1 only (a test database must not be reachable from the network);
# - sets the `postgres` role's password to `postgres`, matching the default TEST_DATABASE_URL
#   postgres://postgres:postgres@127.0.0.1:5432/orchestration_test;
# - creates the database `orchestration_test` when absent.
#
# Needs root (apt-get, and pg_ctlcluster switches to the cluster owner itself).
set -euo pipefail

PG_HOST=127.0.0.1
PG_PORT="${PG_PORT:-5432}"
PG_DB="${PG_DB:-orchestration_test}"
PG_PASSWORD="${PG_PASSWORD:-postgres}"
CLUSTER="${PG_CLUSTER:-main}"
WAIT_SECONDS="${PG_WAIT_SECONDS:-60}"

log() { echo "[start-postgres] $*"; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "PostgreSQL not found: installing it with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y postgresql
fi

# Newest installed major version (Debian can hold several side by side).
PG_VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
log "PostgreSQL ${PG_VERSION}, cluster ${CLUSTER}"

# The package normally creates the cluster; create it when the install skipped that.
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$CLUSTER" '$1==v && $2==c {found=1} END {exit !found}'; then
  log "creating cluster ${PG_VERSION}/${CLUSTER}"
  pg_createcluster "$PG_VERSION" "$CLUSTER" --port "$PG_PORT"
fi

# Debian's postgresql.conf includes conf.d/, so our settings live in a file of their own and the
# packaged configuration is left untouched. Written every run: cheap and keeps the script idempotent.
CONF_DIR="/etc/postgresql/${PG_VERSION}/${CLUSTER}/conf.d"
mkdir -p "$CONF_DIR"
cat > "${CONF_DIR}/99-orchestration-ci.conf" <<CONF
# Written by scripts/ci/start-postgres.sh
listen_addresses = '${PG_HOST}'
port = ${PG_PORT}
CONF
chown -R postgres:postgres "$CONF_DIR"

# Containers often lack the socket directory that systemd would create.
mkdir -p /var/run/postgresql
chown postgres:postgres /var/run/postgresql
chmod 2775 /var/run/postgresql

status="$(pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}')"
if [ "$status" = "online" ]; then
  # Already running: a restart applies the listen settings if they changed, a reload is not enough.
  current="$(runuser -u postgres -- psql -p "$PG_PORT" -tAc 'SHOW listen_addresses' 2>/dev/null || true)"
  if [ "$current" != "$PG_HOST" ]; then
    log "restarting cluster to listen on ${PG_HOST}:${PG_PORT}"
    pg_ctlcluster "$PG_VERSION" "$CLUSTER" restart
  else
    log "cluster already running"
  fi
else
  log "starting cluster"
  pg_ctlcluster "$PG_VERSION" "$CLUSTER" start
fi

log "waiting for ${PG_HOST}:${PG_PORT} (up to ${WAIT_SECONDS}s)"
deadline=$((SECONDS + WAIT_SECONDS))
until pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    log "PostgreSQL did not accept connections within ${WAIT_SECONDS}s; last log lines:"
    tail -n 30 "/var/log/postgresql/postgresql-${PG_VERSION}-${CLUSTER}.log" 2>/dev/null || true
    exit 1
  fi
  sleep 1
done

# Local socket with peer authentication as the postgres OS user: works before any password exists.
as_postgres() { runuser -u postgres -- psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -qtA "$@"; }

as_postgres -c "ALTER ROLE postgres WITH PASSWORD '${PG_PASSWORD}'" >/dev/null
if [ "$(as_postgres -c "SELECT 1 FROM pg_database WHERE datname = '${PG_DB}'")" != "1" ]; then
  log "creating database ${PG_DB}"
  as_postgres -c "CREATE DATABASE \"${PG_DB}\""
fi

# Prove the URL the tests use works over TCP with the password.
PGPASSWORD="$PG_PASSWORD" psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d "$PG_DB" -qtAc 'SELECT 1' >/dev/null
log "ready: postgres://postgres:***@${PG_HOST}:${PG_PORT}/${PG_DB}"
