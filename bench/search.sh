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
# (100,000 for the measured user, the rest over the 99 others) and runs ANALYZE (bench/Seed.java); measures
# POST /api/v1/search for six realistic queries, 3 runs of warm-up + 200 sequential requests each
# (bench/Latency.java); EXPLAIN (ANALYZE, BUFFERS) of the search SQL (bench/Explain.java); stops the server with
# SIGTERM to the launcher's pid, and prints a Markdown table.
#
# Knobs (environment): BENCH_TOTAL (1000000), BENCH_MEASURED (100000), BENCH_USERS (100), BENCH_REQUESTS (200),
# BENCH_RUNS (3), BENCH_WARMUP (20), BENCH_MAX_SECONDS_PER_RUN (300), BENCH_KEEP=1 keeps the temporary directory
# (data and logs), BENCH_OUT=<dir> copies the result files there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/dist/target/whitemagic-server.jar"
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

# A port nobody listens on (nothing answers a connect on 127.0.0.1).
free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 30000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    echo "error: no free port found" >&2
    return 1
}

WORK="$(mktemp -d "${TMPDIR:-/tmp}/wm-search-bench.XXXXXX")"
HTTP_PORT="$(free_port)"
DB_PORT="$(free_port)"
while [[ "$DB_PORT" == "$HTTP_PORT" ]]; do DB_PORT="$(free_port)"; done
ADMIN_TOKEN="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
BASE_URL="http://127.0.0.1:$HTTP_PORT"
JDBC_URL="jdbc:postgresql://localhost:$DB_PORT/whitemagic"
LOG="$WORK/server.log"
SERVER_PID=""

stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "stopping the server (SIGTERM to launcher pid $SERVER_PID)"
        kill -TERM "$SERVER_PID"
        for _ in $(seq 1 120); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.5
        done
        if kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "warning: launcher $SERVER_PID still running after 60 s" >&2
        else
            wait "$SERVER_PID" 2>/dev/null || true
        fi
    fi
    SERVER_PID=""
}
cleanup() {
    stop_server
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
# Rate limits (API.md section 4) would throttle a sequential benchmark: lift them for this server only.
WM_PORT="$HTTP_PORT" WM_DATA_DIR="$WORK/data" WM_EMBEDDED_DB_PORT="$DB_PORT" WM_ADMIN_TOKEN="$ADMIN_TOKEN" \
    WM_PLANS_ENTERPRISE_REQUESTS_PER_MINUTE=100000000 WM_PLANS_ENTERPRISE_REQUESTS_PER_DAY=100000000 \
    WM_PLANS_ENTERPRISE_REQUESTS_PER_MONTH=1000000000 \
    java -jar "$JAR" >"$LOG" 2>&1 &
SERVER_PID=$!
started=$(date +%s)
until grep -q "is ready at" "$LOG"; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "error: the server exited before it was ready:" >&2
        tail -n 40 "$LOG" >&2
        SERVER_PID=""
        exit 1
    fi
    if (($(date +%s) - started > 240)); then
        echo "error: the server was not ready within 240 s" >&2
        tail -n 40 "$LOG" >&2
        exit 1
    fi
    sleep 1
done
echo "== ready after $(($(date +%s) - started)) s: $(grep -m1 'is ready at' "$LOG")"

echo "== seeding $TOTAL memories ($MEASURED for the measured user, $USERS users)"
seed_start=$(date +%s)
java -cp "$JAR" "$BENCH/Seed.java" "$BASE_URL" "$ADMIN_TOKEN" "$JDBC_URL" "$WORK" "$TOTAL" "$MEASURED" "$USERS" \
    | tee "$WORK/seed.log"
SEED_SECONDS=$(($(date +%s) - seed_start))
echo "== seeding took $SEED_SECONDS s (wall, including the JVM start of the seeder)"

cat >"$WORK/queries.tsv" <<'EOF'
common word	{"query":"database","limit":20}
two words	{"query":"replication latency","limit":20}
quoted phrase	{"query":"\"connection pool\"","limit":20}
typo (trigram)	{"query":"postgres replicaton","limit":20}
tag filter	{"query":"deploy","tags":["postgres"],"limit":20}
no query	{"limit":20}
EOF

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
