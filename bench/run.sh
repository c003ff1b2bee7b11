#!/usr/bin/env bash
# The performance benchmark (P1-P10, see docs/BENCHMARKS.md), in one command: writes docs/PERFORMANCE.md.
#
#   bench/run.sh [--quick] [--build] [--keep] [P1 P2 ... P10]     (default: all ten)
#
# Needs a JDK 17 and Maven (to build the jar if it is missing; --build rebuilds it), curl, and wrk, which it installs
# from the Debian/Ubuntu package if missing (apt-get, as root or through sudo). It uses nothing installed elsewhere:
# the packaged server (dist/target/whitemagic-server.jar) with its embedded PostgreSQL in a fresh temporary data
# directory, on free ports of 127.0.0.1, seeded set-based (generate_series) by the single-file programs of bench/.
#
# One server (A) serves P1-P6; P6 starts a second one (B) on A's database; P7 times A's cold start and, in the
# full run, further cold and warm starts after A has stopped. Every scenario is repeated (full: >= 3 runs, the
# figure is the median with min-max; --quick: 1 run, short durations, small seeds: a smoke run, labelled QUICK, not
# a result). A run with any error or non-2xx answer is not a result: the scenario is marked so, and the script exits
# non-zero after writing the report.
#
#   P1  keys/self (authenticated) / version (public) throughput, same connections, interleaved rounds
#   P2  memories/{id} (authenticated) / version p50 and p99 latency, 32 connections, interleaved rounds
#   P3  search p50/p95 (bench/Seed.java + bench/Latency.java; floor: bench/Explain.java, the SQL alone)
#   P4  metering keeps up: rows written = requests, buffer flat, nothing dropped (floor: bench/DbBench.java
#       writer-floor, the writer's own statement alone)
#   P5  daily quota reset over 1,000,000 users (bench/DbBench.java daily-reset calls RequestCounters.resetDaily)
#   P6  revocation through A refused by B (bench/Revocation.java)
#   P7  cold start to ready, and resident memory when idle
#   P8  search quality on the labelled set of bench/semantic: recall@5 and MRR@10 of paraphrase queries per mode,
#       and whether unrelated questions find nothing (bench/SemanticQuality.java)
#   P9  embedding throughput: memories created through the API, embedded by the server's background worker
#       (bench/EmbedThroughput.java)
#   P10 the MCP envelope: recall and remember through POST /mcp against their REST twins, in turn on one
#       connection (bench/McpLatency.java)
#
# WM_RUNTIME=wildfly measures the WAR on WildFly instead of Payara Micro (the launcher's own setting, passed through).
# Knobs (environment): every setting of the mode (BENCH_ROUNDS, BENCH_P3_TOTAL, ... see below), BENCH_THREADS (2), BENCH_CONNECTIONS (32), BENCH_WRK_TIMEOUT (10s), BENCH_OUT (bench/out/<time>: logs and raw
# results), BENCH_REPORT (docs/PERFORMANCE.md). Generated files other than the report are git-ignored.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

QUICK=0
BUILD=0
KEEP=0
SCENARIOS=()
for arg in "$@"; do
    case "$arg" in
        --quick) QUICK=1 ;;
        --build) BUILD=1 ;;
        --keep) KEEP=1 ;;
        P[1-9] | P10) SCENARIOS+=("$arg") ;;
        -h | --help) sed -n '2,30p' "$0"; exit 0 ;;
        *) echo "error: unknown argument $arg" >&2; sed -n '2,30p' "$0" >&2; exit 2 ;;
    esac
done
((${#SCENARIOS[@]} > 0)) || SCENARIOS=(P1 P2 P3 P4 P5 P6 P7 P8 P9 P10)
selected() { [[ " ${SCENARIOS[*]} " == *" $1 "* ]]; }

THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
if ((QUICK)); then
    MODE="QUICK (smoke run: 1 run per figure, short durations, small seeds; not a result)"
    ROUNDS=1; WARMUP=5; DURATION=3
    P3_TOTAL=20000; P3_MEASURED=2000; P3_USERS=10; P3_REQUESTS=30; P3_RUNS=1; P3_WARMUP=5
    P4_RUNS=1; P4_WARMUP=3; P4_DURATION=6; P4_FLOOR_ROWS=50000; P4_FLOOR_RUNS=1
    P5_USERS=100000; P5_RUNS=1
    P6_RUNS=5
    P7_RUNS=1; P7_IDLE=5
    P9_COUNT=500; P9_RUNS=1
    P10_REQUESTS=50; P10_ROUNDS=1; P10_WARMUP=10
else
    MODE="full"
    ROUNDS=3; WARMUP=30; DURATION=10
    P3_TOTAL=1000000; P3_MEASURED=100000; P3_USERS=100; P3_REQUESTS=200; P3_RUNS=3; P3_WARMUP=20
    P4_RUNS=3; P4_WARMUP=10; P4_DURATION=20; P4_FLOOR_ROWS=300000; P4_FLOOR_RUNS=3
    P5_USERS=1000000; P5_RUNS=3
    P6_RUNS=10
    P7_RUNS=3; P7_IDLE=30
    P9_COUNT=3000; P9_RUNS=3
    P10_REQUESTS=300; P10_ROUNDS=3; P10_WARMUP=50
fi

# Any of the settings above can be overridden from the environment as BENCH_<NAME> (e.g. BENCH_P7_RUNS=1 to try
# the full P7 code path quickly); an overridden run says so in the report.
OVERRIDES=""
for name in ROUNDS WARMUP DURATION P3_TOTAL P3_MEASURED P3_USERS P3_REQUESTS P3_RUNS P3_WARMUP P4_RUNS P4_WARMUP \
    P4_DURATION P4_FLOOR_ROWS P4_FLOOR_RUNS P5_USERS P5_RUNS P6_RUNS P7_RUNS P7_IDLE P9_COUNT P9_RUNS P10_REQUESTS P10_ROUNDS P10_WARMUP; do
    var="BENCH_$name"
    if [[ -n "${!var:-}" ]]; then
        printf -v "$name" '%s' "${!var}"
        OVERRIDES="$OVERRIDES $name=${!var}"
    fi
done
[[ -n "$OVERRIDES" ]] && MODE="$MODE, overridden:$OVERRIDES"

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="${BENCH_OUT:-$ROOT/bench/out/$STAMP}"
REPORT="${BENCH_REPORT:-$ROOT/docs/PERFORMANCE.md}"
mkdir -p "$OUT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/wm-bench.XXXXXX")"
RESULTS="$OUT/results.tsv"  # scenario, metric, run, value
: >"$RESULTS"
cleanup() {
    bench_stop_all_servers
    if ((KEEP)); then echo "kept $WORK"; else rm -rf "$WORK"; fi
    rm -f "$BENCH_PORTS_FILE"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "$*" | tee -a "$OUT/raw.$SCENARIO"; }
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$RESULTS"; }
# values of one metric, one a line
values() { awk -F'\t' -v s="$1" -v m="$2" '$1 == s && $2 == m { print $4 }' "$RESULTS"; }
# "median (min–max)" of a metric, printf format FMT
figure() {
    local fmt="${3:-%.2f}" m lo hi
    read -r m lo hi < <(bench_stats $(values "$1" "$2"))
    [[ "$m" == nan ]] && { echo "–"; return; }
    if [[ "$(values "$1" "$2" | wc -l)" -eq 1 ]]; then
        printf "$fmt" "$m"  # a quick run: the report says 1 run once, at the top
    else
        printf "$fmt ($fmt–$fmt)" "$m" "$lo" "$hi"
    fi
}
median() { bench_stats $(values "$1" "$2") | cut -d' ' -f1; }
maximum() { bench_stats $(values "$1" "$2") | cut -d' ' -f3; }
row() { echo "| $1 | $2 | $3 | $4 | $5 | $6 |" >"$OUT/row.$1"; }
met() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == "<=") ? v <= t : v >= t; print (ok ? "met" : "**missed**") }'; }

