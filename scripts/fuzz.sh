#!/usr/bin/env bash
# Fuzzes every Jazzer fuzz test of the reactor (each @FuzzTest method of a *FuzzTest class under
# <module>/src/test/java) for a while, one after the other.
#
#   scripts/fuzz.sh [seconds-per-target] [filter]
#
#   seconds-per-target  how long libFuzzer runs each target (default 10)
#   filter              an extended regex matched against "module Class method" (default: all),
#                       e.g. 'TwilioWebhooksFuzzTest' or 'calcom|RetryAfter'
#
# Jazzer allows one fuzz test per JVM in fuzzing mode, so each target is its own Maven run
# (`test` with -am and JAZZER_FUZZ=1; the classes are compiled once first, so each run only checks
# they are up to date — a bare surefire:test would take sibling modules from ~/.m2 instead). The time limit is libFuzzer's
# -max_total_time, passed through Jazzer's JUnit configuration (jazzer.internal.arg.N) so it
# overrides the @FuzzTest(maxDuration) of the source; -timeout bounds a single input (a hang).
# A finding (an undocumented exception, a failed assertion, a slow input) fails that target and
# Jazzer writes the input as crash-<sha1> into the target's seed directory
# src/test/resources/<package>/<Class>Inputs/<method>/: fix the code, keep the file under a
# telling name, and plain `mvn verify` replays it from then on. The growing corpus stays in
# <module>/.cifuzz-corpus/ (ignored by git) and is reused by the next run.
#
# FUZZ_SEED=n and FUZZ_RUNS=n (environment) make a run repeatable: libFuzzer starts from that seed
# and stops after that many inputs (or at the time limit, whichever comes first). CI sets both, on
# a fresh clone with no corpus, so a finding there comes from a change to the code, not from luck.
#
# Exit status: 0 when every target ran clean, 1 when any failed (all targets are still run).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-10}"
filter="${2:-.}"
per_input_timeout="${FUZZ_INPUT_TIMEOUT:-30}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/fuzz.sh [seconds-per-target] [filter]" >&2
  exit 2
fi

# "module Class method" for every @FuzzTest method, in a stable order.
list_targets() {
  find . -path ./.git -prune -o -path '*/src/test/java/*' -name '*FuzzTest.java' -print | sort |
    while read -r file; do
      module="${file#./}"
      module="${module%%/src/test/java/*}"
      class="${file#*/src/test/java/}"
      class="${class%.java}"
      class="${class//\//.}"
      # The name of the first "void name(" after each @FuzzTest annotation.
      awk '/@FuzzTest/ { want = 1 }
           want && match($0, /void [A-Za-z0-9_]+\(/) { print substr($0, RSTART + 5, RLENGTH - 6); want = 0 }' "$file" |
        while read -r method; do
          echo "$module $class $method"
        done
    done
}

mapfile -t targets < <(list_targets | grep -E -- "$filter" || true)
if [ "${#targets[@]}" -eq 0 ]; then
  echo "fuzz: no @FuzzTest method matches '$filter'" >&2
  exit 2
fi
modules=$(printf '%s\n' "${targets[@]}" | cut -d' ' -f1 | sort -u | paste -sd, -)

echo "fuzz: ${#targets[@]} target(s), ${seconds}s each, in $modules"
./mvnw -B -q -o -pl "$modules" -am test-compile

repeatable=()
if [ -n "${FUZZ_SEED:-}" ]; then
  repeatable+=("-Djazzer.internal.arg.$((3 + ${#repeatable[@]}))=-seed=$FUZZ_SEED")
fi
if [ -n "${FUZZ_RUNS:-}" ]; then
  repeatable+=("-Djazzer.internal.arg.$((3 + ${#repeatable[@]}))=-runs=$FUZZ_RUNS")
fi

failed=()
started=$SECONDS
for target in "${targets[@]}"; do
  read -r module class method <<<"$target"
  echo "fuzz: $class#$method ($module) for ${seconds}s"
  log="$module/target/fuzz-${class##*.}-$method.log"
  if JAZZER_FUZZ=1 ./mvnw -B -q -o -pl "$module" -am test \
      -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false \
      -Djazzer.internal.arg.0=fuzz "-Djazzer.internal.arg.1=-max_total_time=$seconds" \
      "-Djazzer.internal.arg.2=-timeout=$per_input_timeout" "${repeatable[@]}" >"$log" 2>&1; then
    echo "fuzz:   ok   $(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)"
  else
    echo "fuzz:   FAILED, see $log (the input is saved as crash-* in the seed directory)"
    grep -E '^(com.code_intelligence|java|Caused by|Expecting)' "$log" | head -3 || true
    failed+=("$class#$method")
  fi
done

echo "fuzz: done in $((SECONDS - started))s; ${#failed[@]} of ${#targets[@]} target(s) failed ${failed[*]:-}"
[ "${#failed[@]}" -eq 0 ]
