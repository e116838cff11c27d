#!/usr/bin/env bash
# The local network: a real Kafka broker, proposal-service, vote-aggregator and four simulated
# validator nodes, each under its own rollout agent; then an upgrade from v1.0.0 to v1.1.0 walked
# end to end. Builds whatever is missing first.
#
#   deploy/local/run.sh          interactive: the network keeps running, Ctrl-C stops everything
#   deploy/local/run.sh --ci     non-interactive: exits 0 only if every node ended on v1.1.0,
#                                halted exactly at the height, and nothing is left running
#   deploy/local/run.sh --cluster  three Kafka nodes, two proposal-service instances, an active and a
#                                stand-by vote-aggregator (combine with --ci)
#   deploy/local/run.sh --networks 2  one deployment serving two networks (chains cutover-devnet and
#                                cutover-devnet-2), the upgrade walked on each (combine with --ci, --secure)
#   deploy/local/run.sh --help   every option
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

missing=()
for f in proposal-service/target/quarkus-app/quarkus-run.jar \
         vote-aggregator/target/quarkus-app/quarkus-run.jar \
         rollout-agent/target/quarkus-app/quarkus-run.jar \
         upgradectl/target/quarkus-app/quarkus-run.jar \
         deploy/kafka/target/lib \
         deploy/local-network/target/lib; do
  [[ -e "$f" ]] || missing+=("$f")
done
if ((${#missing[@]} > 0)); then
  echo "==> Building Cutover (missing: ${missing[*]})"
  started=$SECONDS
  ./mvnw -q -B package -DskipTests
  echo "    built in $((SECONDS - started)) s"
fi

exec java -Xmx256m -XX:+UseSerialGC \
  -cp "deploy/local-network/target/classes:deploy/local-network/target/lib/*" \
  io.cutover.localnet.LocalNetworkCommand --root "$ROOT" "$@"
