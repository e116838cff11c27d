#!/usr/bin/env bash
# Cutover's benchmarks in one run, printed as one table (docs/performance.md).
# Usage (from anywhere): benchmarks/run.sh [ingest transactions=20000] [proposals=300] [switches=50] [aggregator history=1000000]
# Runs, in this order: JMH (decode + verify, one tally step), proposal-service ingest beside the raw
# Ed25519+SHA3 rate, vote-aggregator approval latency and restart after 1,000,000 historical inputs, rollout-agent
# switchover overhead / start-up / idle RSS, the checkpoint at the halt (link against copy), and the chain downtime of an upgrade of the local network in
# three orders (CHAIN_ROUNDS rounds each, default 3; about a minute and a half a round), and the recovery of a failed
# upgrade by a hot-fix the validators vote (CHAIN_ROUNDS rounds on one network).
# Never part of ./mvnw verify. Figures on a shared machine: read them with the load average printed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=benchmarks/target/results
ROUNDS=${CHAIN_ROUNDS:-3}
mkdir -p "$OUT"
TX=${1:-20000}; PROPOSALS=${2:-300}; SWITCHES=${3:-50}; HISTORY=${4:-1000000}
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "load average before: $(load)" | tee "$OUT/load.txt"

echo "==> building (into each module's target/, nothing installed into the local Maven repository)"
./mvnw -q -pl benchmarks,deploy/local-network -am package -DskipTests

echo "==> JMH (decode + verify, one tally step)"
java -cp "benchmarks/target/classes:benchmarks/target/lib/*" org.openjdk.jmh.Main -f 1 -wi 3 -w 2s -i 5 -r 2s \
  -rf csv -rff "$OUT/jmh.csv" 'io.cutover.benchmarks.*' | tee "$OUT/jmh.txt" | grep -E "^(Benchmark|[A-Z][A-Za-z]+Benchmark)" || true
java -cp "benchmarks/target/classes:benchmarks/target/lib/*" org.openjdk.jmh.Main -f 1 -wi 3 -w 2s -i 5 -r 2s -t 2 \
  -rf csv -rff "$OUT/jmh-2threads.csv" 'TransactionVerifyBenchmark.(rawVerify|decodeAndVerify)' >"$OUT/jmh-2threads.txt"
echo "load average after JMH: $(load)" | tee -a "$OUT/load.txt"

echo "==> ingest: gRPC SubmitTransaction (unary, both APIs) and the SubmitTransactions stream to Kafka ack, beside raw verification"
proposal-service/bench/run.sh "$TX" 64 256 | tee "$OUT/ingest.txt"
echo "load average after ingest: $(load)" | tee -a "$OUT/load.txt"

echo "==> approval latency, and restart after $HISTORY historical inputs (vote-aggregator)"
./mvnw -q -pl vote-aggregator -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ApprovalLatencyBenchmarkIT \
  -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dbenchmark=true -Dbenchmark.proposals="$PROPOSALS" -Dbenchmark.history="$HISTORY" 2>&1 | grep BENCHMARK | tee "$OUT/aggregator.txt"
echo "load average after approval latency + restart: $(load)" | tee -a "$OUT/load.txt"

echo "==> agent switchover overhead, start-up and idle RSS (rollout-agent)"
./mvnw -q -pl rollout-agent -am verify -Dtest=SwitchoverBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs \
  -Dswitches="$SWITCHES" 2>&1 | grep -E "SWITCHOVER|AGENT start-up" | tee "$OUT/agent.txt"
echo "load average after the agent figures: $(load)" | tee -a "$OUT/load.txt"

echo "==> checkpoint at the halt: link against copy on RocksDB folders of 1 GiB and up to 10 GiB (rollout-agent)"
./mvnw -q -pl rollout-agent -am test -Dtest=CheckpointBenchmark -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
  | grep -E "^CHECKPOINT" | sort -u | tee "$OUT/checkpoint.txt"
echo "load average after the checkpoints: $(load)" | tee -a "$OUT/load.txt"

echo "==> chain downtime of one upgrade on the local network (one chain of four, 1 s blocks, 64 MiB at 32 MiB/s): Cutover, Visor's and Cosmovisor's order"
java -cp "deploy/local-network/target/classes:deploy/local-network/target/lib/*" io.cutover.localnet.ChainDowntimeBenchmark "$ROOT" "$ROUNDS" 64 32 1000 \
  2>"$OUT/downtime.log" | tee "$OUT/downtime.txt" | grep -E "ROUND|CHAIN-DOWNTIME|^\(block"
echo "load average after: $(load)" | tee -a "$OUT/load.txt"

echo "==> a failed upgrade's recovery on the local network: first hot-fix vote to the chain moving again (1 s blocks)"
java -cp "deploy/local-network/target/classes:deploy/local-network/target/lib/*" io.cutover.localnet.RecoveryBenchmark "$ROOT" "$ROUNDS" 1000 30 \
  2>"$OUT/recovery.log" | tee "$OUT/recovery.txt" | grep -E "ROUND|^RECOVERY|^\(block"
echo "load average after the recovery: $(load)" | tee -a "$OUT/load.txt"

benchmarks/table.sh "$OUT" | tee "$OUT/table.md"
