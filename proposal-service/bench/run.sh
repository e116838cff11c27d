#!/usr/bin/env bash
# Benchmark: gRPC SubmitTransaction -> Kafka ack, beside the raw Ed25519+SHA3 verification rate.
# Usage (from the repository root): proposal-service/bench/run.sh [transactions] [in-flight]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -pl proposal-service -am install -DskipTests
cd proposal-service
../mvnw -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -Xmx512m -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.cutover.proposal.bench.SubmitBenchmark target/quarkus-app/quarkus-run.jar "${1:-20000}" "${2:-64}"