# --- preparation ---------------------------------------------------------------------------------------------------
bench_ensure_wrk
command -v curl >/dev/null || { echo "error: curl is needed" >&2; exit 2; }
if ((BUILD)) || [[ ! -f "$BENCH_JAR" ]]; then
    echo "== building the server: mvn -B -ntp -DskipTests package"
    (cd "$ROOT" && mvn -B -ntp -q -DskipTests package)
fi
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
git -C "$ROOT" diff --quiet HEAD 2>/dev/null || COMMIT="$COMMIT (with uncommitted changes)"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
STARTED_AT="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "== $MODE; scenarios ${SCENARIOS[*]}; runtime ${WM_RUNTIME:-payara}; commit $COMMIT; output $OUT"

ADMIN_TOKEN="$(bench_random_token)"
# Limits no benchmark may reach (the plans' per-minute, per-day and per-month request limits would throttle it):
# for every server of this run.
LIFTED=(WM_ADMIN_TOKEN="$ADMIN_TOKEN"
    WM_PLANS_ENTERPRISE_REQUESTS_PER_MINUTE=2000000000 WM_PLANS_ENTERPRISE_REQUESTS_PER_DAY=2000000000
    WM_PLANS_ENTERPRISE_REQUESTS_PER_MONTH=2000000000 WM_PLANS_ENTERPRISE_MAX_MEMORIES=2000000000)

# Resident memory of a server: the JVMs (launcher + application server) and the embedded PostgreSQL's processes.
# Prints "jvm_rss_mb pg_rss_mb pg_pss_mb launcher_rss_mb".
server_memory() {
    local name="$1" data="$2" jvms postmaster pgs
    jvms=($(bench_process_tree "${BENCH_SERVER_PID[$name]}"))
    postmaster="$(head -1 "$data/postgres/postmaster.pid" 2>/dev/null || true)"
    pgs=()
    [[ -n "$postmaster" ]] && pgs=($(bench_process_tree "$postmaster"))
    awk -v j="$(bench_rss_kb "${jvms[@]}")" -v p="$(bench_rss_kb "${pgs[@]}")" -v q="$(bench_pss_kb "${pgs[@]}")" \
        -v l="$(bench_rss_kb "${jvms[0]}")" 'BEGIN { printf "%.0f %.0f %.0f %.0f\n", j / 1024, p / 1024, q / 1024, l / 1024 }'
}

# start_measured NAME DATA_DIR KIND RUN [VAR=VALUE...]: starts a server (with the settings given), records the time
# to its ready line (P7 KIND: cold or warm).
start_measured() {
    local name="$1" data="$2" kind="$3" run="$4" port dbport t0 ms
    port="$(bench_free_port)"; dbport="$(bench_free_port)"
    t0="$(bench_now_ms)"
    bench_start_server "$name" "$OUT/server-$name.log" "${LIFTED[@]}" WM_PORT="$port" WM_DATA_DIR="$data" \
        WM_EMBEDDED_DB_PORT="$dbport" "${@:5}"
    bench_wait_ready "$name" 300
    ms=$(($(bench_now_ms) - t0))
    local db_ms=$((${BENCH_DB_UP_MS:-$t0} - t0))
    SCENARIO=P7 log "P7 $kind start run $run ($name): ready after $ms ms, of which $db_ms ms until the embedded PostgreSQL was up ($(grep -m1 'is ready at' "$OUT/server-$name.log"))"
    record P7 "${kind}_start_s" "$run" "$(awk -v m="$ms" 'BEGIN { printf "%.2f", m / 1000 }')"
    record P7 "${kind}_db_up_s" "$run" "$(awk -v m="$db_ms" 'BEGIN { printf "%.2f", m / 1000 }')"
    echo "$port $dbport" >"$WORK/ports.$name"
}

