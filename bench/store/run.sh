#!/bin/bash
# bench/store: mentord's write path on SQLite and PostgreSQL, one and two
# servers, in one run, so that the ratios compare figures taken on the same
# machine at the same time.
#
#  1. Writes: POSTs of check-ins with wrk (-t2 -c64, keep-alive), into one
#     relationship (every writer queues for the same rows) and spread over
#     64 relationships, through one server and through two on one database
#     (wrk's two threads each talk to one server). Per case the median of the
#     rounds: requests/s, p50 and p99, errors (anything but 201), and the
#     ratio of requests/s to SQLite's one server. Target (issue 10): SQLite,
#     64 connections, p99 < 25 ms with no error.
#  2. An import of 20,000 new participants while 8 writers post check-ins
#     into 64 relationships: how long the import and its dry run take, and
#     the writers' p50 and p99 during it (target: p99 < 100 ms).
#  3. The 50,000-relationship program of bench/health on both: copy-db moves
#     it from SQLite to PostgreSQL (timed), then the dashboard page, the
#     first request after a start and the median of 15 warm ones (target:
#     < 200 ms on PostgreSQL as on SQLite), while the server's start-up job
#     pass runs and again once the server is idle.
#
# PostgreSQL is a throwaway cluster of Debian's postgresql package
# (scripts/pg_cluster.sh) with its durable defaults (fsync, synchronous
# commit), as SQLite runs with synchronous=FULL.
#
#   usage: bench/store/run.sh [--seconds S] [--rounds N] [--no-big] [--big-db FILE]
# --big-db reuses a database health_bench generated before (--keep), which
# spares the five minutes its generation takes. wrk comes from Debian's
# package (installed here if missing, benchmark only).
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=5 rounds=3 big=1 big_db=""
while [ $# -gt 0 ]; do
	case "$1" in
	--seconds) secs=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--no-big) big=0; shift ;;
	--big-db) big_db=$2; shift 2 ;;
	*) echo "usage: bench/store/run.sh [--seconds S] [--rounds N] [--no-big] [--big-db FILE]" >&2; exit 2 ;;
	esac
done
. bench/common.sh
bench_tool wrk wrk
bench_build mentord bench/health/health_bench
bin=$PWD/build-bench/mentord
work=$(mktemp -d /tmp/mentord-bench-store-XXXXXX)
pg_dir=$(mktemp -d /tmp/mentord-bench-pg-XXXXXX) # its own, for the postgres user
pids=()
stop_servers() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	pids=()
}
cleanup() { stop_servers; scripts/pg_cluster.sh stop "$pg_dir" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM
# wrk is one client address with 64 connections and more while closing the
# last run's: as behind a reverse proxy, no per-address limit.
export MENTORD_PW_COST=interactive MENTORD_ACCESS_LOG=false MENTORD_PER_IP_CONNECTIONS=0

pg_server=$(scripts/pg_cluster.sh start "$pg_dir")
pg_admin() { psql -q -X -v ON_ERROR_STOP=1 "$pg_server" -c "$1" >/dev/null; }
pg_url() { echo "${pg_server%/postgres}/$1"; }

# Starts n servers on db at ports 18490.. and waits until they answer.
start_servers() { # db n
	for i in $(seq 0 $(($2 - 1))); do
		"$bin" serve --db "$1" --listen 127.0.0.1:$((18490 + i)) --threads 4 >>"$work/serve.log" 2>&1 & pids+=($!)
	done
	for i in $(seq 0 $(($2 - 1))); do
		for _ in $(seq 300); do curl -sf "http://127.0.0.1:$((18490 + i))/healthz" >/dev/null && break; sleep 0.05; done
	done
}

# ---- the organisation: the demo, 82 more relationships from a published
# match run, tokens for 64 of their mentees; the same on PostgreSQL ----
echo "mentord bench/store: $(nproc) cores; PostgreSQL $(psql -X -Atc 'SHOW server_version' "$pg_server")"
"$bin" demo --db "$work/s.db" >/dev/null
"$bin" match --db "$work/s.db" --program 1 >/dev/null
admin=$("$bin" token create --db "$work/s.db" --email admin@demo.mentord.test)
start_servers "$work/s.db" 1
curl -sf -X POST -H "Authorization: Bearer $admin" http://127.0.0.1:18490/api/v1/match-runs/1/publish >/dev/null
curl -sf -X POST -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
	-d '{"name":"Import","starts_on":"2026-01-01","ends_on":"2026-12-31"}' \
	http://127.0.0.1:18490/api/v1/programs >/dev/null # program 2, for the imports
stop_servers
python3 - "$work/s.db" >"$work/mentees.txt" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for rel, email in c.execute("SELECT r.id, u.email FROM relationships r JOIN users u ON u.id = r.mentee_id "
                            "WHERE r.origin = 'match' ORDER BY r.id LIMIT 64"):
    print(rel, email)
PY
: >"$work/many.txt"
while read -r rel email; do
	echo "$("$bin" token create --db "$work/s.db" --email "$email") $rel" >>"$work/many.txt"
done <"$work/mentees.txt"
one_rel=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(
	"SELECT r.id FROM relationships r JOIN users u ON u.id = r.mentee_id WHERE u.email = ?",
	("mentee@demo.mentord.test",)).fetchone()[0])' "$work/s.db")
