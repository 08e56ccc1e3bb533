#!/usr/bin/env bash
# Builds the benchmark jar and runs every benchmark: ./benchmarks/run.sh [short|full] [output.md]
# short (default) takes about two minutes on two cores; full takes about fifteen. With a
# reachable PostgreSQL it then measures the booking path there (about 40 s more): pgbench with the
# same transaction shape (src/main/pgbench/booking.sql; PGBENCH names the binary, default
# /usr/bin/pgbench), then Cita's commits/s, the ratio to pgbench, p50/p99, and the contended race.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-short}"
out="${2:-benchmarks/target/results-$mode.md}"
./mvnw -q -B -pl benchmarks -am package -DskipTests
java -jar benchmarks/target/benchmarks.jar "$mode" "$out"
# The booking path on PostgreSQL, when a server is reachable (CITA_TEST_PG_URL or 127.0.0.1:5432).
if java -cp benchmarks/target/benchmarks.jar dev.cita.benchmarks.PostgresBookingHarness \
    "${CITA_TEST_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}" 16 10 > benchmarks/target/postgres.txt 2>/dev/null; then
  grep -v "INFO\|DEBUG" benchmarks/target/postgres.txt | tee -a "$out"
else
  echo "PostgreSQL booking figures skipped: no server (set CITA_TEST_PG_URL)" | tee -a "$out"
fi
