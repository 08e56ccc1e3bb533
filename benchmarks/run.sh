#!/usr/bin/env bash
# Builds the benchmark jar and runs every benchmark: ./benchmarks/run.sh [short|full] [output.md]
# short (default) takes about two minutes on two cores; full takes about fifteen.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-short}"
out="${2:-benchmarks/target/results-$mode.md}"
mvn -q -B -pl benchmarks -am package -DskipTests
java -jar benchmarks/target/benchmarks.jar "$mode" "$out"
