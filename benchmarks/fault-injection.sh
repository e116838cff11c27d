#!/usr/bin/env bash
# Fault-injection suite (docs/reliability.md): builds what is missing, then runs the full plan on a
# local network (single Kafka node) and on the cluster layout (three Kafka nodes, two proposal-service
# instances, active + stand-by aggregator), and prints their tables.
# Usage (from anywhere): benchmarks/fault-injection.sh [short|full]
set -euo pipefail
cd "$(dirname "$0")/.."
plan="${1:-full}"
./mvnw -q -pl deploy/local-network -am install -DskipTests
if [ "$plan" = full ]; then
  ./mvnw -pl deploy/local-network verify -Pfault-injection
else
  ./mvnw -pl deploy/local-network verify -Dit.test=FaultInjectionIT,ClusterFaultInjectionIT
fi
echo "tables: deploy/local-network/target/fault-injection/{$plan,cluster-$plan}/fault-injection.md"
