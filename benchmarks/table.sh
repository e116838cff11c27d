#!/usr/bin/env bash
# Prints the one table of benchmarks/run.sh from its result files (argument: the results folder).
set -euo pipefail
R=${1:-benchmarks/target/results}
pick() { grep -Eo "$2" "$R/$1" 2>/dev/null | head -1 | grep -Eo '[0-9]+(\.[0-9]+)?' | tail -1 || true; }
jmh() { awk -F, -v b="\"io.cutover.benchmarks.$2\"" '$1==b {printf "%.0f", $5}' "$R/$1" 2>/dev/null; }

ingest=$(pick ingest.txt 'in flight: [0-9.]+ tx/s')
ingest_p50=$(pick ingest.txt 'p50 [0-9.]+ ms')
ingest_p99=$(pick ingest.txt 'p99 [0-9.]+ ms')
raw1=$(pick ingest.txt '1 thread [0-9.]+')
raw2=$(pick ingest.txt '2 threads [0-9.]+')
ratio=$(pick ingest.txt 'verification = [0-9.]+')
stream=$(pick ingest.txt 'SubmitTransactions \(one stream\) to Kafka ack \(acks=all\), [0-9]+ tx, [0-9]+ in flight: [0-9.]+ tx/s')
stream_p50=$(pick ingest.txt 'SubmitTransactions \(one stream\) .* p50 [0-9.]+ ms')
stream_p99=$(pick ingest.txt 'SubmitTransactions \(one stream\) .* p99 [0-9.]+ ms')
stream_ratio=$(pick ingest.txt '[0-9.]+ \(SubmitTransactions stream\)')
# the CPU line printed under an API's line: "service N us, broker N us, load generator N us"
cpu() { grep -A1 -E "$1" "$R/ingest.txt" 2>/dev/null | grep -Eo 'service [0-9]+ us, broker [0-9]+ us, load generator [0-9]+ us' | head -1 || true; }
vega=$(pick ingest.txt 'TYPE_SYNC to Kafka ack \(acks=all\), [0-9]+ tx, [0-9]+ in flight: [0-9.]+ tx/s')
vega_p50=$(pick ingest.txt 'TYPE_SYNC .* p50 [0-9.]+ ms')
vega_p99=$(pick ingest.txt 'TYPE_SYNC .* p99 [0-9.]+ ms')
vega_ratio=$(pick ingest.txt 'cutover.v1 ingest = [0-9.]+')
pow_us=$(pick ingest.txt 'proof-of-work verification[^:]*: [0-9.]+ us/tx')
pow_share=$(pick ingest.txt '[0-9.]+ % of a signature')
pow_solve=$(pick ingest.txt 'median [0-9.]+ ms over')
appr_p50=$(pick aggregator.txt 'p50 [0-9.]+ ms')
appr_p99=$(pick aggregator.txt 'p99 [0-9.]+ ms')
history=$(pick aggregator.txt 'restart after [0-9]+ inputs')
restart_ms=$(pick aggregator.txt 'active [0-9]+ ms after')
quarkus_s=$(pick aggregator.txt 'Quarkus up after [0-9.]+ s')
rebuild_n=$(pick aggregator.txt 'and [0-9]+ journal entries')
rebuild_from=$(grep -Eo 'rebuilt the tally from (the snapshot|no snapshot)' "$R/aggregator.txt" 2>/dev/null | head -1 | sed 's/rebuilt the tally from //' || true)
rebuild_ms=$(pick aggregator.txt 'journal entries \(offsets [0-9]+ to [0-9]+\) in [0-9]+ ms')
journal_mib=$(pick aggregator.txt 'journal [0-9.]+ MiB')
snapshots_mib=$(pick aggregator.txt 'snapshots [0-9.]+ MiB')
sw_p50=$(pick agent.txt 'overhead p50=[0-9]+')
sw_p99=$(grep -Eo 'overhead p50=[0-9]+ p99=[0-9]+' "$R/agent.txt" 2>/dev/null | sed 's/.*p99=//' | head -1 || true)
startup=$(pick agent.txt 'API answering: [0-9]+ ms')
rss=$(pick agent.txt 'VmRSS: ?[0-9]+ kB')
down_cutover=$(grep -E 'CHAIN-DOWNTIME cutover' "$R/downtime.txt" 2>/dev/null | grep -Eo 'median [0-9,]+' | tr -dc '0-9' || true)
down_visor=$(grep -E 'CHAIN-DOWNTIME visor' "$R/downtime.txt" 2>/dev/null | grep -Eo 'median [0-9,]+' | tr -dc '0-9' || true)
down_cosmovisor=$(grep -E 'CHAIN-DOWNTIME cosmovisor' "$R/downtime.txt" 2>/dev/null | grep -Eo 'median [0-9,]+' | tr -dc '0-9' || true)