# idle_memory NAME DATA_DIR RUN [PREFIX]: a few requests, P7_IDLE seconds idle, then the resident memory (recorded
# under metric names that begin with PREFIX).
idle_memory() {
    local name="$1" data="$2" run="$3" prefix="${4:-}" port base key jvm pg pgpss
    read -r port _ <"$WORK/ports.$name"
    base="http://127.0.0.1:$port"
    bench_create_user "$base" "$ADMIN_TOKEN" "idle-$name-$run@bench.invalid" >"$WORK/user.$name"
    read -r _ key <"$WORK/user.$name"
    for _ in 1 2 3; do
        curl -sf -o /dev/null "$base/api/v1/version"
        curl -sf -o /dev/null -H "Authorization: Bearer $key" "$base/api/v1/keys/self"
    done
    sleep "$P7_IDLE"
    server_memory "$name" "$data" >"$WORK/memory.$name"
    read -r jvm pg pgpss launcher <"$WORK/memory.$name"
    SCENARIO=P7 log "P7 ${prefix}idle memory run $run ($name, ${P7_IDLE} s idle after ready + 7 requests): JVMs RSS $jvm MB (launcher $launcher MB, server $((jvm - launcher)) MB); embedded PostgreSQL RSS $pg MB (PSS $pgpss MB)"
    record P7 "${prefix}jvm_rss_mb" "$run" "$jvm"
    record P7 "${prefix}pg_rss_mb" "$run" "$pg"
    record P7 "${prefix}launcher_rss_mb" "$run" "$launcher"
    record P7 "${prefix}pg_pss_mb" "$run" "$pgpss"
}

# --- server A ------------------------------------------------------------------------------------------------------
NEED_A=0
for s in P1 P2 P3 P4 P5 P6 P8 P9 P10; do selected "$s" && NEED_A=1; done
if ((NEED_A)) || { selected P7 && ((QUICK)); }; then
    echo "== starting server A (fresh data directory: a cold start)"
    # in a quick run A's start is P7's cold start; a full run times P7 on servers of its own, after A
    start_measured a "$WORK/data-a" "$( ((QUICK)) && echo cold || echo a_cold)" 1
    read -r A_PORT A_DB_PORT <"$WORK/ports.a"
    A="http://127.0.0.1:$A_PORT"
    JDBC="jdbc:postgresql://localhost:$A_DB_PORT/whitemagic"
    if selected P7 && ((QUICK)); then idle_memory a "$WORK/data-a" 1; fi
    bench_create_user "$A" "$ADMIN_TOKEN" "bench-load@bench.invalid" >"$WORK/user.load"
    read -r USER_ID KEY <"$WORK/user.load"
fi

# --- P1 ------------------------------------------------------------------------------------------------------------
# wrk's own timeout is 2 s: a slower answer would count as a socket error (not a result) rather than as latency
WRK_TIMEOUT="${BENCH_WRK_TIMEOUT:-10s}"
WRK=(-t"$THREADS" -c"$CONNECTIONS" --timeout "$WRK_TIMEOUT")
AUTH=(-H "Authorization: Bearer ${KEY:-}")
warmed_version=0
p1() {
    SCENARIO=P1
    log "P1 warm-up: $WARMUP s of each endpoint, wrk ${WRK[*]}"
    bench_wrk "$OUT/wrk-p1-warm-self.txt" "${WRK[@]}" -d"${WARMUP}s" "${AUTH[@]}" "$A/api/v1/keys/self" >/dev/null
    bench_wrk "$OUT/wrk-p1-warm-version.txt" "${WRK[@]}" -d"${WARMUP}s" "$A/api/v1/version" >/dev/null
    local round self version req rps p50 p99 bad sock
    for round in $(seq 1 "$ROUNDS"); do
        # alternate which endpoint goes first, so that a drift of the machine favours neither
        for endpoint in $( ((round % 2)) && echo "version self" || echo "self version"); do
            if [[ $endpoint == self ]]; then
                bench_wrk "$OUT/wrk-p1-$round-self.txt" "${WRK[@]}" \
                    -d"${DURATION}s" "${AUTH[@]}" "$A/api/v1/keys/self" >"$WORK/wrk.line"
                read -r req rps p50 p99 bad sock <"$WORK/wrk.line"
                self=$rps
            else
                bench_wrk "$OUT/wrk-p1-$round-version.txt" "${WRK[@]}" \
                    -d"${DURATION}s" "$A/api/v1/version" >"$WORK/wrk.line"
                read -r req rps p50 p99 bad sock <"$WORK/wrk.line"
                version=$rps
            fi
            log "P1 round $round $endpoint: $req requests, $rps req/s, p50 $p50 ms, p99 $p99 ms, non-2xx $bad, socket errors $sock"
        done
        record P1 self_rps "$round" "$self"
        record P1 version_rps "$round" "$version"
        record P1 ratio "$round" "$(awk -v a="$self" -v b="$version" 'BEGIN { printf "%.3f", a / b }')"
    done
    row P1 "throughput keys/self ÷ version (wrk ${WRK[*]} -d${DURATION}s, $ROUNDS interleaved round(s) after ${WARMUP} s warm-up each)" \
        "$(figure P1 ratio %.2f)" "≥ 0.85" "$(met "$(median P1 ratio)" '>=' 0.85)" \
        "keys/self $(figure P1 self_rps %.0f) req/s; version $(figure P1 version_rps %.0f) req/s (the raw JAX-RS ceiling of this machine)"
}

