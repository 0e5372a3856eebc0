# Shared helpers for infra/*.sh. Sourced, never run. Callers set SERVICE before sourcing.
#
# State layout: everything a script downloads, writes or logs lives in $STATE_DIR/<service>/
# (default <repo>/.infra, git-ignored). A pid file there is the record that *this* script started
# the server; `stop` only ever stops a pid it recorded, so a server that was already running
# (someone else's, or the machine's own PostgreSQL) is used but never stopped.

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(dirname "$INFRA_DIR")"
STATE_DIR="${INFRA_STATE_DIR:-$REPO_ROOT/.infra}"

log() { printf '[%s] %s\n' "$SERVICE" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$SERVICE" "$*" >&2; exit 1; }

# Serialise start/stop of one service: with-servers.sh and a developer's shell may race.
with_lock() {
  mkdir -p "$STATE_DIR/$SERVICE"
  exec 9>"$STATE_DIR/$SERVICE/lock"
  flock -w 300 9 || die "could not take $STATE_DIR/$SERVICE/lock within 300 s"
}

tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# pid_is PID PATTERN: true if PID is alive and its command line contains PATTERN (guards against
# a recycled pid after a reboot or crash).
pid_is() {
  local pid="$1" pattern="$2"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$pattern"
}

# The pid this script recorded, if that process is still the one we started.
recorded_pid() {
  local file="$STATE_DIR/$SERVICE/pid" pattern="$1" pid
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file")"
  if pid_is "$pid" "$pattern"; then echo "$pid"; return 0; fi
  rm -f "$file"   # stale: the process is gone
  return 1
}

# stop_pid PID NAME: SIGTERM, wait up to 30 s for a clean shutdown, then SIGKILL.
stop_pid() {
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    [[ -d "/proc/$pid" ]] || return 0
    sleep 0.1
  done
  log "pid $pid ignored SIGTERM for 30 s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

require_java() {
  command -v java >/dev/null || die "java not found on PATH (install openjdk-17-jre-headless)"
  local major
  major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [[ "${major%%.*}" -ge 17 ]] 2>/dev/null || die "Java 17 or newer needed, found java.specification.version=${major:-unknown}"
}

# maven_copy POM OUTDIR: copy the runtime dependencies declared in POM into OUTDIR, once per
# version of the pom (a stamp holds the pom's hash, so editing a pinned version re-fetches).
# Failures are reported by cause, because "mvn exited 1" tells nobody whether the network,
# the version or the pom is wrong.
maven_copy() {
  local pom="$1" out="$2" stamp hash mvnlog start
  hash="$(sha256sum "$pom" | cut -c1-16)"
  stamp="$out/.complete-$hash"
  [[ -f "$stamp" ]] && return 0
  command -v mvn >/dev/null || die "mvn not found on PATH (install maven)"
  mvnlog="$STATE_DIR/$SERVICE/mvn.log"
  rm -rf "$out"
  mkdir -p "$(dirname "$out")"
  log "fetching jars from Maven Central ($(basename "$(dirname "$pom")")/pom.xml) ..."
  start=$SECONDS
  if ! mvn -B -ntp -f "$pom" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies -DoutputDirectory="$out" >"$mvnlog" 2>&1; then
    local first
    first="$(grep -m1 '^\[ERROR\]' "$mvnlog" | cut -c1-400)"
    [[ -n "$first" ]] || first="$(tail -n 3 "$mvnlog" | tr '\n' ' ')"
    local net='Unknown ?host|UnknownHostException|Name or service not known|Temporary failure in name resolution|Could not transfer|Connection (refused|timed out|reset)|connect timed out|Network is unreachable|No route to host|PKIX path'
    if grep -qiE "$net" "$mvnlog"; then
      # The line that names the network failure, not the follow-on "No plugin found" error.
      die "Maven Central unreachable: $(grep -m1 -iE "$net" "$mvnlog" | cut -c1-600) (full log: $mvnlog)"
    fi
    die "Maven dependency download failed: $first (full log: $mvnlog)"
  fi
  touch "$stamp"
  log "jars ready in $out ($(ls "$out" | wc -l) files, $((SECONDS - start)) s)"
}

# wait_until_ready PID LOGFILE WHAT INTERVAL CHECK...: run CHECK every INTERVAL seconds until it
# succeeds. If the process exits first, or READY_TIMEOUT seconds pass (the process is then stopped),
# die with the last lines of LOGFILE and, where the caller defines it, `not_ready_detail`'s words.
wait_until_ready() {
  local pid="$1" logfile="$2" what="$3" interval="$4" t0=$SECONDS
  shift 4
  while :; do
    if ! [[ -d "/proc/$pid" ]]; then
      rm -f "$STATE_DIR/$SERVICE/pid"
      die "$what exited during start-up; last lines of $logfile:
$(tail -n 30 "$logfile")"
    fi
    if "$@"; then break; fi
    if ((SECONDS - t0 >= READY_TIMEOUT)); then
      stop_pid "$pid"
      rm -f "$STATE_DIR/$SERVICE/pid"
      die "$what did not become ready within $READY_TIMEOUT s$(declare -F not_ready_detail >/dev/null && echo " ($(not_ready_detail))"); last lines of $logfile:
$(tail -n 30 "$logfile")"
    fi
    sleep "$interval"
  done
  log "ready on $HOST:$PORT (pid $pid, $((SECONDS - t0)) s)"
  if [[ -n "${INFRA_STARTED_FILE:-}" ]]; then echo "$SERVICE" >>"$INFRA_STARTED_FILE"; fi
}

# stop_recorded PATTERN WHAT: stop the server this script started (its recorded pid), and only that.
stop_recorded() {
  with_lock
  local pid
  if ! pid="$(recorded_pid "$1")"; then
    log "not started by this script; nothing to stop"
    return 0
  fi
  log "stopping $2 (pid $pid)"
  stop_pid "$pid"
  rm -f "$STATE_DIR/$SERVICE/pid"
  log "stopped"
}