printf '| figure | measured | goal / anchor |\n|---|---|---|\n'
printf '| JMH decode + verify, 1 thread | %s /s (raw verify %s /s, decode only %s /s) | - |\n' \
  "$(jmh jmh.csv TransactionVerifyBenchmark.decodeAndVerify)" "$(jmh jmh.csv TransactionVerifyBenchmark.rawVerify)" "$(jmh jmh.csv TransactionVerifyBenchmark.decodeOnly)"
printf '| JMH decode + verify, 2 threads | %s /s (raw verify %s /s) | - |\n' \
  "$(jmh jmh-2threads.csv TransactionVerifyBenchmark.decodeAndVerify)" "$(jmh jmh-2threads.csv TransactionVerifyBenchmark.rawVerify)"
printf '| JMH one tally step (decoded input / raw tx) | %s /s / %s /s | - |\n' \
  "$(jmh jmh.csv TallyStepBenchmark.applyDecodedInput)" "$(jmh jmh.csv TallyStepBenchmark.decodeAndApply)"
printf '| ingest, unary SubmitTransaction to Kafka ack (acks=all), 64 in flight | %s tx/s, p50 %s ms, p99 %s ms; CPU per tx: %s | - |\n' "$ingest" "$ingest_p50" "$ingest_p99" "$(cpu '^cutover.v1.ProposalService/SubmitTransaction to')"
printf '| ingest, SubmitTransactions stream to Kafka ack (acks=all), 256 in flight | %s tx/s, p50 %s ms, p99 %s ms; CPU per tx: %s | >= half the raw 2-core rate |\n' "$stream" "$stream_p50" "$stream_p99" "$(cpu 'SubmitTransactions \(one stream\)')"
printf '| ingest through vega.api.v1 SubmitTransaction TYPE_SYNC, same run and service | %s tx/s, p50 %s ms, p99 %s ms (vega / cutover.v1 = %s) | same as cutover.v1 |\n' "$vega" "$vega_p50" "$vega_p99" "$vega_ratio"
printf '| proof-of-work verification per tx (JMH / in the ingest JVM) | %s /s / %s us per tx, %s %% of a signature verification; client solving at difficulty 15: median %s ms | - |\n' \
  "$(jmh jmh.csv ProofOfWorkBenchmark.verifyProofOfWork)" "$pow_us" "$pow_share" "$pow_solve"
printf '| raw Ed25519+SHA3 verification, same run | 1 thread %s /s, 2 threads %s /s | - |\n' "$raw1" "$raw2"
printf '| ingest / raw 2-thread verification | stream %s, unary %s | >= 0.50 (0.30 at least) |\n' "$stream_ratio" "$ratio"
printf '| approval latency (decisive vote acked -> approval readable) | p50 %s ms, p99 %s ms | p99 < 100 ms; Visor polls 2 s, Cosmovisor 300 ms |\n' "$appr_p50" "$appr_p99"
printf '| aggregator restart after %s historical inputs (SIGKILL, new process -> active) | %s ms (Quarkus up after %s s; rebuild %s ms from %s and %s journal entries) | <= 2 s, bounded by live state |\n' \
  "$history" "$restart_ms" "$quarkus_s" "$rebuild_ms" "$rebuild_from" "$rebuild_n"
printf '| aggregator topics on disk after %s inputs | journal %s MiB, snapshots %s MiB | bounded |\n' "$history" "$journal_mib" "$snapshots_mib"
printf '| agent switchover overhead | p50 %s ms, p99 %s ms | p50 < 100 ms; Cosmovisor 300 ms poll, Visor 2 s poll |\n' "$sw_p50" "$sw_p99"
printf '| agent start-up to API answering | %s ms | - |\n' "$startup"
printf '| agent idle RSS | %s kB | < 96 MB (98304 kB) |\n' "$rss"
printf '| chain downtime of an upgrade (block H old -> block H+1 new), median | Cutover %s ms; Visor order %s ms; Cosmovisor order %s ms | <= 1 block + slowest restart; >= 3x shorter than download after the halt |\n' "$down_cutover" "$down_visor" "$down_cosmovisor"
printf '\nload average (1/5/15 min) at each step:\n'
sed 's/^/    /' "$R/load.txt"
printf 'machine: %s, %s cores, %s\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" "$(nproc)" "$(java -version 2>&1 | head -1)"
