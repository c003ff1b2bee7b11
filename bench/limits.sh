#!/usr/bin/env bash
# What rate limiting and metering cost per request: throughput of GET /api/v1/keys/self (authenticated, limited,
# metered) beside GET /api/v1/version (public, bare) on one or more builds of the packaged server, in one run.
#
#   bench/limits.sh <label>=<path to whitemagic-server.jar>[@VAR=value,VAR=value] ...
#
# e.g. compare the current build with one from before the limiter, and the current build counting every request
# in the database (no leases):
#
#   bench/limits.sh now=dist/target/whitemagic-server.jar \
#                   per-request=dist/target/whitemagic-server.jar@WM_RATELIMIT_LEASE_MAX=1 \
#                   before=/tmp/old/dist/target/whitemagic-server.jar
#
# It builds NOTHING. Needs curl and wrk (installed from the Debian package if missing). For each variant, in turn: starts the server
# (embedded PostgreSQL, fresh temporary data directory, free ports), makes one enterprise user whose windows are
# too large to reach, warms up (20 s of each endpoint), then ROUNDS (2) rounds of 10 s wrk -t2 -c32 on each
# endpoint; stops the server with SIGTERM. Prints one line per measurement and a Markdown table at the end.
# Knobs: BENCH_ROUNDS (2), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (20), BENCH_CONNECTIONS (32).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS="${BENCH_ROUNDS:-2}"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
WARMUP="${BENCH_WARMUP_SECONDS:-20}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
bench_ensure_wrk
(($# > 0)) || { sed -n '2,20p' "$0"; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/wm-limits-bench.XXXXXX")"
cleanup() { bench_stop_all_servers; rm -f "$BENCH_PORTS_FILE"; [[ "${BENCH_KEEP:-0}" == "1" ]] && echo "kept $WORK" || rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# wrk's requests per second, p50 and p99 (ms) as "rps p50 p99"
measure() {
    local out
    out="$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$@")"
    awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /Requests\/sec/ { rps = $2 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        /Non-2xx/ { non2xx = $NF }
        END { printf "%.0f %.2f %.2f %s\n", rps, p50, p99, (non2xx == "" ? 0 : non2xx) }' <<<"$out"
}

echo "== machine: $(nproc) cores; $(java -version 2>&1 | head -1); $(date -u +%Y-%m-%dT%H:%M:%SZ)"
RESULTS="$WORK/results.tsv"
for variant in "$@"; do
    label="${variant%%=*}"
    rest="${variant#*=}"
    jar="${rest%%@*}"
    extra=""
    [[ "$rest" == *@* ]] && extra="${rest#*@}"
    port="$(bench_free_port)"; db_port="$(bench_free_port)"
    token="$(bench_random_token)"
    log="$WORK/$label.log"
    env_args=(WM_PORT="$port" WM_DATA_DIR="$WORK/data-$label" WM_EMBEDDED_DB_PORT="$db_port" WM_ADMIN_TOKEN="$token"
        WM_PLANS_ENTERPRISE_REQUESTS_PER_MINUTE=1000000000 WM_PLANS_ENTERPRISE_REQUESTS_PER_DAY=1000000000
        WM_PLANS_ENTERPRISE_REQUESTS_PER_MONTH=1000000000)
    if [[ -n "$extra" ]]; then IFS=',' read -r -a more <<<"$extra"; env_args+=("${more[@]}"); fi
    echo "== $label: $jar ${extra:+($extra)}"
    BENCH_JAR="$jar" bench_start_server "$label" "$log" "${env_args[@]}"
    bench_wait_ready "$label" 240
    base="http://127.0.0.1:$port"
    key="$(curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "{\"email\":\"bench-$label@example.com\",\"plan_tier\":\"enterprise\"}" "$base/api/v1/admin/users" \
        | sed -E 's/.*"key":"([^"]+)".*/\1/')"
    wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -H "Authorization: Bearer $key" "$base/api/v1/keys/self" >/dev/null
    wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" "$base/api/v1/version" >/dev/null
    for round in $(seq 1 "$ROUNDS"); do
        read -r rps p50 p99 bad < <(measure -H "Authorization: Bearer $key" "$base/api/v1/keys/self")
        echo "$label round $round keys/self: $rps req/s, p50 $p50 ms, p99 $p99 ms, non-2xx $bad"
        printf '%s\t%s\tkeys/self\t%s\t%s\t%s\t%s\n' "$label" "$round" "$rps" "$p50" "$p99" "$bad" >>"$RESULTS"
        read -r rps p50 p99 bad < <(measure "$base/api/v1/version")
        echo "$label round $round version:   $rps req/s, p50 $p50 ms, p99 $p99 ms, non-2xx $bad"
        printf '%s\t%s\tversion\t%s\t%s\t%s\t%s\n' "$label" "$round" "$rps" "$p50" "$p99" "$bad" >>"$RESULTS"
    done
    bench_stop_server "$label"
done

echo
echo "| variant | round | endpoint | req/s | p50 ms | p99 ms | non-2xx |"
echo "|---|---|---|---|---|---|---|"
awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }' "$RESULTS"
