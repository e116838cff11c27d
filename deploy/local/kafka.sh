#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft: broker and controller in one JVM) for the local
# network, from Maven Central artifacts fetched through the Maven wrapper. No Docker.
#
#   deploy/local/kafka.sh start    # format storage on first use, start, wait until ready, create topics
#   deploy/local/kafka.sh start --secure
#                                  # the same with TLS, SASL/SCRAM-SHA-512 and the ACLs of deploy/kafka/acls.conf:
#                                  # users proposal-service, vote-aggregator, ops and $KAFKA_USERS, each
#                                  # password in $KAFKA_DIR/credentials/<user>.password (0600)
#   deploy/local/kafka.sh stop     # stop it (SIGTERM, then SIGKILL after 30 s)
#   deploy/local/kafka.sh status   # running or not, and where
#
# Settings (environment): KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093),
# KAFKA_DIR (<repo>/.run/kafka: data, log and pid file), KAFKA_HEAP (512m),
# KAFKA_USERS (with --secure: the agents' users, default agent-validator-1,...,agent-validator-4).
# A data folder keeps the security it was formatted with: use another KAFKA_DIR to switch.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MODULE="$ROOT/deploy/kafka"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
DIR="${KAFKA_DIR:-$ROOT/.run/kafka}"
HEAP="${KAFKA_HEAP:-512m}"
PID_FILE="$DIR/broker.pid"
LOG_FILE="$DIR/broker.log"

running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

ensure_built() {
  if [[ ! -d "$MODULE/target/lib" || ! -d "$MODULE/target/classes/io" ]]; then
    echo "Fetching the Kafka broker's jars from Maven Central (first run only)..."
    (cd "$ROOT" && ./mvnw -q -B -pl deploy/kafka package -DskipTests)
  fi
}

start() {
  local security=()
  case "${1:-}" in
    --secure)
      security=(--secure --acls "$MODULE/acls.conf" --users "${KAFKA_USERS:-agent-validator-1,agent-validator-2,agent-validator-3,agent-validator-4}") ;;
    "") ;;
    *) echo "unknown option $1; usage: $0 start [--secure]" >&2; return 2 ;;
  esac
  if pid="$(running_pid)"; then
    echo "Kafka already running (pid $pid) on 127.0.0.1:$PORT"
    return 0
  fi
  ensure_built
  mkdir -p "$DIR"
  echo "Starting Kafka on 127.0.0.1:$PORT (data in $DIR, log $LOG_FILE)..."
  nohup java "-Xms128m" "-Xmx$HEAP" -XX:+UseSerialGC -cp "$MODULE/target/lib/*:$MODULE/target/classes" \
    io.cutover.kafka.LocalBroker --dir "$DIR" --port "$PORT" --controller-port "$CONTROLLER_PORT" \
    --topics "$MODULE/topics.conf" "${security[@]}" >"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  local started=$SECONDS
  until grep -q '^READY ' "$LOG_FILE" 2>/dev/null; do
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
      echo "Kafka exited during start-up; last lines of $LOG_FILE:" >&2
      tail -n 20 "$LOG_FILE" >&2
      rm -f "$PID_FILE"
      return 1
    fi
    if (( SECONDS - started > 90 )); then
      echo "Kafka not ready after 90 s; see $LOG_FILE" >&2
      stop
      return 1
    fi
    sleep 0.3
  done
  echo "Kafka ready on 127.0.0.1:$PORT in $((SECONDS - started)) s; topics: $(grep -v '^\s*#' "$MODULE/topics.conf" | awk 'NF {print $1}' | paste -sd' ')"
  if ((${#security[@]} > 0)); then
    echo "TLS (clients trust $DIR/tls/ca.pem) and SASL/SCRAM-SHA-512 with the ACLs of $MODULE/acls.conf; passwords (0600) in $DIR/credentials"
  fi
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    echo "Kafka is not running"
    rm -f "$PID_FILE"
    return 0
  fi
  kill "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "Kafka did not stop in 30 s; killing it" >&2
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  echo "Kafka stopped"
}

status() {
  local pid
  if pid="$(running_pid)"; then
    echo "Kafka running (pid $pid) on 127.0.0.1:$PORT, data in $DIR"
  else
    echo "Kafka is not running"
    return 3
  fi
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start [--secure]|stop|status" >&2; exit 2 ;;
esac
