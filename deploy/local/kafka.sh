#!/usr/bin/env bash
# Apache Kafka (KRaft) for the local network, from Maven Central artifacts fetched through the Maven
# wrapper. No Docker. One node by default (broker and controller in one JVM); with --brokers 3, three
# such nodes on this machine forming one cluster (controller quorum of three, the topics with
# topics.conf's replication 3 and min.insync.replicas 2; a single node caps both to 1).
#
#   deploy/local/kafka.sh start [--brokers N]   format storage on first use, start, wait until ready, create topics
#   deploy/local/kafka.sh start --secure        one node with TLS, SASL/SCRAM-SHA-512 and the ACLs of
#                                               deploy/kafka/acls.conf: users proposal-service, vote-aggregator,
#                                               ops and $KAFKA_USERS, each password in
#                                               $KAFKA_DIR/credentials/<user>.password (0600)
#   deploy/local/kafka.sh stop                  stop every node (SIGTERM, then SIGKILL after 30 s)
#   deploy/local/kafka.sh status                each node: running or not, and where
#
# Settings (environment): KAFKA_PORT (9092: node N listens on KAFKA_PORT + 2(N-1)),
# KAFKA_CONTROLLER_PORT (KAFKA_PORT + 1: node N's controller on KAFKA_CONTROLLER_PORT + 2(N-1)),
# KAFKA_DIR (<repo>/.run/kafka: data, logs and pid files; node-N below it for a cluster),
# KAFKA_HEAP (512m, per node), KAFKA_USERS (with --secure: the agents' users, default
# agent-validator-1,...,agent-validator-4). A data folder keeps the security it was formatted with:
# use another KAFKA_DIR to switch.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MODULE="$ROOT/deploy/kafka"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((PORT + 1))}"
DIR="${KAFKA_DIR:-$ROOT/.run/kafka}"
HEAP="${KAFKA_HEAP:-512m}"
BROKERS_FILE="$DIR/brokers"
SECURITY=()

usage() {
  echo "usage: $0 start [--brokers N | --secure] | stop | status" >&2
  exit 2
}

# How many nodes the running (or last started) setup has: 1 unless a cluster was started here.
brokers_started() {
  if [[ -f "$BROKERS_FILE" ]]; then cat "$BROKERS_FILE"; else echo 1; fi
}

node_dir() { # node_dir BROKERS ID
  if (( $1 == 1 )); then echo "$DIR"; else echo "$DIR/node-$2"; fi
}
node_port() { echo $((PORT + 2 * ($1 - 1))); }
node_controller_port() { echo $((CONTROLLER_PORT + 2 * ($1 - 1))); }

