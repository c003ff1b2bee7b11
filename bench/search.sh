#!/usr/bin/env bash
# Search latency benchmark of the packaged server on 1,000,000 memories.
#
#   bench/search.sh            (from the repository root or anywhere; needs only a JDK 17)
#
# It builds NOTHING: run `mvn -B -ntp -DskipTests package` first, so that dist/target/whitemagic-server.jar
# (with lib/payara-micro.jar and whitemagic.war beside it) exists.
#
# What it does: starts the packaged server (embedded PostgreSQL) in a fresh temporary data directory on free ports
# of 127.0.0.1; creates 100 enterprise users through the admin API; seeds 1,000,000 memories with set-based SQL
# (100,000 for the measured user, the rest over the 99 others), with synthetic vectors for search by meaning, and runs
# ANALYZE (bench/Seed.java); measures POST /api/v1/search for the queries of bench/search-queries.tsv (keyword,
# semantic and hybrid), 3 runs of warm-up + 200 sequential requests each
# (bench/Latency.java); EXPLAIN (ANALYZE, BUFFERS) of the search SQL (bench/Explain.java); stops the server with
# SIGTERM to the launcher's pid, and prints a Markdown table.
#
# Knobs (environment): BENCH_TOTAL (1000000), BENCH_MEASURED (100000), BENCH_USERS (100), BENCH_REQUESTS (200),
# BENCH_RUNS (3), BENCH_WARMUP (20), BENCH_MAX_SECONDS_PER_RUN (300), BENCH_KEEP=1 keeps the temporary directory
# (data and logs), BENCH_OUT=<dir> copies the result files there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
JAR="$BENCH_JAR"
BENCH="$ROOT/bench"
if [[ ! -f "$JAR" ]]; then
    echo "error: $JAR not found; this script builds nothing, run: mvn -B -ntp -DskipTests package" >&2
    exit 2
fi

TOTAL="${BENCH_TOTAL:-1000000}"
MEASURED="${BENCH_MEASURED:-100000}"
USERS="${BENCH_USERS:-100}"
REQUESTS="${BENCH_REQUESTS:-200}"
RUNS="${BENCH_RUNS:-3}"
WARMUP="${BENCH_WARMUP:-20}"
MAX_SECONDS="${BENCH_MAX_SECONDS_PER_RUN:-300}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/wm-search-bench.XXXXXX")"
HTTP_PORT="$(bench_free_port)"
DB_PORT="$(bench_free_port)"
ADMIN_TOKEN="$(bench_random_token)"
BASE_URL="http://127.0.0.1:$HTTP_PORT"
JDBC_URL="jdbc:postgresql://localhost:$DB_PORT/whitemagic"
LOG="$WORK/server.log"

stop_server() {
    if [[ -n "${BENCH_SERVER_PID[search]:-}" ]]; then
        echo "stopping the server (SIGTERM to launcher pid ${BENCH_SERVER_PID[search]})"
        bench_stop_server search
    fi
}
cleanup() {
    stop_server
    rm -f "$BENCH_PORTS_FILE"
    if [[ "${BENCH_KEEP:-0}" == "1" ]]; then
        echo "kept $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== machine: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2}') RAM; $(java -version 2>&1 | head -1)"
echo "== commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "== starting the server: http $HTTP_PORT, embedded PostgreSQL $DB_PORT, data $WORK/data"
# The plans' per-minute, per-day and per-month rate limits would throttle a sequential benchmark: lift them for this
# server only.
started=$(date +%s)
bench_start_server search "$LOG" WM_PORT="$HTTP_PORT" WM_DATA_DIR="$WORK/data" WM_EMBEDDED_DB_PORT="$DB_PORT" \
    WM_ADMIN_TOKEN="$ADMIN_TOKEN" WM_PLANS_ENTERPRISE_REQUESTS_PER_MINUTE=100000000 \
    WM_PLANS_ENTERPRISE_REQUESTS_PER_DAY=100000000 WM_PLANS_ENTERPRISE_REQUESTS_PER_MONTH=1000000000
bench_wait_ready search 240
echo "== ready after $(($(date +%s) - started)) s: $(grep -m1 'is ready at' "$LOG")"

echo "== seeding $TOTAL memories ($MEASURED for the measured user, $USERS users)"
seed_start=$(date +%s)
java -cp "$JAR" "$BENCH/Seed.java" "$BASE_URL" "$ADMIN_TOKEN" "$JDBC_URL" "$WORK" "$TOTAL" "$MEASURED" "$USERS" \
    "$BENCH/semantic/memories.tsv" | tee "$WORK/seed.log"
SEED_SECONDS=$(($(date +%s) - seed_start))
echo "== seeding took $SEED_SECONDS s (wall, including the JVM start of the seeder)"

cp "$BENCH/search-queries.tsv" "$WORK/queries.tsv"

echo "== measuring: $RUNS runs x ($WARMUP warm-up + $REQUESTS sequential requests) per query"
java "$BENCH/Latency.java" "$BASE_URL" "$WORK/key" "$WORK/queries.tsv" "$WORK/latency.md" \
    "$REQUESTS" "$RUNS" "$WARMUP" "$MAX_SECONDS" | tee "$WORK/latency.log"

echo "== EXPLAIN (ANALYZE, BUFFERS)"
java -cp "$JAR" "$BENCH/Explain.java" "$JDBC_URL" "$(cat "$WORK/user_id")" "$WORK/explain.md" \
    'common word: full text "database"|fulltext|database|' \
    'typo: full text "postgres replicaton" (finds nothing)|fulltext|postgres replicaton|' \
    'typo: trigram fallback "postgres replicaton"|trigram|postgres replicaton|' \
    | tee "$WORK/explain.log"

stop_server

if [[ -n "${BENCH_OUT:-}" ]]; then
    mkdir -p "$BENCH_OUT"
    cp "$WORK"/{seed.log,latency.log,latency.md,explain.md,queries.tsv} "$BENCH_OUT"/
fi

echo
echo "## Search latency: $TOTAL memories, measured user $MEASURED, target p95 <= 50 ms"
echo
echo "Seeding: $SEED_SECONDS s ($(grep -m1 '^SEED_SECONDS' "$WORK/seed.log" | cut -d' ' -f2-))"
echo
cat "$WORK/latency.md"
