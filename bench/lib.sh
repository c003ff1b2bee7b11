# Shared shell helpers of the benchmarks (bench/run.sh, bench/limits.sh, bench/search.sh): free ports, the packaged
# server started and stopped by pid, readiness, wrk with its output checked, Prometheus metrics, medians.
# Source it from bash (set -euo pipefail is the caller's business). Nothing here kills anything by name: every
# process it stops is one it started, by the pid it recorded.

BENCH_ROOT="${BENCH_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
BENCH_JAR="${BENCH_JAR:-$BENCH_ROOT/dist/target/whitemagic-server.jar}"

# A port nobody listens on (nothing answers a connect on 127.0.0.1), below Linux's ephemeral range (32768-60999,
# where outgoing connections of any process may hold it), and not handed out before by this script (remembered in a
# file, since callers run it in $(...) subshells).
BENCH_PORTS_FILE="${BENCH_PORTS_FILE:-$(mktemp "${TMPDIR:-/tmp}/wm-bench-ports.XXXXXX")}"
bench_free_port() {
    local port
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 12000))
        grep -qx "$port" "$BENCH_PORTS_FILE" 2>/dev/null && continue
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port" >>"$BENCH_PORTS_FILE"
            echo "$port"
            return 0
        fi
    done
    echo "error: no free port found" >&2
    return 1
}

bench_now_ms() { echo $(($(date +%s%N) / 1000000)); }

bench_random_token() { echo "bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"; }

# The servers this shell started: name -> launcher pid, name -> log.
declare -A BENCH_SERVER_PID=() BENCH_SERVER_LOG=()

# bench_start_server NAME LOG VAR=value...  starts `java -jar $BENCH_JAR` with the given environment in the background
# (nothing waits); the launcher's pid goes to BENCH_SERVER_PID[NAME], its output to LOG.
bench_start_server() {
    local name="$1" log="$2"
    shift 2
    env "$@" java -jar "$BENCH_JAR" >"$log" 2>&1 &
    BENCH_SERVER_PID[$name]=$!
    BENCH_SERVER_LOG[$name]="$log"
}

# bench_wait_ready NAME [TIMEOUT_S=240]  waits for the ready line; fails (with the log's tail) if the launcher exits
# or the time runs out. Sets BENCH_DB_UP_MS to the epoch ms at which the launcher's "embedded PostgreSQL is up" line
# was first seen (empty with an external database).
bench_wait_ready() {
    local name="$1" timeout="${2:-240}"
    local pid="${BENCH_SERVER_PID[$name]}" log="${BENCH_SERVER_LOG[$name]}" start
    start=$(date +%s)
    BENCH_DB_UP_MS=""
    until grep -q "is ready at" "$log" 2>/dev/null; do
        if [[ -z "$BENCH_DB_UP_MS" ]] && grep -q "embedded PostgreSQL is up" "$log" 2>/dev/null; then
            BENCH_DB_UP_MS="$(bench_now_ms)"
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "error: server $name exited before it was ready:" >&2
            tail -n 40 "$log" >&2
            unset "BENCH_SERVER_PID[$name]"
            return 1
        fi
        if (($(date +%s) - start > timeout)); then
            echo "error: server $name not ready within $timeout s" >&2
            tail -n 40 "$log" >&2
            return 1
        fi
        sleep 0.05
    done
}

# bench_stop_server NAME  SIGTERM to the launcher (it stops the application server, then its PostgreSQL) and waits up to 60 s.
bench_stop_server() {
    local name="$1" pid="${BENCH_SERVER_PID[$1]:-}"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        for _ in $(seq 1 120); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "warning: launcher $pid ($name) still running after 60 s" >&2
        else
            wait "$pid" 2>/dev/null || true
        fi
    fi
    unset "BENCH_SERVER_PID[$name]"
}

