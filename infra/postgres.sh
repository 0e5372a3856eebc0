#!/usr/bin/env bash
# PostgreSQL on 127.0.0.1:5432 for tests (trust auth for user postgres; tests create and drop
# their own databases through the admin URL this prints).
#   infra/postgres.sh start      use the server already answering, else install/start Debian's
#   infra/postgres.sh stop       stop the cluster, only if this script started it
#   infra/postgres.sh status     exit 0 if the server accepts connections, 3 if not
# Env: INFRA_STARTED_FILE=path   `start` appends "postgres" there when it really started a cluster.
#
# The machines this project runs on start PostgreSQL before any session, so normally `start`
# only checks it. The install path is for a machine without it, and needs root (apt-get).
set -euo pipefail
SERVICE=postgres
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

HOST=127.0.0.1
# Overridable only to exercise the start/stop path against a spare cluster without touching the
# machine's own server; the tests always use 5432/main.
PORT="${INFRA_PG_PORT:-5432}"
CLUSTER="${INFRA_PG_CLUSTER:-main}"
DIR="$STATE_DIR/postgres"
ADMIN_URL="postgres://postgres@$HOST:$PORT/postgres"
# What this script started, as "<version> <cluster>"; stop acts only on this.
MARK="$DIR/started-cluster-$PORT"

ready() { pg_isready -q -h "$HOST" -p "$PORT" -t 3; }

# A server that accepts connections but rejects user postgres without a password is as useless
# to the tests as none at all, so say so here rather than in every test.
check_login() {
  command -v psql >/dev/null || return 0
  local out
  if ! out="$(psql "$ADMIN_URL" -X -q -t -A -c 'select 1' 2>&1)"; then
    die "PostgreSQL answers on $HOST:$PORT but $ADMIN_URL cannot log in: $out (tests need trust auth for user postgres on 127.0.0.1)"
  fi
}

install_server() {
  [[ "$(id -u)" -eq 0 ]] || die "PostgreSQL is not installed and installing it needs root (apt-get)"
  log "installing PostgreSQL from Debian's packages ..."
  apt-get update -qq >"$DIR/apt.log" 2>&1 || die "apt-get update failed: $(tail -n 3 "$DIR/apt.log")"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >>"$DIR/apt.log" 2>&1 \
    || die "apt-get install postgresql failed: $(tail -n 3 "$DIR/apt.log")"
}

# Prepend a trust rule for user postgres over 127.0.0.1 (pg_hba is first-match), listen on
# localhost and the expected port. Only ever applied to a cluster this script is about to start.
ensure_trust() {
  local ver="$1" conf="/etc/postgresql/$1/$CLUSTER"
  local rule="host all postgres 127.0.0.1/32 trust"
  if ! grep -qxF "$rule" "$conf/pg_hba.conf"; then
    { echo "# added by infra/postgres.sh: tests connect as postgres without a password"
      echo "$rule"
      cat "$conf/pg_hba.conf"; } >"$conf/pg_hba.conf.new"
    chown --reference="$conf/pg_hba.conf" "$conf/pg_hba.conf.new"
    chmod --reference="$conf/pg_hba.conf" "$conf/pg_hba.conf.new"
    mv "$conf/pg_hba.conf.new" "$conf/pg_hba.conf"
  fi
  if ! grep -qE "^port *= *$PORT\b" "$conf/postgresql.conf"; then
    echo "port = $PORT  # infra/postgres.sh" >>"$conf/postgresql.conf"
  fi
  if ! grep -qE "^listen_addresses" "$conf/postgresql.conf"; then
    echo "listen_addresses = 'localhost'  # infra/postgres.sh" >>"$conf/postgresql.conf"
  fi
}

start() {
  with_lock
  command -v pg_isready >/dev/null || install_server
  if ready; then
    check_login
    if [[ -f "$MARK" ]]; then
      log "already running (cluster $(cat "$MARK"), started by this script)"
    else
      log "already running on $HOST:$PORT (not started by this script; stop will leave it alone)"
    fi
    echo "$ADMIN_URL"
    return 0
  fi
  [[ -d /etc/postgresql ]] && [[ -n "$(ls /etc/postgresql 2>/dev/null)" ]] || install_server
  command -v pg_ctlcluster >/dev/null || install_server
  local ver
  ver="$(ls /etc/postgresql | sort -V | tail -n 1)"
  [[ -n "$ver" ]] || die "no PostgreSQL version under /etc/postgresql after install"
  if [[ ! -d "/etc/postgresql/$ver/$CLUSTER" ]]; then
    log "creating cluster $ver/$CLUSTER"
    pg_createcluster -p "$PORT" "$ver" "$CLUSTER" >>"$DIR/pg.log" 2>&1 \
      || die "pg_createcluster $ver $CLUSTER failed: $(tail -n 3 "$DIR/pg.log")"
  fi
  ensure_trust "$ver"
  log "starting cluster $ver/$CLUSTER"
  # 9>&-: the postmaster must not inherit (and hold forever) this script's lock descriptor.
  pg_ctlcluster --skip-systemctl-redirect "$ver" "$CLUSTER" start >>"$DIR/pg.log" 2>&1 9>&- \
    || die "pg_ctlcluster $ver $CLUSTER start failed: $(tail -n 5 "$DIR/pg.log"); server log: /var/log/postgresql/postgresql-$ver-$CLUSTER.log"
  echo "$ver $CLUSTER" >"$MARK"
  local i
  for ((i = 0; i < 60; i++)); do ready && break; sleep 0.5; done
  ready || die "cluster $ver/$CLUSTER started but $HOST:$PORT does not accept connections within 30 s (see /var/log/postgresql/postgresql-$ver-$CLUSTER.log)"
  check_login
  log "ready on $HOST:$PORT"
  if [[ -n "${INFRA_STARTED_FILE:-}" ]]; then echo postgres >>"$INFRA_STARTED_FILE"; fi
  echo "$ADMIN_URL"
}

stop() {
  with_lock
  if [[ ! -f "$MARK" ]]; then
    log "not started by this script; nothing to stop"
    return 0
  fi
  local ver cluster
  read -r ver cluster <"$MARK"
  log "stopping cluster $ver/$cluster"
  pg_ctlcluster --skip-systemctl-redirect "$ver" "$cluster" stop -m fast >>"$DIR/pg.log" 2>&1 \
    || log "pg_ctlcluster stop reported an error (already stopped?): $(tail -n 2 "$DIR/pg.log")"
  rm -f "$MARK"
  log "stopped"
}

status() {
  if command -v pg_isready >/dev/null && ready; then
    if [[ -f "$MARK" ]]; then
      log "running (cluster $(cat "$MARK"), started by this script); admin URL $ADMIN_URL"
    else
      log "running on $HOST:$PORT (not started by this script); admin URL $ADMIN_URL"
    fi
    return 0
  fi
  log "not running"
  return 3
}

mkdir -p "$DIR"
case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
