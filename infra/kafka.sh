#!/usr/bin/env bash
# Single-node Apache Kafka broker (KRaft) on 127.0.0.1:19092 (controller 19093) for tests.
#   infra/kafka.sh fetch          download the broker jars (Maven Central) into .infra/kafka/lib
#   infra/kafka.sh start          start it, or find it already running; returns once it answers metadata
#   infra/kafka.sh stop           stop it, only if this script started it
#   infra/kafka.sh status         exit 0 if a broker answers on the port, 3 if not
# Env: INFRA_STARTED_FILE=path    `start` appends "kafka" there when it really started the broker
#                                 (with-servers.sh uses this to stop exactly what it started).
set -euo pipefail
SERVICE=kafka
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

HOST=127.0.0.1
PORT=19092
DIR="$STATE_DIR/kafka"
LIB="$DIR/lib"
DATA="$DIR/data"
CONF="$DIR/server.properties"
BROKER_LOG="$DIR/broker.log"
READY_TIMEOUT="${KAFKA_READY_TIMEOUT:-90}"
# Matched against /proc/<pid>/cmdline, so we never signal a process we did not start.
PID_PATTERN="kafka.Kafka $CONF"

fetch() {
  require_java
  maven_copy "$INFRA_DIR/kafka/pom.xml" "$LIB"
}

# A real metadata request (AdminClient listTopics), not a TCP connect: the port opens well before
# the broker has joined its own KRaft quorum and can serve clients. Short client timeouts so one
# probe fails fast and the caller's loop decides how long to wait.
probe() {
  local cfg="$DIR/probe.properties"
  printf 'request.timeout.ms=3000\ndefault.api.timeout.ms=5000\nsocket.connection.setup.timeout.ms=2000\n' >"$cfg"
  # C1 only and a small heap: this JVM lives ~2 s, start-up time is what matters.
  # No log4j2 config: log4j's default (errors only, to the console) keeps probe.log to the point.
  timeout 20 java -Xmx128m -XX:TieredStopAtLevel=1 -cp "$LIB/*" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "$HOST:$PORT" --command-config "$cfg" --list >"$DIR/probe.log" 2>&1
}

# The broker answers when its port is open and a metadata request succeeds.
ready() { tcp_open "$HOST" "$PORT" && probe; }
not_ready_detail() { echo "last probe: $(tail -n 2 "$DIR/probe.log" | tr '\n' ' ')"; }

start() {
  with_lock
  local pid
  if pid="$(recorded_pid "$PID_PATTERN")"; then
    log "already running (pid $pid, started by this script) on $HOST:$PORT"
    return 0
  fi
  fetch
  if tcp_open "$HOST" "$PORT"; then
    if probe; then
      log "a Kafka broker not started by this script already answers on $HOST:$PORT; using it (stop will leave it alone)"
      return 0
    fi
    die "port $HOST:$PORT is taken by something that does not answer Kafka metadata requests ($(head -c 300 "$DIR/probe.log"))"
  fi

  mkdir -p "$DATA"
  # The checked-in properties plus the machine-specific data directory (later keys win).
  { cat "$INFRA_DIR/kafka/kraft.properties"; printf '\nlog.dirs=%s\n' "$DATA"; } >"$CONF"
  if [[ ! -s "$DIR/cluster-id" ]]; then
    java -cp "$LIB/*" kafka.tools.StorageTool random-uuid >"$DIR/cluster-id.tmp" 2>"$DIR/storage-tool.log" \
      || die "StorageTool random-uuid failed: $(tail -n 5 "$DIR/storage-tool.log")"
    mv "$DIR/cluster-id.tmp" "$DIR/cluster-id"
  fi
  # --ignore-formatted: a second start reuses the data (and topics) of the first.
  java -cp "$LIB/*" kafka.tools.StorageTool format \
    -t "$(cat "$DIR/cluster-id")" -c "$CONF" --ignore-formatted >"$DIR/storage-tool.log" 2>&1 \
    || die "StorageTool format failed: $(tail -n 5 "$DIR/storage-tool.log")"

  log "starting broker (log: $BROKER_LOG)"
  printf '\n===== start %s =====\n' "$(date -Is)" >>"$BROKER_LOG"
  # setsid: the broker must outlive this script and not receive the terminal's Ctrl-C directly;
  # it is stopped by `stop` (SIGTERM = controlled shutdown). `9>&-`: the broker must not inherit
# the lock descriptor, or it would hold the start/stop lock for its whole life.
  setsid java -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2.properties" \
    -cp "$LIB/*" kafka.Kafka "$CONF" </dev/null >>"$BROKER_LOG" 2>&1 9>&- &
  pid=$!
  echo "$pid" >"$DIR/pid"

  wait_until_ready "$pid" "$BROKER_LOG" broker 1 ready
}

stop() { stop_recorded "$PID_PATTERN" broker; }

status() {
  local pid
  if pid="$(recorded_pid "$PID_PATTERN")"; then
    if [[ -d "$LIB" ]] && probe; then
      log "running (pid $pid, started by this script), answers on $HOST:$PORT; log: $BROKER_LOG"
      return 0
    fi
    log "process running (pid $pid) but not answering metadata requests on $HOST:$PORT; log: $BROKER_LOG"
    return 3
  fi
  if tcp_open "$HOST" "$PORT"; then
    log "something not started by this script listens on $HOST:$PORT"
    return 0
  fi
  log "not running"
  return 3
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 fetch|start|stop|status" >&2; exit 2 ;;
esac
