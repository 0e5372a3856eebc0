#!/usr/bin/env bash
# S3Proxy (S3 API over the local filesystem) on http://127.0.0.1:19000 for tests.
#   infra/s3proxy.sh fetch        download the S3Proxy jar (Maven Central) into .infra/s3proxy/lib
#   infra/s3proxy.sh start        start it, or find it already running; returns once it answers HTTP
#   infra/s3proxy.sh stop         stop it, only if this script started it
#   infra/s3proxy.sh status       exit 0 if an S3 endpoint answers on the port, 3 if not
# Env: INFRA_STARTED_FILE=path    `start` appends "s3proxy" there when it really started the server.
set -euo pipefail
SERVICE=s3proxy
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

HOST=127.0.0.1
PORT=19000
DIR="$STATE_DIR/s3proxy"
LIB="$DIR/lib"
DATA="$DIR/data"
CONF="$DIR/s3proxy.conf"
SERVER_LOG="$DIR/s3proxy.log"
READY_TIMEOUT="${S3PROXY_READY_TIMEOUT:-60}"
PID_PATTERN="org.gaul.s3proxy.Main --properties $CONF"

fetch() {
  require_java
  maven_copy "$INFRA_DIR/s3proxy/pom.xml" "$LIB"
}

# An HTTP request, not a TCP connect: Jetty binds the port before S3Proxy has wired its handler.
# Any HTTP status line counts (with authorization=none `GET /` lists buckets and answers 200).
# Plain bash /dev/tcp so a fresh machine needs no curl.
http_status() {
  local line
  exec 4<>"/dev/tcp/$HOST/$PORT" || return 1
  printf 'GET / HTTP/1.0\r\nHost: %s:%s\r\n\r\n' "$HOST" "$PORT" >&4
  IFS= read -r -t 5 line <&4 || { exec 4<&-; return 1; }
  exec 4<&-
  [[ "$line" =~ ^HTTP/1\.[01]\ ([0-9]{3}) ]] || return 1
  echo "${BASH_REMATCH[1]}"
}

probe() { http_status >/dev/null 2>&1; }

start() {
  with_lock
  local pid
  if pid="$(recorded_pid "$PID_PATTERN")"; then
    log "already running (pid $pid, started by this script) on http://$HOST:$PORT"
    return 0
  fi
  if tcp_open "$HOST" "$PORT"; then
    if probe; then
      log "an HTTP server not started by this script already answers on http://$HOST:$PORT; using it (stop will leave it alone)"
      return 0
    fi
    die "port $HOST:$PORT is taken by something that does not answer HTTP"
  fi
  fetch

  mkdir -p "$DATA"
  { cat "$INFRA_DIR/s3proxy/s3proxy.conf"; printf '\njclouds.filesystem.basedir=%s\n' "$DATA"; } >"$CONF"
  local jar
  jar="$(ls "$LIB"/s3proxy-*-jar-with-dependencies.jar 2>/dev/null | head -n 1)"
  [[ -n "$jar" ]] || die "no s3proxy-*-jar-with-dependencies.jar in $LIB"

  log "starting S3Proxy (log: $SERVER_LOG)"
  printf '\n===== start %s =====\n' "$(date -Is)" >>"$SERVER_LOG"
  # setsid and 9>&-: outlive this script, and do not hold the start/stop lock (see kafka.sh).
  setsid java -Xmx512m -Djava.awt.headless=true -cp "$jar" org.gaul.s3proxy.Main --properties "$CONF" \
    </dev/null >>"$SERVER_LOG" 2>&1 9>&- &
  pid=$!
  echo "$pid" >"$DIR/pid"

  wait_until_ready "$pid" "$SERVER_LOG" S3Proxy 0.5 probe
}

stop() { stop_recorded "$PID_PATTERN" S3Proxy; }

status() {
  local pid code
  if code="$(http_status 2>/dev/null)"; then
    if pid="$(recorded_pid "$PID_PATTERN")"; then
      log "running (pid $pid, started by this script), http://$HOST:$PORT answers HTTP $code; log: $SERVER_LOG"
    else
      log "an HTTP server not started by this script answers on http://$HOST:$PORT (HTTP $code)"
    fi
    return 0
  fi
  if pid="$(recorded_pid "$PID_PATTERN")"; then
    log "process running (pid $pid) but not answering HTTP on $HOST:$PORT; log: $SERVER_LOG"
  else
    log "not running"
  fi
  return 3
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 fetch|start|stop|status" >&2; exit 2 ;;
esac
