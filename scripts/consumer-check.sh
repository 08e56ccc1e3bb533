#!/usr/bin/env bash
# Builds a project outside this repository the way a user would: it imports scheduling-bom, depends
# on Cita's modules without versions, holds README.md's Java blocks copied as they are (read from
# the README, not from examples/), compiles them, runs their tests (MyTokenStoreTest runs the token
# store contract) and runs every block with a main method, checking what it prints.
#
# Cita is installed into target/consumer-check/repository, a local repository whose misses are
# read, never written, from ~/.m2/repository (Maven 3.9's maven.repo.local.tail): ~/.m2 is left
# untouched, and nothing is downloaded twice. What the consumer needs beyond the reactor's own
# build (other versions of transitive libraries) is downloaded once into target/consumer-check, so
# later runs work offline until `./mvnw clean`. Arguments go to every Maven call, e.g. -o.
#
#   scripts/consumer-check.sh        # after ./mvnw verify (or any build): about a minute
#   scripts/consumer-check.sh -o     # offline
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
cache=$root/target/consumer-check
repo=$cache/repository
tail_repo=${CITA_M2_TAIL:-$HOME/.m2/repository}
maven=("$root/mvnw" -B -Dmaven.repo.local="$repo" -Dmaven.repo.local.tail="$tail_repo" "$@")

# What each README program must print (a program without an entry here fails the check).
declare -A expected=(
  [FirstBooking]='Cancelled [CANCELLED]'
)

pom_value() {   # the first <$1>value</$1> of a POM
  sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$2" | head -1
}
version=$(pom_value version scheduling-bom/pom.xml)
started=$SECONDS

# 1. Cita's artifacts, freshly built, into the throw-away local repository.
echo "consumer-check: installing Cita $version into $repo"
rm -rf "$repo/dev/cita"
"${maven[@]}" -q -DskipTests -pl '!examples,!benchmarks' install
for artifact in $(sed -n 's:.*<artifactId>\(scheduling-[a-z-]*\)</artifactId>.*:\1:p' scheduling-bom/pom.xml); do
  [ -d "$repo/dev/cita/$artifact/$version" ] || { echo "consumer-check: $artifact was not installed" >&2; exit 1; }
done

# 2. The consumer project, outside the reactor: the README's Java blocks, verbatim.
work=$(mktemp -d "${TMPDIR:-/tmp}/cita-consumer.XXXXXX")
trap 'status=$?; if [ $status -eq 0 ]; then rm -rf "$work"; else echo "consumer-check: failed; the project is in $work" >&2; fi' EXIT
mkdir -p "$work/src/main/java" "$work/src/test/java"
awk -v dir="$work" '
  /^<!-- snippet: [^ ]+ -->$/ { source = $3; next }
  /^```java/ {
    if (source == "") { printf "README.md:%d: a Java block without <!-- snippet: path --> before it\n", NR > "/dev/stderr"; bad = 1 }
    n = split(source, parts, "/")
    file = dir "/src/" (source ~ /\/src\/test\// ? "test" : "main") "/java/" parts[n]
    inside = 1; source = ""; next
  }
  inside && /^```/ { inside = 0; close(file); next }
  inside { print > file; next }
  NF { source = "" }
  END { exit bad }