# --- P2 ------------------------------------------------------------------------------------------------------------
p2() {
    SCENARIO=P2
    local body id
    body="$(curl -sf -X POST "${AUTH[@]}" -H 'Content-Type: application/json' \
        -d '{"title":"Benchmark memory","content":"Read back by the P2 latency benchmark; tags and a few words.","tags":["bench","latency"]}' \
        "$A/api/v1/memories")"
    id="$(sed -E 's/.*"id":"([0-9a-f-]{36})".*/\1/' <<<"$body")"
    [[ "$id" =~ ^[0-9a-f-]{36}$ ]] || { echo "error: creating the memory failed: $body" >&2; return 1; }
    local W32=(-t"$THREADS" -c32 --timeout "$WRK_TIMEOUT")
    log "P2 memory $id; warm-up: $WARMUP s of each endpoint, wrk ${W32[*]}"
    bench_wrk "$OUT/wrk-p2-warm-memory.txt" "${W32[@]}" -d"${WARMUP}s" "${AUTH[@]}" "$A/api/v1/memories/$id" >/dev/null
    bench_wrk "$OUT/wrk-p2-warm-version.txt" "${W32[@]}" -d"${WARMUP}s" "$A/api/v1/version" >/dev/null
    local round req rps p50 p99 bad sock m50 m99 v50 v99
    for round in $(seq 1 "$ROUNDS"); do
        for endpoint in $( ((round % 2)) && echo "version memory" || echo "memory version"); do
            if [[ $endpoint == memory ]]; then
                bench_wrk "$OUT/wrk-p2-$round-memory.txt" "${W32[@]}" \
                    -d"${DURATION}s" "${AUTH[@]}" "$A/api/v1/memories/$id" >"$WORK/wrk.line"
                read -r req rps p50 p99 bad sock <"$WORK/wrk.line"
                m50=$p50; m99=$p99
            else
                bench_wrk "$OUT/wrk-p2-$round-version.txt" "${W32[@]}" \
                    -d"${DURATION}s" "$A/api/v1/version" >"$WORK/wrk.line"
                read -r req rps p50 p99 bad sock <"$WORK/wrk.line"
                v50=$p50; v99=$p99
            fi
            log "P2 round $round $endpoint: $req requests, $rps req/s, p50 $p50 ms, p99 $p99 ms, non-2xx $bad, socket errors $sock"
        done
        record P2 memory_p50 "$round" "$m50"; record P2 memory_p99 "$round" "$m99"
        record P2 version_p50 "$round" "$v50"; record P2 version_p99 "$round" "$v99"
        record P2 p50_ratio "$round" "$(awk -v a="$m50" -v b="$v50" 'BEGIN { printf "%.3f", a / b }')"
        record P2 p99_ratio "$round" "$(awk -v a="$m99" -v b="$v99" 'BEGIN { printf "%.3f", a / b }')"
    done
    row P2 "latency memories/{id} ÷ version (wrk ${W32[*]} -d${DURATION}s, $ROUNDS interleaved round(s) after ${WARMUP} s warm-up each)" \
        "p99 ratio $(figure P2 p99_ratio %.2f); p50 ratio $(figure P2 p50_ratio %.2f)" "p99 ratio ≤ 1.5" \
        "$(met "$(median P2 p99_ratio)" '<=' 1.5)" \
        "memories/{id} p50 $(figure P2 memory_p50 %.2f) ms, p99 $(figure P2 memory_p99 %.2f) ms; version p50 $(figure P2 version_p50 %.2f) ms, p99 $(figure P2 version_p99 %.2f) ms"
}

# --- P4 ------------------------------------------------------------------------------------------------------------
# Waits until the usage buffer is empty and the written counter has stopped moving; prints the counter.
drained_written() {
    local last=-1 now buffered
    for _ in $(seq 1 60); do
        buffered="$(bench_metric "$A" wm_usage_records_buffered)"
        now="$(bench_metric "$A" wm_usage_records_written_total)"
        if ((buffered == 0 && now == last)); then echo "$now"; return 0; fi
        last=$now
        sleep 1
    done
    echo "error: the usage buffer did not drain within 60 s" >&2
    return 1
}
p4() {
    SCENARIO=P4
    local run w0 d0 w1 d1 wreq req rps p50 p99 bad sock sampler rows grows maxbuf
    log "P4 warm-up: $P4_WARMUP s of keys/self, wrk ${WRK[*]}"
    for run in $(seq 1 "$P4_RUNS"); do
        w0="$(drained_written)"
        d0="$(bench_metric "$A" wm_usage_records_dropped_total)"
        bench_wrk "$OUT/wrk-p4-$run-warm.txt" "${WRK[@]}" -d"${P4_WARMUP}s" \
            "${AUTH[@]}" "$A/api/v1/keys/self" >"$WORK/wrk.line"
        read -r wreq _ _ _ bad sock <"$WORK/wrk.line"
        (while true; do bench_metric "$A" wm_usage_records_buffered >>"$OUT/p4-$run-buffered.txt" || true; sleep 1; done) &
        sampler=$!
        bench_wrk "$OUT/wrk-p4-$run.txt" "${WRK[@]}" -d"${P4_DURATION}s" \
            "${AUTH[@]}" "$A/api/v1/keys/self" >"$WORK/wrk.line"
        read -r req rps p50 p99 bad sock <"$WORK/wrk.line"
        kill "$sampler" 2>/dev/null || true
        wait "$sampler" 2>/dev/null || true
        w1="$(drained_written)"
        d1="$(bench_metric "$A" wm_usage_records_dropped_total)"
        rows=$((w1 - w0))
        # growing: the last third of the per-second samples is on average > 1,000 records above the first third
        read -r grows maxbuf < <(awk '{ v[NR] = $1; if ($1 > m) m = $1 } END {
            t = int(NR / 3); if (t < 1) { print 0, m + 0; exit }
            for (i = 1; i <= t; i++) { a += v[i]; b += v[NR - t + i] }
            print ((b - a) / t > 1000 ? 1 : 0), m + 0 }' "$OUT/p4-$run-buffered.txt")
        log "P4 run $run: wrk $wreq warm-up + $req measured requests = $((wreq + req)) ($rps req/s, p50 $p50 ms, p99 $p99 ms, non-2xx $bad); usage rows written $rows; dropped $((d1 - d0)); buffered per second: $(tr '\n' ' ' <"$OUT/p4-$run-buffered.txt")(max $maxbuf, growing: $grows)"
        # wrk counts the answers it read; requests still in flight when it stops (at most one per connection and
        # wrk run) are answered and metered by the server all the same: rows may exceed wrk's count by that much.
        record P4 rows_minus_requests "$run" $((rows - wreq - req))
        if ((rows < wreq + req || rows > wreq + req + 2 * CONNECTIONS || d1 != d0 || grows)); then
            echo "error: P4 run $run: metering did not keep up (rows $rows for $((wreq + req)) requests, dropped $((d1 - d0)), growing $grows)" >&2
            record P4 kept_up "$run" 0
        else
            record P4 kept_up "$run" 1
        fi
        record P4 rps "$run" "$rps"
        record P4 max_buffered "$run" "$maxbuf"
    done
    log "P4 floor: the writer's statement (UsageWriter.INSERT_SQL) alone, $P4_FLOOR_ROWS rows in batches of 1,000, one connection"
    for run in $(seq 1 "$P4_FLOOR_RUNS"); do
        java -cp "$BENCH_JAR" "$ROOT/bench/DbBench.java" writer-floor "$JDBC" "$ROOT" "$P4_FLOOR_ROWS" 1000 \
            | tee -a "$OUT/raw.P4" >"$WORK/floor.txt"
        record P4 floor_rows_per_s "$run" "$(sed -nE 's/.*rows_per_s=([0-9]+).*/\1/p' "$WORK/floor.txt")"
    done
    local all_kept rate verdict
    all_kept="$(bench_stats $(values P4 kept_up) | cut -d' ' -f2)"
    rate="$(median P4 rps)"
    if [[ "$all_kept" != 1 ]]; then
        verdict="**missed**: metering fell behind"
    elif awk -v r="$rate" 'BEGIN { exit !(r >= 10000) }'; then
        verdict="met"
    else
        verdict="met at the server's own ceiling (below 10,000 req/s on this machine)"
    fi
    row P4 "metering keeps up at the server's ceiling (keys/self, wrk ${WRK[*]} -d${P4_DURATION}s after ${P4_WARMUP} s; rows written = requests, nothing dropped, buffer flat)" \
        "$(figure P4 rps %.0f) req/s metered, rows = requests in $(values P4 kept_up | grep -c 1)/$(values P4 kept_up | wc -l) runs" \
        "≥ 10,000 req/s, or the server's ceiling" "$verdict" \
        "rows − requests answered to wrk $(figure P4 rows_minus_requests %.0f) (requests in flight when wrk stopped); writer floor $(figure P4 floor_rows_per_s %.0f) rows/s (its statement alone, batches of 1,000, 1 connection); max buffered $(figure P4 max_buffered %.0f)"
    [[ "$all_kept" == 1 ]]
}

