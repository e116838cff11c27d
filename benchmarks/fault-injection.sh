#!/usr/bin/env bash
# Fault-injection suite (docs/reliability.md): builds deploy/local-network and the modules it runs,
# then runs the full plan on a local network (single Kafka node) and on the cluster layout (three
# Kafka nodes, two proposal-service instances, active + stand-by aggregator), and prints their tables.
# One reactor build: every module is built into its own target/ and nothing is installed into the
# local Maven repository (as benchmarks/run.sh); the other modules' tests are skipped.
# Usage (from anywhere): benchmarks/fault-injection.sh [short|full]
set -euo pipefail
cd "$(dirname "$0")/.."
plan="${1:-full}"
only_fault_injection=(-Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
  -Dit.test=FaultInjectionIT,ClusterFaultInjectionIT -Dfailsafe.failIfNoSpecifiedTests=false)
if [ "$plan" = full ]; then
  ./mvnw -pl deploy/local-network -am verify -Pfault-injection "${only_fault_injection[@]}"
else
  ./mvnw -pl deploy/local-network -am verify "${only_fault_injection[@]}"
fi
echo "tables: deploy/local-network/target/fault-injection/{$plan,cluster-$plan}/fault-injection.md"
