#!/usr/bin/env bash
# Run a command with PostgreSQL, Kafka and S3Proxy up, then stop exactly the servers this run
# started (a server that was already up, e.g. from a developer's `infra/kafka.sh start`, stays up).
#   bash infra/with-servers.sh CMD ARGS...
# Exports to CMD:
#   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres  (admin URL: tests create their own databases)
#   TEST_KAFKA_BROKERS=127.0.0.1:19092
#   TEST_S3_ENDPOINT=http://127.0.0.1:19000
# Exits with CMD's exit code (or 1 if a server could not be started; CMD then does not run).
set -uo pipefail
INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ $# -eq 0 ]]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

STARTED_FILE="$(mktemp "${TMPDIR:-/tmp}/with-servers.XXXXXX")"

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -s "$STARTED_FILE" ]]; then
    local svc pids=()
    # Independent servers: stop them in parallel (Kafka's controlled shutdown takes a few seconds).
    while read -r svc; do
      bash "$INFRA_DIR/$svc.sh" stop &
      pids+=($!)
    done <"$STARTED_FILE"
    wait "${pids[@]}"
  fi
  rm -f "$STARTED_FILE"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

t0=$SECONDS
# Fetch sequentially first: two mvn processes writing the same ~/.m2 at once can corrupt it.
# Both are no-ops once the jars are in .infra/.
bash "$INFRA_DIR/kafka.sh" fetch || exit 1
bash "$INFRA_DIR/s3proxy.sh" fetch || exit 1

# Each start appends its name to STARTED_FILE only if it really started its server.
declare -A jobs=()
for svc in postgres kafka s3proxy; do
  INFRA_STARTED_FILE="$STARTED_FILE" bash "$INFRA_DIR/$svc.sh" start >/dev/null &
  jobs[$svc]=$!
done
failed=()
for svc in "${!jobs[@]}"; do
  wait "${jobs[$svc]}" || failed+=("$svc")
done
if ((${#failed[@]} > 0)); then
  echo "[with-servers] ERROR: could not start: ${failed[*]} (see the messages above); not running: $*" >&2
  exit 1
fi
echo "[with-servers] servers ready in $((SECONDS - t0)) s; started by this run: $(tr '\n' ' ' <"$STARTED_FILE")" >&2

export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres"
export TEST_KAFKA_BROKERS="127.0.0.1:19092"
export TEST_S3_ENDPOINT="http://127.0.0.1:19000"

# Not `exec`: the EXIT trap must run after CMD to stop the servers.
"$@"