# --- P6 ------------------------------------------------------------------------------------------------------------
p6() {
    SCENARIO=P6
    trap 'bench_stop_server b' EXIT
    local port
    port="$(bench_free_port)"
    log "P6 starting server B on A's database ($JDBC)"
    bench_start_server b "$OUT/server-b.log" "${LIFTED[@]}" WM_PORT="$port" WM_DATA_DIR="$WORK/data-b" \
        WM_DB_URL="$JDBC" WM_DB_USER=postgres
    bench_wait_ready b 300
    java "$ROOT/bench/Revocation.java" "$A" "http://127.0.0.1:$port" "$KEY" "$P6_RUNS" | tee -a "$OUT/raw.P6" \
        >"$WORK/revocation.txt"
    sed -nE 's/REVOKE run=([0-9]+) ms=([0-9.]+) polls=([0-9]+).*/\1 \2 \3/p' "$WORK/revocation.txt" |
        while read -r run ms polls; do
            record P6 ms "$run" "$ms"
            record P6 first_poll_refused "$run" $((polls == 1))
        done
    bench_stop_server b
    row P6 "revocation through A until B refuses the key (B: second server on A's database; $P6_RUNS runs)" \
        "$(figure P6 ms %.0f) ms" "≤ 1 s" "$(met "$(maximum P6 ms)" '<=' 1000) (judged on the slowest run)" \
        "B polled back to back from A's 204 on; the figure includes the answering poll's own round trip, and in $(values P6 first_poll_refused | grep -c 1) of $(values P6 first_poll_refused | wc -l) runs the very first poll was already refused"
}

# --- P8 ------------------------------------------------------------------------------------------------------------
p8() {
    SCENARIO=P8
    log "P8 search quality on bench/semantic (its own user on server A): bench/SemanticQuality.java"
    java "$ROOT/bench/SemanticQuality.java" "$A" "$ADMIN_TOKEN" "$ROOT/bench/semantic" "$OUT/p8-quality.md" \
        >"$OUT/p8-quality.log"
    grep -E '^(RESULT|unrelated best)' "$OUT/p8-quality.log" | while read -r line; do log "P8 $line"; done
    local mode recall mrr
    while read -r mode recall mrr; do
        record P8 "recall:$mode" 1 "$recall"
        record P8 "mrr:$mode" 1 "$mrr"
    done < <(sed -nE 's/^RESULT ([a-z]+) recall@5=([0-9.]+) mrr=([0-9.]+)$/\1 \2 \3/p' "$OUT/p8-quality.log")
    local unrelated
    unrelated="$(grep -c '^unrelated best NaN' "$OUT/p8-quality.log" || true)"
    row P8 "search quality: $(sed -nE 's/^([0-9]+ memories, [0-9]+ paraphrase queries).*/\1/p' "$OUT/p8-quality.md") sharing no content word with their target, top 10 per mode" \
        "semantic recall@5 $(values P8 recall:semantic), MRR $(values P8 mrr:semantic); hybrid recall@5 $(values P8 recall:hybrid), MRR $(values P8 mrr:hybrid)" \
        "recall@5 ≥ 0.9" "$(met "$(values P8 recall:hybrid)" '>=' 0.9)" \
        "keyword alone: recall@5 $(values P8 recall:keyword) (no word in common, by design); $unrelated of $(($(wc -l <"$ROOT/bench/semantic/unrelated.tsv") - 1)) unrelated questions find nothing at the server's minimum similarity"
}