# Stops every server this shell started, the most recently started first (a node on another's database first).
bench_stop_all_servers() {
    local names=() name
    for name in "${!BENCH_SERVER_PID[@]}"; do names+=("$name"); done
    ((${#names[@]} > 0)) || return 0
    while read -r name; do
        [[ -n "$name" ]] && bench_stop_server "$name"
    done < <(for name in "${names[@]}"; do echo "${BENCH_SERVER_PID[$name]} $name"; done | sort -rn | cut -d' ' -f2)
}

# bench_create_user BASE_URL ADMIN_TOKEN EMAIL [TIER=enterprise]  prints "user_id key" of a new user (admin API).
bench_create_user() {
    local base="$1" token="$2" email="$3" tier="${4:-enterprise}" body
    body="$(curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "{\"email\":\"$email\",\"plan_tier\":\"$tier\"}" "$base/api/v1/admin/users")" || {
        echo "error: creating user $email at $base failed" >&2
        return 1
    }
    local key id
    key="$(sed -E 's/.*"key":"([^"]+)".*/\1/' <<<"$body")"
    id="$(sed -E 's/.*"user":\{[^}]*"id":"([^"]+)".*/\1/; t; s/.*"id":"([^"]+)".*/\1/' <<<"$body")"
    echo "$id $key"
}

# bench_metric BASE_URL NAME  the sum of a Prometheus metric's samples at /metrics (0 if absent).
bench_metric() {
    curl -sf "$1/metrics" | awk -v n="$2" '$1 !~ /^#/ && ($1 == n || index($1, n "{") == 1) { s += $NF } END { printf "%.0f\n", s }'
}

# bench_wrk OUT ARGS...  runs wrk --latency ARGS, keeps its output in OUT and prints
# "requests rps p50_ms p99_ms non2xx socket_errors". Returns 3 ("not a result") if any answer was not 2xx or any
# socket error happened.
bench_wrk() {
    local out="$1"
    shift
    wrk --latency "$@" >"$out" 2>&1 || { echo "error: wrk failed:" >&2; cat "$out" >&2; return 1; }
    local line
    line="$(awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; if (v ~ /m$/) return v * 60000; return v }
        / requests in / { req = $1 }
        /Requests\/sec/ { rps = $2 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        /Non-2xx/ { non2xx = $NF }
        /Socket errors/ { gsub(/,/, ""); sock = $4 + $6 + $8 + $10 }
        END { printf "%d %.0f %.3f %.3f %d %d\n", req, rps, p50, p99, non2xx, sock }' "$out")"
    echo "$line"
    local non2xx sock
    read -r _ _ _ _ non2xx sock <<<"$line"
    if ((non2xx > 0 || sock > 0)); then
        echo "error: wrk $*: $non2xx non-2xx answers, $sock socket errors: not a result" >&2
        cat "$out" >&2
        return 3
    fi
}

# bench_stats V...  prints "median min max" (the median of an even count is the mean of the middle two).
bench_stats() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan nan nan"; exit }
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%s %s %s\n", m, v[1], v[NR] }'
}

# The pids of PROCESS and all its descendants.
bench_process_tree() {
    local pid="$1" child
    echo "$pid"
    for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
        bench_process_tree "$child"
    done
}

# bench_rss_kb PID...  sum of VmRSS (kB) of the given processes; bench_pss_kb: sum of Pss (shared pages divided).
bench_rss_kb() {
    local pid s=0 v
    for pid in "$@"; do
        v="$(awk '/^VmRSS:/ { print $2 }' /proc/"$pid"/status 2>/dev/null || true)"
        s=$((s + ${v:-0}))
    done
    echo "$s"
}
bench_pss_kb() {
    local pid s=0 v
    for pid in "$@"; do
        v="$(awk '/^Pss:/ { print $2 }' /proc/"$pid"/smaps_rollup 2>/dev/null || true)"
        s=$((s + ${v:-0}))
    done
    echo "$s"
}

# Installs wrk (Debian/Ubuntu package) if it is missing: as root directly, otherwise through sudo.
bench_ensure_wrk() {
    command -v wrk >/dev/null && return 0
    command -v apt-get >/dev/null || { echo "error: wrk is missing and there is no apt-get; install wrk" >&2; return 2; }
    echo "== installing wrk (apt-get install -y wrk)"
    local sudo=""
    ((EUID == 0)) || sudo="sudo"
    $sudo apt-get update -qq >/dev/null || true
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
    command -v wrk >/dev/null
}