echo "$("$bin" token create --db "$work/s.db" --email mentee@demo.mentord.test) $one_rel" >"$work/one.txt"
pg_admin "CREATE DATABASE bench"
"$bin" copy-db --from "sqlite:$work/s.db" --to "$(pg_url bench)" >/dev/null
declare -A dbs=([sqlite]="sqlite:$work/s.db" [postgres]="$(pg_url bench)")

cat >"$work/writers.lua" <<'LUA'
-- POSTs a check-in as one of the writers of WRITERS ("token relationship"
-- lines), at random; wrk's threads take the servers of PORTS in turn.
local writers = {}
for line in io.lines(os.getenv("WRITERS")) do
	local token, rel = line:match("(%S+) (%S+)")
	writers[#writers + 1] = {token, rel}
end
local ports, n, threads = {}, 0, {}
for p in os.getenv("PORTS"):gmatch("%d+") do ports[#ports + 1] = p end
function setup(thread)
	n = n + 1
	thread.addr = wrk.lookup("127.0.0.1", ports[(n - 1) % #ports + 1])[1]
	threads[#threads + 1] = thread
end
-- How many answers of each status, printed as "statuses 201:N 503:M".
codes = {}
function response(status, headers, body)
	codes[status] = (codes[status] or 0) + 1
end
function done(summary, latency, requests)
	local all = {}
	for _, t in ipairs(threads) do
		for k, v in pairs(t:get("codes")) do all[k] = (all[k] or 0) + v end
	end
	local line = "statuses"
	for k, v in pairs(all) do line = line .. " " .. k .. ":" .. v end
	print(line)
end
function init(args)
	math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
function request()
	local w = writers[math.random(#writers)]
	return wrk.format("POST", "/api/v1/relationships/" .. w[2] .. "/checkins",
		{["Authorization"] = "Bearer " .. w[1], ["Content-Type"] = "application/json"},
		'{"mood":4,"note":"bench"}')
end
LUA

# wrk against the servers of PORTS; prints "req/s p50_ms p99_ms errors".
run_wrk() { # writers-file conns seconds ports
	WRITERS=$1 PORTS=$4 wrk -t2 -c"$2" -d"$3s" --latency -s "$work/writers.lua" "http://127.0.0.1:18490/" |
		python3 -c '
import re, sys
t = sys.stdin.read()
def ms(v):
    n, u = re.match(r"([\d.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 1e-3, "ms": 1, "s": 1e3}[u]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)", t, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", t, re.M).group(1))
err = sum(int(x) for x in re.findall(r"Non-2xx or 3xx responses: (\d+)", t))
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
err += sum(int(x) for x in m.groups()) if m else 0
codes = re.search(r"^statuses(.*)$", t, re.M)
if err and codes:
    sock = m.group(0) if m else "no socket errors"
    sys.stderr.write(f"  (answers:{codes.group(1)}; {sock})\n")
print(f"{rps:.0f} {p50:.3f} {p99:.3f} {err}")'
}

# ---- 1. writes ----
results=$work/results
: >"$results"
for round in $(seq "$rounds"); do
	for backend in sqlite postgres; do
		for n in 1 2; do
			start_servers "${dbs[$backend]}" $n
			ports=$(seq -s, 18490 $((18489 + n)))
			for load in one many; do
				echo "$load $backend $n $(run_wrk "$work/$load.txt" 64 "$secs" "$ports")" >>"$results"
			done
			stop_servers
		done
	done
done

# ---- 2. an import of 20,000 new people beside 8 writers ----
make_csv() { # prefix -> file
	python3 -c 'import sys
print("email,role,name")
for i in range(20000):
    role = "mentor" if i % 4 == 0 else "mentee"
    print(f"{sys.argv[1]}.{i}@import.test,{role},Person {i}")' "$1"
}
import_to() { # port token csv [dry] -> seconds
	curl -s -o "$work/import.out" -w '%{time_total}' -X POST -H "Authorization: Bearer $2" \
		-H 'Content-Type: text/csv' --data-binary "@$3" \
		"http://127.0.0.1:$1/api/v1/programs/2/participants/import${4:+?dry_run=1}"
}
imports=$work/imports
: >"$imports"
for backend in sqlite postgres; do
	make_csv "dry.$backend" >"$work/dry.csv"
	make_csv "a.$backend" >"$work/a.csv"
	make_csv "b.$backend" >"$work/b.csv"
	start_servers "${dbs[$backend]}" 1
	dry=$(import_to 18490 "$admin" "$work/dry.csv" dry)
	alone=$(import_to 18490 "$admin" "$work/a.csv")
	grep -q '"enrolled":20000' "$work/import.out" || { echo "import failed: $(head -c 300 "$work/import.out")" >&2; exit 1; }
	base=$(run_wrk "$work/many.txt" 8 "$secs" 18490)
	# The writers for as long as the import took alone, the import starting
	# a moment after them.
	wsecs=$(python3 -c "import math, sys; print(max(3, math.ceil(float(sys.argv[1])) + 1))" "$alone")
	run_wrk "$work/many.txt" 8 "$wsecs" 18490 >"$work/during" &
	wrk_pid=$!
	sleep 0.5
	beside=$(import_to 18490 "$admin" "$work/b.csv")
	wait $wrk_pid
	grep -q '"enrolled":20000' "$work/import.out" || { echo "import failed: $(head -c 300 "$work/import.out")" >&2; exit 1; }
	echo "$backend $dry $alone $beside $base $(cat "$work/during")" >>"$imports"
	stop_servers
done

python3 - "$results" "$imports" "$secs" "$rounds" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    load, backend, n, rps, p50, p99, err = line.split()
    rows.setdefault((load, backend, n), []).append((float(rps), float(p50), float(p99), int(err)))
secs, rounds = sys.argv[3], sys.argv[4]
print(f"\n1. writes: POST check-ins, wrk -t2 -c64 -d{secs}s, {rounds} rounds, medians; ratio: req/s to SQLite's one server")
print(f"{'workload':26} {'backend':9} {'servers':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'ratio':>6}")
for load, name in (("one", "one relationship"), ("many", "64 relationships")):
    base = statistics.median(r[0] for r in rows[(load, "sqlite", "1")])
    for backend in ("sqlite", "postgres"):
        for n in ("1", "2"):
            rs = rows[(load, backend, n)]
            med = lambda i: statistics.median(r[i] for r in rs)
            err = sum(r[3] for r in rs)
            note = ""
            if load == "one" and backend == "sqlite" and n == "1":
                note = "  target p99 < 25 ms, no error: " + ("ok" if med(2) < 25 and not err else "MISSED")
            print(f"{name:26} {backend:9} {n:>7} {med(0):8.0f} {med(1):8.2f} {med(2):8.2f} {err:7d} {med(0)/base:6.2f}{note}")
print("\n2. import of 20,000 new participants (one server) beside 8 writers posting check-ins into 64 relationships")
print(f"{'backend':9} {'dry run s':>9} {'import s':>9} {'beside s':>9}   {'writers alone p50/p99 ms':>25}   {'during the import p50/p99 ms':>29} {'errors':>6}")
for line in open(sys.argv[2]):
    b, dry, alone, beside, rps0, p500, p990, err0, rps1, p501, p991, err1 = line.split()
    verdict = "ok" if float(p991) < 100 and int(err1) == 0 else "MISSED"
    print(f"{b:9} {float(dry):9.2f} {float(alone):9.2f} {float(beside):9.2f}   {float(p500):12.2f} / {float(p990):8.2f}   "
          f"{float(p501):15.2f} / {float(p991):8.2f} {int(err1):6d}   target p99 < 100: {verdict}")
PY

[ "$big" -eq 1 ] || exit 0
# ---- 3. the 50,000-relationship dashboard on both ----
echo
if [ -z "$big_db" ]; then
	big_db=$work/big.db
	build-bench/bench/health/health_bench --relationships 50000 --runs 1 --db "$big_db" --keep | tail -1
fi
# The token first: copy-db takes it along.
big_token=$("$bin" token create --db "$big_db" --email admin@bench.test)
pg_admin "CREATE DATABASE big"
t0=$(date +%s.%N)
"$bin" copy-db --from "sqlite:$big_db" --to "$(pg_url big)" | tail -1
t1=$(date +%s.%N)
rows=$(python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = \"table\" AND name <> \"schema_migrations\"")]
print(sum(c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables))' "$big_db")
python3 -c 'import sys; print(f"copy-db from SQLite to PostgreSQL: {int(sys.argv[3]):,} rows in {float(sys.argv[2]) - float(sys.argv[1]):.1f} s")' "$t0" "$t1" "$rows"
psql -q -X "$(pg_url big)" -c "ANALYZE" >/dev/null
timed() { curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $big_token" "http://127.0.0.1:18490$1"; }
# CPU time (user + system, in clock ticks) of process $1 so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# Waits (at most two minutes) until process $1 has used at most 2 ticks of
# CPU in each of two half seconds running: the server's start-up job pass
# is over.
wait_idle() {
	local prev now quiet=0
	prev=$(cpu_ticks "$1")
	for _ in $(seq 240); do
		sleep 0.5
		now=$(cpu_ticks "$1")
		if [ $((now - prev)) -le 2 ]; then quiet=$((quiet + 1)); else quiet=0; fi
		[ "$quiet" -ge 2 ] && return 0
		prev=$now
	done
	return 1
}
# The first dashboard and 15 warm ones, on one line: backend, when.
dashboards() {
	local first warm=()
	first=$(timed /programs/1/dashboard)
	for _ in $(seq 15); do warm+=("$(timed /programs/1/dashboard)"); done
	python3 -c 'import statistics, sys
b, when, first, warm = sys.argv[1], sys.argv[2], float(sys.argv[3]), [float(x) for x in sys.argv[4:]]
m = statistics.median(warm) * 1000
verdict = "ok" if m < 200 else "MISSED"
print(f"dashboard, 50,000 relationships, {b:8} {when:24}: first {first*1000:5.0f} ms, warm median {m:5.0f} ms of {len(warm)}"
      f"   target < 200 ms: {verdict}")' "$1" "$2" "$first" "${warm[@]}"
}
# Right after a start the server's first job pass runs beside the requests:
# on this freshly generated program it queues about 180,000 mails (every
# relationship has gone quiet at once), about 10 s of CPU. Measured during
# it, then again once the server is idle.
for backend in sqlite postgres; do
	db="sqlite:$big_db"
	[ "$backend" = postgres ] && db=$(pg_url big)
	start_servers "$db" 1
	dashboards "$backend" "during the start-up pass"
	wait_idle "${pids[0]}" || echo "  (the server did not go idle within two minutes)"
	dashboards "$backend" "after it"
	stop_servers
done