# --- P9 ------------------------------------------------------------------------------------------------------------
p9() {
    SCENARIO=P9
    log "P9 embedding throughput: $P9_RUNS run(s) of $P9_COUNT memories created by 2 clients on server A, embedded in the background: bench/EmbedThroughput.java"
    local run line
    for run in $(seq 1 "$P9_RUNS"); do
        line="$(java "$ROOT/bench/EmbedThroughput.java" "$A" "$ADMIN_TOKEN" "$ROOT/bench/semantic/memories.tsv" \
            "$P9_COUNT" 2 | tee -a "$OUT/p9-throughput.log" | grep '^RESULT')"
        log "P9 run $run $line"
        record P9 after "$run" "$(sed -E 's/.* throughput_after=([0-9.]+).*/\1/' <<<"$line")"
        record P9 overall "$run" "$(sed -E 's/.* overall=([0-9.]+).*/\1/' <<<"$line")"
        record P9 create_rate "$run" "$(awk -v l="$line" 'BEGIN { match(l, /count=[0-9]+/); c = substr(l, RSTART + 6, RLENGTH - 6); match(l, /create_s=[0-9.]+/); t = substr(l, RSTART + 9, RLENGTH - 9); printf "%.0f", c / t }')"
    done
    row P9 "embedding throughput: $P9_COUNT memories (the texts of bench/semantic) created through the API by 2 clients, embedded by the server's background worker" \
        "$(figure P9 after %.0f) memories/s once the writes stopped" "≥ 100 memories/s on 2 cores" "$(met "$(median P9 after)" '>=' 100)" \
        "from the first write to the last memory embedded $(figure P9 overall %.0f) memories/s, while the clients created $(figure P9 create_rate %.0f) memories/s and the worker shared the 2 cores with them"
}

# --- P10 -----------------------------------------------------------------------------------------------------------
p10() {
    SCENARIO=P10
    log "P10 the MCP envelope: $P10_ROUNDS round(s) of $P10_WARMUP warm-up + $P10_REQUESTS timed pairs, REST and MCP in turn on one connection, on server A: bench/McpLatency.java"
    java "$ROOT/bench/McpLatency.java" "$A" "$ADMIN_TOKEN" "$ROOT/bench/semantic/memories.tsv" "$P10_REQUESTS" \
        "$P10_ROUNDS" "$P10_WARMUP" >"$OUT/p10-latency.log"
    local round name p50 p99 bad errors=0
    while read -r round name p50 p99 bad; do
        log "P10 round $round $name p50 $p50 ms, p99 $p99 ms, not ok $bad"
        record P10 "p50:$name" "$round" "$p50"
        record P10 "p99:$name" "$round" "$p99"
        errors=$((errors + bad))
    done < <(sed -nE 's/^ROUND ([0-9]+) (.+) p50=([0-9.]+) p99=([0-9.]+) non-ok=([0-9]+)$/\1 \2 \3 \4 \5/p' "$OUT/p10-latency.log" \
        | sed -E 's/^([0-9]+) ([a-z]+) (REST|MCP) /\1 \2_\3 /')
    ((errors == 0)) || { echo "error: P10: $errors answers not ok: not a result" >&2; return 1; }
    local run
    for run in $(seq 1 "$P10_ROUNDS"); do
        record P10 recall_extra "$run" "$(awk -v a="$(values P10 p50:recall_MCP | sed -n "${run}p")" -v b="$(values P10 p50:search_REST | sed -n "${run}p")" 'BEGIN { printf "%.3f", a - b }')"
        record P10 remember_extra "$run" "$(awk -v a="$(values P10 p50:remember_MCP | sed -n "${run}p")" -v b="$(values P10 p50:create_REST | sed -n "${run}p")" 'BEGIN { printf "%.3f", a - b }')"
    done
    local worst
    worst="$(awk -v a="$(median P10 recall_extra)" -v b="$(median P10 remember_extra)" 'BEGIN { print (a > b ? a : b) }')"
    row P10 "the MCP envelope: p50 of recall and remember through POST /mcp minus their REST twins' (search, create), in turn on one connection" \
        "recall +$(figure P10 recall_extra %.2f) ms, remember +$(figure P10 remember_extra %.2f) ms" "< 1 ms at p50" \
        "$(met "$worst" '<=' 1)" \
        "p50/p99 ms: search $(figure P10 p50:search_REST %.1f)/$(figure P10 p99:search_REST %.1f), recall $(figure P10 p50:recall_MCP %.1f)/$(figure P10 p99:recall_MCP %.1f); create $(figure P10 p50:create_REST %.1f)/$(figure P10 p99:create_REST %.1f), remember $(figure P10 p50:remember_MCP %.1f)/$(figure P10 p99:remember_MCP %.1f)"
}

