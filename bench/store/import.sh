#!/bin/bash
# bench/store/import.sh: how long a participant import of new people takes
# (POST /api/v1/programs/{id}/participants/import), its dry run and the
# import itself, on SQLite and on PostgreSQL, alone on the server. The part
# of bench/store/run.sh that times imports beside writers, taken apart so a
# change to the import path can be measured quickly and compared with the
# mentord it replaces in the same run (the figures are noisy; only ratios
# taken side by side mean much).
#
# Per binary, backend and file size: ROUNDS imports (the binaries taking
# turns within each round), each of a file of new people (one mentor in
# four, a name column, so every row creates an account and queues its
# invitation) into a program of its own; the dry run of the same file first. Printed: the medians, per row, and the ratio to the
# first binary.
#
#   usage: bench/store/import.sh [--rows "1600 20000"] [--rounds 3] [--fast]
#                                [--bin NAME=PATH]...
# Without --bin it times build-bench/mentord (built here). With several
# (e.g. --bin main=/tmp/mentord-main --bin new=build-bench/mentord) each has
# databases of its own. PostgreSQL is a throwaway cluster of Debian's
# postgresql package (scripts/pg_cluster.sh) with its durable defaults, as
# SQLite runs with synchronous=FULL; --fast turns fsync off (the setting the
# tests run with).
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes="1600 20000" rounds=3 fast="" bins=()
while [ $# -gt 0 ]; do
	case "$1" in
	--rows) sizes=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--fast) fast=--fast; shift ;;
	--bin) bins+=("$2"); shift 2 ;;
	*) echo "usage: bench/store/import.sh [--rows \"1600 20000\"] [--rounds N] [--fast] [--bin NAME=PATH]..." >&2; exit 2 ;;
	esac
done
. bench/common.sh
if [ ${#bins[@]} -eq 0 ]; then
	bench_build mentord
	bins=("this=$PWD/build-bench/mentord")
fi
work=$(mktemp -d /tmp/mentord-bench-import-XXXXXX)
pg_dir=$(mktemp -d /tmp/mentord-bench-pg-XXXXXX)
pid=""
stop_server() { [ -z "$pid" ] || { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; }; }
cleanup() { stop_server; scripts/pg_cluster.sh stop "$pg_dir" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM
export MENTORD_PW_COST=interactive MENTORD_ACCESS_LOG=false
port=18590
pg_server=$(scripts/pg_cluster.sh start "$pg_dir" $fast)
pg_url() { echo "${pg_server%/postgres}/$1"; }
echo "mentord bench/store/import: $(nproc) cores; PostgreSQL $(psql -X -Atc 'SHOW server_version' "$pg_server")" \
	"${fast:+(fsync off)}; files of ${sizes// /, } new people, $rounds rounds"

start_server() { # bin db
	"$1" serve --db "$2" --listen 127.0.0.1:$port --threads 4 >>"$work/serve.log" 2>&1 & pid=$!
	for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.05; done
	echo "the server did not start: $(tail -5 "$work/serve.log")" >&2
	exit 1
}
api() { # token method path [body] -> the answer
	curl -sf -X "$2" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' ${4:+-d "$4"} \
		"http://127.0.0.1:$port$3"
}
make_csv() { # prefix rows
	python3 -c 'import sys
print("email,role,name")
for i in range(int(sys.argv[2])):
    role = "mentor" if i % 4 == 0 else "mentee"
    print(f"{sys.argv[1]}.{i}@import.test,{role},Person {i}")' "$1" "$2"
}
import_to() { # token program csv [dry] -> seconds; checks the answer
	local t
	t=$(curl -s -o "$work/import.out" -w '%{time_total}' -X POST -H "Authorization: Bearer $1" \
		-H 'Content-Type: text/csv' --data-binary "@$3" \
		"http://127.0.0.1:$port/api/v1/programs/$2/participants/import${4:+?dry_run=1}")
	grep -q "\"enrolled\":$(($(wc -l <"$3") - 1))" "$work/import.out" ||
		{ echo "import failed: $(head -c 300 "$work/import.out")" >&2; exit 1; }
	echo "$t"
}

results=$work/results
: >"$results"
n=0
for spec in "${bins[@]}"; do
	bin=${spec#*=}
	n=$((n + 1))
	"$bin" demo --db "$work/$n.db" >/dev/null
	"$bin" token create --db "$work/$n.db" --email admin@demo.mentord.test >"$work/$n.token"
	psql -q -X -v ON_ERROR_STOP=1 "$pg_server" -c "CREATE DATABASE b$n" >/dev/null
	"$bin" copy-db --from "sqlite:$work/$n.db" --to "$(pg_url "b$n")" >/dev/null
done
# Rounds outermost, the binaries taking turns within each, so that a change
# in the machine's load falls on all of them alike.
for round in $(seq "$rounds"); do
	n=0
	for spec in "${bins[@]}"; do
		name=${spec%%=*} bin=${spec#*=}
		n=$((n + 1))
		token=$(cat "$work/$n.token")
		for backend in sqlite postgres; do
			db="sqlite:$work/$n.db"
			[ "$backend" = postgres ] && db=$(pg_url "b$n")
			start_server "$bin" "$db"
			for rows in $sizes; do
				prog=$(api "$token" POST /api/v1/programs \
					'{"name":"Import","starts_on":"2026-01-01","ends_on":"2026-12-31"}' |
					python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
				make_csv "$name.$backend.$rows.$round" "$rows" >"$work/f.csv"
				dry=$(import_to "$token" "$prog" "$work/f.csv" dry)
				real=$(import_to "$token" "$prog" "$work/f.csv")
				echo "$name $backend $rows $dry $real" >>"$results"
			done
			stop_server
		done
	done
done

python3 - "$results" <<'PY'
import statistics, sys
rows, names = {}, []
for line in open(sys.argv[1]):
    name, backend, n, dry, real = line.split()
    if name not in names:
        names.append(name)
    rows.setdefault((name, backend, int(n)), []).append((float(dry), float(real)))
print(f"\n{'mentord':10} {'backend':9} {'rows':>6} {'dry run s':>10} {'ms/row':>7} {'import s':>10} {'ms/row':>7}"
      f" {'dry x':>6} {'import x':>8}   (medians; x: how many times faster than {names[0]})")
for (name, backend, n), rs in sorted(rows.items(), key=lambda kv: (kv[0][1], kv[0][2], names.index(kv[0][0]))):
    dry = statistics.median(r[0] for r in rs)
    real = statistics.median(r[1] for r in rs)
    base = rows[(names[0], backend, n)]
    bdry = statistics.median(r[0] for r in base)
    breal = statistics.median(r[1] for r in base)
    print(f"{name:10} {backend:9} {n:6d} {dry:10.2f} {dry / n * 1000:7.3f} {real:10.2f} {real / n * 1000:7.3f}"
          f" {bdry / dry:6.1f} {breal / real:8.1f}")
PY