running_pid() { # running_pid NODE_DIR
  local pid_file="$1/broker.pid" pid
  [[ -f "$pid_file" ]] || return 1
  pid="$(cat "$pid_file")"
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

ensure_built() {
  if [[ ! -d "$MODULE/target/lib" || ! -d "$MODULE/target/classes/io" ]]; then
    echo "Fetching the Kafka broker's jars from Maven Central (first run only)..."
    (cd "$ROOT" && ./mvnw -q -B -pl deploy/kafka package -DskipTests)
  fi
}

voters() { # voters BROKERS
  local list=() id
  for ((id = 1; id <= $1; id++)); do list+=("$id@127.0.0.1:$(node_controller_port "$id")"); done
  (IFS=,; echo "${list[*]}")
}

launch_node() { # launch_node BROKERS ID
  local brokers="$1" id="$2" dir port cluster_args=()
  dir="$(node_dir "$brokers" "$id")"
  port="$(node_port "$id")"
  mkdir -p "$dir"
  if (( brokers > 1 )); then
    cluster_args=(--brokers "$brokers" --node-id "$id" --controller-voters "$(voters "$brokers")")
  fi
  echo "Starting Kafka node $id of $brokers on 127.0.0.1:$port (data in $dir, log $dir/broker.log)..."
  nohup java "-Xms128m" "-Xmx$HEAP" -XX:+UseSerialGC -cp "$MODULE/target/lib/*:$MODULE/target/classes" \
    io.cutover.kafka.LocalBroker --dir "$dir" --port "$port" --controller-port "$(node_controller_port "$id")" \
    --topics "$MODULE/topics.conf" "${cluster_args[@]}" "${SECURITY[@]}" >"$dir/broker.log" 2>&1 </dev/null &
  echo $! >"$dir/broker.pid"
}

start() {
  local brokers=1
  while (($#)); do
    case "$1" in
      --brokers) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || usage; brokers="$2"; shift 2 ;;
      --secure)
        SECURITY=(--secure --acls "$MODULE/acls.conf" --users "${KAFKA_USERS:-agent-validator-1,agent-validator-2,agent-validator-3,agent-validator-4}")
        shift ;;
      *) usage ;;
    esac
  done
  if ((${#SECURITY[@]} > 0 && brokers > 1)); then
    echo "--secure runs a single node; it cannot be combined with --brokers $brokers" >&2
    return 2
  fi
  local running
  running="$(brokers_started)"
  if pid="$(running_pid "$(node_dir "$running" 1)")"; then
    if (( running != brokers )); then
      echo "Kafka already runs with $running node(s) (pid $pid of node 1); stop it first to start $brokers" >&2
      return 1
    fi
    echo "Kafka already running ($running node(s), pid $pid of node 1) on $(bootstrap "$running")"
    return 0
  fi
  ensure_built
  mkdir -p "$DIR"
  echo "$brokers" >"$BROKERS_FILE"
  local id started=$SECONDS
  for ((id = 1; id <= brokers; id++)); do launch_node "$brokers" "$id"; done
  for ((id = 1; id <= brokers; id++)); do
    local dir log
    dir="$(node_dir "$brokers" "$id")"
    log="$dir/broker.log"
    until grep -q '^READY ' "$log" 2>/dev/null; do
      if ! kill -0 "$(cat "$dir/broker.pid")" 2>/dev/null; then
        echo "Kafka node $id exited during start-up; last lines of $log:" >&2
        tail -n 20 "$log" >&2
        stop
        return 1
      fi
      if (( SECONDS - started > 120 )); then
        echo "Kafka node $id not ready after 120 s; see $log" >&2
        stop
        return 1
      fi
      sleep 0.3
    done
  done
  echo "Kafka ready ($brokers node(s)) on $(bootstrap "$brokers") in $((SECONDS - started)) s; topics: $(grep -v '^\s*#' "$MODULE/topics.conf" | awk 'NF {print $1}' | paste -sd' ')"
  if ((${#SECURITY[@]} > 0)); then
    echo "TLS (clients trust $(node_dir 1 1)/tls/ca.pem) and SASL/SCRAM-SHA-512 with the ACLs of $MODULE/acls.conf; passwords (0600) in $(node_dir 1 1)/credentials"
  fi
}

bootstrap() { # bootstrap BROKERS
  local list=() id
  for ((id = 1; id <= $1; id++)); do list+=("127.0.0.1:$(node_port "$id")"); done
  (IFS=,; echo "${list[*]}")
}

stop() {
  local brokers id pids=() pid
  brokers="$(brokers_started)"
  for ((id = 1; id <= brokers; id++)); do
    if pid="$(running_pid "$(node_dir "$brokers" "$id")")"; then pids+=("$pid"); fi
  done
  if ((${#pids[@]} == 0)); then
    echo "Kafka is not running"
  else
    # every node at once: a node left alone without its quorum could not shut down cleanly
    kill "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 1 60); do
      local alive=0
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      ((alive)) || break
      sleep 0.5
    done
    for pid in "${pids[@]}"; do
      if kill -0 "$pid" 2>/dev/null; then
        echo "Kafka node (pid $pid) did not stop in 30 s; killing it" >&2
        kill -9 "$pid" 2>/dev/null || true
      fi
    done
    echo "Kafka stopped (${#pids[@]} node(s))"
  fi
  for ((id = 1; id <= brokers; id++)); do rm -f "$(node_dir "$brokers" "$id")/broker.pid"; done
}

status() {
  local brokers id pid up=0
  brokers="$(brokers_started)"
  for ((id = 1; id <= brokers; id++)); do
    local dir
    dir="$(node_dir "$brokers" "$id")"
    if pid="$(running_pid "$dir")"; then
      echo "Kafka node $id of $brokers running (pid $pid) on 127.0.0.1:$(node_port "$id"), data in $dir"
      up=$((up + 1))
    else
      echo "Kafka node $id of $brokers is not running"
    fi
  done
  (( up > 0 )) || return 3
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