# --- P3 ------------------------------------------------------------------------------------------------------------
p3() {
    SCENARIO=P3
    local seed="$WORK/seed"
    mkdir -p "$seed"
    log "P3 seeding $P3_TOTAL memories ($P3_MEASURED for the measured user, $P3_USERS users) with synthetic vectors: bench/Seed.java"
    java -cp "$BENCH_JAR" "$ROOT/bench/Seed.java" "$A" "$ADMIN_TOKEN" "$JDBC" "$seed" "$P3_TOTAL" "$P3_MEASURED" \
        "$P3_USERS" "$ROOT/bench/semantic/memories.tsv" >"$OUT/p3-seed.log"
    grep -E '^(SEED_SECONDS|memories:|vectors:)' "$OUT/p3-seed.log" | while read -r line; do log "P3 $line"; done
    log "P3 measuring: $P3_RUNS runs x ($P3_WARMUP warm-up + $P3_REQUESTS sequential requests) per query: bench/Latency.java"
    java "$ROOT/bench/Latency.java" "$A" "$seed/key" "$ROOT/bench/search-queries.tsv" "$OUT/p3-latency.md" \
        "$P3_REQUESTS" "$P3_RUNS" "$P3_WARMUP" 300 >"$OUT/p3-latency.log"
    grep '^run ' "$OUT/p3-latency.log" | while read -r line; do log "P3 $line"; done
    local name bad=0
    while IFS=$'\t' read -r run name p50 p95 errors; do
        record P3 "p50:$name" "$run" "$p50"
        record P3 "p95:$name" "$run" "$p95"
        bad=$((bad + errors))
    done < <(sed -nE 's/^run ([0-9]+) (.*[^ ]) +n=[0-9]+ p50=([0-9.]+) ms p95=([0-9.]+) ms non-200=([0-9]+).*/\1\t\2\t\3\t\4\t\5/p' \
        "$OUT/p3-latency.log")
    ((bad == 0)) || { echo "error: P3: $bad non-200 answers: not a result" >&2; return 1; }
    # the headline: the slowest query's p95, of the keyword queries and of those by meaning (semantic, hybrid)
    local worst="" worst_p95=-1 meaning="" meaning_p95=-1 per_query="" p
    while IFS=$'\t' read -r name _; do
        p="$(median P3 "p95:$name")"
        per_query="$per_query$name $(figure P3 "p50:$name" %.1f)/$(figure P3 "p95:$name" %.1f); "
        if [[ "$name" == semantic* || "$name" == hybrid* ]]; then
            if awk -v a="$p" -v b="$meaning_p95" 'BEGIN { exit !(a > b) }'; then meaning="$name"; meaning_p95="$p"; fi
        elif awk -v a="$p" -v b="$worst_p95" 'BEGIN { exit !(a > b) }'; then worst="$name"; worst_p95="$p"; fi
    done <"$ROOT/bench/search-queries.tsv"
    # floor: the search SQL alone (EXPLAIN ANALYZE); informative, so a failure is only noted
    local floor="–"
    if java -cp "$BENCH_JAR" "$ROOT/bench/Explain.java" "$JDBC" "$(cat "$seed/user_id")" "$OUT/p3-explain.md" \
        'full text "database"|fulltext|database|' \
        'trigram fallback "postgres replicaton"|trigram|postgres replicaton|' \
        'newest, tag postgres|newest||postgres' >"$OUT/p3-explain.log" 2>&1; then
        floor="the keyword SQL alone (EXPLAIN ANALYZE execution time): $(awk '/^### / { sub(/^### /, ""); l = $0 } /Execution Time/ { printf "%s%s %s ms", (n++ ? "; " : ""), l, $(NF-1) }' "$OUT/p3-explain.md")"
    else
        log "P3 Explain.java failed (see p3-explain.log); no SQL floor"
    fi
    row P3 "search p95 with $P3_TOTAL memories, $P3_MEASURED the caller's ($(grep -c . "$ROOT/bench/search-queries.tsv") queries, $P3_RUNS run(s) of $P3_REQUESTS sequential requests; $(sed -nE 's/^vectors: ([0-9,]+) chunks, ([0-9,]+) of them.*/\1 vectors, \2 the caller'"'"'s/p' "$OUT/p3-seed.log"))" \
        "keyword: slowest ($worst) p95 $(figure P3 "p95:$worst" %.1f) ms; by meaning: slowest ($meaning) p95 $(figure P3 "p95:$meaning" %.1f) ms" \
        "p95 ≤ 50 ms" "keyword $(met "$worst_p95" '<=' 50), by meaning $(met "$meaning_p95" '<=' 50)" \
        "p50/p95 ms per query: ${per_query}floor: $floor"
}

# --- P5 ------------------------------------------------------------------------------------------------------------
p5() {
    SCENARIO=P5
    log "P5 daily reset over $P5_USERS users: bench/DbBench.java daily-reset (RequestCounters.resetDaily of the packaged WAR)"
    local war="$(dirname "$BENCH_JAR")/whitemagic.war"
    mkdir -p "$WORK/war"
    (cd "$WORK/war" && jar xf "$war" WEB-INF/lib)
    # the application's own jars (persistence, domain, ...) beside the server jar's JDBC driver, then the APIs the
    # server provides (jakarta.transaction, ...) from the persistence module's build class path
    (cd "$ROOT" && mvn -B -ntp -q dependency:build-classpath -pl persistence -Dmdep.outputFile="$WORK/provided.cp" \
        >"$OUT/p5-classpath.log" 2>&1) || { echo "error: P5: cannot resolve the persistence module's class path" >&2; return 1; }
    local cp="$BENCH_JAR$(printf ':%s' "$WORK"/war/WEB-INF/lib/whitemagic-*.jar):$(cat "$WORK/provided.cp")"
    java -cp "$cp" "$ROOT/bench/DbBench.java" daily-reset "$JDBC" "$ROOT" "$P5_USERS" "$P5_RUNS" \
        | tee -a "$OUT/raw.P5" >"$WORK/reset.txt"
    sed -nE 's/^RESET run=([0-9]+) .* seconds=([0-9.]+).*/\1 \2/p' "$WORK/reset.txt" | while read -r run s; do
        record P5 seconds "$run" "$s"
    done
    row P5 "daily quota reset over $P5_USERS users (RequestCounters.resetDaily itself, every counter non-zero and dated yesterday)" \
        "$(figure P5 seconds %.2f) s" "≤ 10 s" "$(met "$(median P5 seconds)" '<=' 10)" "–"
}

