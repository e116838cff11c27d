#!/usr/bin/env bash
# Fault-injection suite (docs/reliability.md): builds what is missing, then runs the full plan on a
# local network and prints its table. Usage (from anywhere): benchmarks/fault-injection.sh [short|full]
set -euo pipefail
cd "$(dirname "$0")/.."
plan="${1:-full}"
./mvnw -q -pl deploy/local-network -am install -DskipTests
if [ "$plan" = full ]; then
  ./mvnw -pl deploy/local-network verify -Pfault-injection
else
  ./mvnw -pl deploy/local-network verify -Dit.test=FaultInjectionIT
fi
echo "table: deploy/local-network/target/fault-injection/$plan/fault-injection.md"
