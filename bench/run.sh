#!/usr/bin/env bash
# The benchmark suite (see bench/README.md): builds the jars when missing, then runs `bench suite`, which writes
# bench/results.md (or --out FILE). Progress goes to stderr. Examples:
#   bench/run.sh                     # full run, about ten minutes on 2 cores
#   bench/run.sh --smoke --out /tmp/smoke.md
#   bench/run.sh --skip-libcoap --duration 5s
# MANOMETER_JAVA_OPTS adds JVM options, e.g. MANOMETER_JAVA_OPTS="-Xmx2g -Djava.io.tmpdir=/var/tmp".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR="$ROOT/bench/target/bench.jar"

if [[ ! -f "$JAR" ]]; then
    echo "bench: building the jars (mvn -B -q package -DskipTests), once..." >&2
    (cd "$ROOT" && mvn -B -q package -DskipTests) >&2 || {
        echo "bench: build failed; run 'mvn -B package -DskipTests' to see why" >&2
        exit 1
    }
fi

# Default paths inside the repository, wherever the script is started from, unless given on the command line.
defaults=()
[[ " $* " == *" --out "* || " $* " == *" --out="* ]] || defaults+=(--out "$ROOT/bench/results.md")
[[ " $* " == *" --findings "* || " $* " == *" --findings="* ]] || defaults+=(--findings "$ROOT/bench/FINDINGS.md")
invoked="bench/run.sh${*:+ $*}"
if [[ -n "${MANOMETER_JAVA_OPTS:-}" ]]; then
    invoked="MANOMETER_JAVA_OPTS=\"$MANOMETER_JAVA_OPTS\" $invoked"
fi

# shellcheck disable=SC2086
exec "$JAVA" ${MANOMETER_JAVA_OPTS:-} -jar "$JAR" suite ${defaults[@]+"${defaults[@]}"} --invoked-as "$invoked" "$@"
