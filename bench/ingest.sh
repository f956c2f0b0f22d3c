#!/usr/bin/env bash
# Durable vs in-memory ingest benchmark (see bench/README.md). Builds the jars when missing, then runs
# `bench ingest` with the given options, e.g. bench/ingest.sh --devices 16 --in-flight 4 --rounds 3 --out FILE
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

# shellcheck disable=SC2086
exec "$JAVA" ${MANOMETER_JAVA_OPTS:-} -jar "$JAR" ingest "$@"
