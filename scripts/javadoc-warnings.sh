#!/usr/bin/env bash
# Counts the Javadoc (doclint all) warnings and errors of every published module, by kind:
#   scripts/javadoc-warnings.sh [-o]      (-o: offline)
# It builds the release profile's javadoc with the plugin's debug files kept, then runs each
# module's javadoc command again to count. The plugin's own log is not enough: it recognises
# javadoc's closing line only without a thousands separator, so "1,127 warnings" goes unreported.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q "$@" -Prelease -DskipTests -Ddebug=true package > /dev/null
for apidocs in scheduling-*/target/reports/apidocs; do
  module="${apidocs%%/*}"
  # The plugin writes javadoc.sh only for a module without module-info; the others need @argfile.
  if [ -f "$apidocs/javadoc.sh" ]; then
    log="$(cd "$apidocs" && sh javadoc.sh 2>&1 || true)"
  else
    log="$(cd "$apidocs" && javadoc @options @packages @argfile 2>&1 || true)"
  fi
  warnings=$(grep -c ': warning:' <<< "$log" || true)
  errors=$(grep -c ': error:' <<< "$log" || true)
  # A module without warnings makes grep fail; with pipefail that would end the script there.
  kinds=$({ grep -o ': warning: [a-z@ ]*' <<< "$log" || true; } \
    | sed -E 's/: warning: //; s/^no @param.*/no @param/' \
    | sort | uniq -c | sort -rn | awk '{n=$1; $1=""; printf "%s%s %d", sep, substr($0, 2), n; sep=", "}')
  printf '%-20s %5d warnings %3d errors  %s\n' "$module" "$warnings" "$errors" "$kinds"
done
