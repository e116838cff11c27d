#!/usr/bin/env bash
# Benchmark: signed transactions through gRPC to a Kafka ack (unary SubmitTransaction over both APIs, and the
# SubmitTransactions stream), beside the raw Ed25519+SHA3 verification rate, with the CPU each process spends.
# Usage (from anywhere): proposal-service/bench/run.sh [transactions per API] [unary in flight] [stream in flight]
# Builds into target/ only (no install into the local Maven repository).
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -pl proposal-service -am package -DskipTests dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
cd proposal-service
exec java -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dbenchmark=true ${BENCH_JAVA_OPTS:-} \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.cutover.proposal.bench.SubmitBenchmark target/quarkus-app/quarkus-run.jar "${1:-20000}" "${2:-64}" "${3:-256}"