' README.md
blocks=$(find "$work/src" -name '*.java' | wc -l)
programs=$(grep -l 'public static void main(String' "$work"/src/main/java/*.java | xargs -r -n1 basename | sed 's/\.java$//' || true)

executions=""
for program in $programs; do
  [ -n "${expected[$program]+set}" ] || { echo "consumer-check: README program $program has no expected output in $0" >&2; exit 1; }
  executions+="
          <execution>
            <id>run-$program</id>
            <phase>test</phase>
            <goals><goal>java</goal></goals>
            <configuration><mainClass>$program</mainClass></configuration>
          </execution>"
done

dependencies=""
for module in core tokens jdbc whatsapp google calcom calendly; do
  dependencies+="
    <dependency><groupId>dev.cita</groupId><artifactId>scheduling-$module</artifactId></dependency>"
done

cat > "$work/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>cita-consumer</artifactId>
  <version>1.0</version>
  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <maven.compiler.release>17</maven.compiler.release>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>dev.cita</groupId>
        <artifactId>scheduling-bom</artifactId>
        <version>$version</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>$dependencies
    <dependency><groupId>dev.cita</groupId><artifactId>scheduling-testkit</artifactId><scope>test</scope></dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-simple</artifactId>
      <version>$(pom_value slf4j.version pom.xml)</version>
      <scope>runtime</scope>
    </dependency>
  </dependencies>
  <build>
    <!-- The plugin versions of Cita's own build, so that they come from ~/.m2. -->
    <plugins>
      <plugin>
        <artifactId>maven-resources-plugin</artifactId>
        <version>$(pom_value resources-plugin.version pom.xml)</version>
      </plugin>
      <plugin>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>$(pom_value compiler-plugin.version pom.xml)</version>
      </plugin>
      <plugin>
        <artifactId>maven-surefire-plugin</artifactId>
        <version>$(pom_value surefire.version pom.xml)</version>
      </plugin>
      <plugin>
        <groupId>org.codehaus.mojo</groupId>
        <artifactId>exec-maven-plugin</artifactId>
        <version>$(pom_value exec-plugin.version pom.xml)</version>
        <executions>$executions
        </executions>
      </plugin>
    </plugins>
  </build>
</project>
EOF

# 3. Compile, test and run it.
echo "consumer-check: installed in $((SECONDS - started)) s; building $blocks README blocks in $work" \
  "(programs: ${programs:-none})"
log=$cache/consumer.log
if ! (cd "$work" && "${maven[@]}" test) > "$log" 2>&1; then
  tail -60 "$log" >&2
  echo "consumer-check: the consumer build failed; full log: $log" >&2
  exit 1
fi
grep -q 'Tests run: [1-9][0-9]*, Failures: 0, Errors: 0' "$log" \
  || { echo "consumer-check: no test ran in the consumer project; log: $log" >&2; exit 1; }
for program in $programs; do
  grep -qF -- "${expected[$program]}" "$log" \
    || { echo "consumer-check: $program did not print '${expected[$program]}'; log: $log" >&2; exit 1; }
done
# 4. The consumer resolves every library at the version Cita is built and tested with (the parent
# POM's pins do not reach a consumer's build: a module must declare what it needs converged).
# Annotation-only jars (no code runs from them) are left out.
annotations='^(com.google.errorprone:error_prone_annotations|com.google.j2objc:j2objc-annotations|com.google.code.findbugs:jsr305|org.checkerframework:checker-qual|org.jspecify:jspecify) '
versions() {   # "group:artifact version" per line, from dependency:list files
  sed -nE 's/^ +([^ ]+).*/\1/p' "$@" | awk -F: '$1 != "dev.cita" { print $1 ":" $2, (NF >= 6 ? $5 : $4) }' \
    | grep -Ev "$annotations" | sort -u
}
rm -f "$cache"/deps-*.txt
"${maven[@]}" -q -pl "$(printf 'scheduling-%s,' core tokens jdbc whatsapp google calcom calendly)" \
  dependency:list -DincludeScope=runtime -DoutputFile="$cache/deps-reactor.txt" -DappendOutput=true > /dev/null
(cd "$work" && "${maven[@]}" -q dependency:list -DincludeScope=runtime -DoutputFile="$cache/deps-consumer.txt") > /dev/null
mismatches=$(join <(versions "$cache/deps-reactor.txt" | sort -k1,1) <(versions "$cache/deps-consumer.txt" | sort -k1,1) \
  | awk '$2 != $3 { print "  " $1 ": Cita is built with " $2 ", the consumer got " $3 }')
if [ -n "$mismatches" ]; then
  echo "consumer-check: the consumer resolves other library versions than Cita's build:" >&2
  echo "$mismatches" >&2
  exit 1
fi

echo "consumer-check: OK, $(grep -o 'Tests run: [0-9]*, Failures: 0, Errors: 0, Skipped: [0-9]*$' "$log" | tail -1)," \
  "programs run: ${programs:-none}, $((SECONDS - started)) s"