# --- P7 ------------------------------------------------------------------------------------------------------------
p7() {
    SCENARIO=P7
    local run first=1
    trap 'bench_stop_all_servers' EXIT
    # quick: run 1 was server A's start (fresh data directory) and idle memory; full: runs of its own, A stopped
    ((QUICK)) && first=2
    for run in $(seq "$first" "$P7_RUNS"); do
        start_measured "p7-$run" "$WORK/data-p7-$run" cold "$run"
        idle_memory "p7-$run" "$WORK/data-p7-$run" "$run"
        bench_stop_server "p7-$run"
    done
    if ((!QUICK)); then
        for run in $(seq 1 "$P7_RUNS"); do
            start_measured "p7w-$run" "$WORK/data-p7-$run" warm "$run"
            bench_stop_server "p7w-$run"
        done
    fi
    # what the embedding model adds: the same idle measurement with search by meaning switched off (warm starts)
    local data
    for run in $(seq 1 "$P7_RUNS"); do
        data="$WORK/data-p7-$run"
        ((QUICK)) && data="$WORK/data-a"
        start_measured "p7n-$run" "$data" nomodel_warm "$run" WM_EMBEDDINGS_ENABLED=false
        idle_memory "p7n-$run" "$data" "$run" nomodel_
        bench_stop_server "p7n-$run"
    done
    local warm="warm start not measured (--quick)"
    ((QUICK)) || warm="warm start (existing data directory) $(figure P7 warm_start_s %.1f) s"
    warm="embedded PostgreSQL up (binaries extracted, initdb) after $(figure P7 cold_db_up_s %.1f) s of the cold start, the rest is the application server deploying; $warm"
    row P7 "server jar cold start to ready (fresh data directory: initdb included), and resident memory after ${P7_IDLE} s idle" \
        "cold start $(figure P7 cold_start_s %.1f) s; JVMs RSS $(figure P7 jvm_rss_mb %.0f) MB" "≤ 30 s, ≤ 512 MB" \
        "$(met "$(median P7 cold_start_s)" '<=' 30) / $(met "$(median P7 jvm_rss_mb)" '<=' 512) (memory judged on the JVMs, launcher + application server)" \
        "$warm; of the JVMs' RSS the launcher's $(figure P7 launcher_rss_mb %.0f) MB; with the embedding model loaded (the default): without it (WM_EMBEDDINGS_ENABLED=false, warm start) JVMs RSS $(figure P7 nomodel_jvm_rss_mb %.0f) MB, so the model adds $(awk -v a="$(median P7 jvm_rss_mb)" -v b="$(median P7 nomodel_jvm_rss_mb)" 'BEGIN { printf "%.0f", a - b }') MB; embedded PostgreSQL RSS $(figure P7 pg_rss_mb %.0f) MB (PSS $(figure P7 pg_pss_mb %.0f) MB: shared buffers counted once)"
}

# --- the run -------------------------------------------------------------------------------------------------------
FAILED=()
run_scenario() {
    local s="$1" rc
    selected "$s" || return 0
    echo "== $s"
    set +e
    (set -e; "${s,,}")
    rc=$?
    set -e
    if ((rc != 0)); then
        FAILED+=("$s")
        echo "| $s | – | **not a result** (failed, exit $rc: see $OUT and the output above) | – | – | – |" >"$OUT/row.$s"
    fi
}
for s in P1 P2 P4 P6 P8 P9 P10 P3 P5; do run_scenario "$s"; done
[[ -n "${BENCH_SERVER_PID[a]:-}" ]] && { echo "== stopping server A"; bench_stop_server a; }
run_scenario P7

# --- the report ----------------------------------------------------------------------------------------------------
PG_VERSION="$(unzip -l "$BENCH_JAR" 2>/dev/null | grep -oE 'postgres-[0-9.]+-linux' | head -1 || true)"
{
    echo "# Performance"
    echo
    if ((QUICK)); then
        echo "> **QUICK smoke run (\`bench/run.sh --quick\`): 1 run per figure, durations of seconds, small seeds."
        echo "> These numbers show that the harness works, not what the server can do: they are not results.**"
        echo
    fi
    echo "Generated by \`bench/run.sh$( ((QUICK)) && echo ' --quick' || true)\` (${SCENARIOS[*]}); do not edit by hand."
    echo
    echo "- date: $STARTED_AT to $(date -u +%Y-%m-%dT%H:%M:%SZ); commit $COMMIT; mode: $MODE"
    echo "- server A (P1–P6, fresh data directory) was ready $( (values P7 a_cold_start_s; values P7 cold_start_s) | head -1) s after its launch"
    echo "- machine: $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(free -h | awk '/^Mem:/ { print $2 }') RAM; $(uname -sr)"
    echo "- load average (1/5/15 min) before: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- $(java -version 2>&1 | head -1); $(wrk --version 2>&1 | head -1 | cut -c1-60); server jar with embedded PostgreSQL, application server: ${WM_RUNTIME:-payara} (WM_RUNTIME)"
    echo "- load over loopback with wrk (bounded durations), the server and the load tool on the same cores"
    echo
    echo "Each figure is the median of the runs with min–max. Ratios measured in the same run are the headline;"
    echo "absolute figures are context. A floor is what this machine shows without our code in the way."
    echo
    echo "| id | scenario | our figure: median (min–max) | target | verdict | floor and context |"
    echo "|---|---|---|---|---|---|"
    for s in P1 P2 P3 P4 P5 P6 P7 P8 P9 P10; do
        selected "$s" && { cat "$OUT/row.$s" 2>/dev/null || echo "| $s | – | **not a result** (no figure) | – | – | – |"; }
    done
    echo
    echo "## Raw per-run lines"
    echo
    echo '```'
    for s in P1 P2 P3 P4 P5 P6 P7 P8 P9 P10; do
        [[ -f "$OUT/raw.$s" ]] && cat "$OUT/raw.$s"
    done
    echo '```'
} >"$REPORT"
echo "== wrote $REPORT (logs and raw results: $OUT)"
if ((${#FAILED[@]} > 0)); then
    echo "error: not a result: ${FAILED[*]} failed" >&2
    exit 1
fi
