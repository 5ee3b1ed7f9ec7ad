#!/bin/bash
# bench/http/profile.sh: instructions per request of mentord's serving path,
# counted by callgrind, so that a change to a page or an endpoint can be
# judged by a figure that does not depend on what else the machine is doing.
#
# Builds mentord (release, build-bench), fills the demo database, signs the
# demo's administrator, manager and mentee in (cookies) and makes a token,
# with the server running natively; then starts the server again under
# callgrind with instrumentation off, warms every endpoint up, and for each
# endpoint turns instrumentation on, sends N keep-alive requests with one curl,
# turns it off and dumps the counts, ROUNDS times (default 3). Prints, per
# endpoint, the server's instructions per request (a dump's total divided by
# N), the least and the median of the rounds: the server's own background
# work (the housekeeping thread, jobs) lands in whichever round it happens
# in, so the least is the request's own cost. The dumps stay in the output
# folder (NAME.ROUND.callgrind) for callgrind_annotate --inclusive=yes.
#
#   usage: bench/http/profile.sh [-n N] [-r ROUNDS] [--out DIR] [ENDPOINT...]
# ENDPOINT names one of the table's first column (default: all of them).
# valgrind comes from Debian's package (installed here if missing, benchmark
# only).
set -euo pipefail
cd "$(dirname "$0")/../.."
n=50 rounds=3 out=""
want=()
while [ $# -gt 0 ]; do
	case "$1" in
	-n) n=$2; shift 2 ;;
	-r) rounds=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	-*) echo "usage: bench/http/profile.sh [-n N] [-r ROUNDS] [--out DIR] [ENDPOINT...]" >&2; exit 2 ;;
	*) want+=("$1"); shift ;;
	esac
done
. bench/common.sh
bench_tool callgrind_control valgrind
bench_build mentord
bin=$PWD/build-bench/mentord
work=$(mktemp -d /tmp/mentord-profile-XXXXXX)
[ -n "$out" ] || out=$work/callgrind
mkdir -p "$out"
pid=""
cleanup() { [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$work/demo.db"*; }
trap cleanup EXIT INT TERM

export MENTORD_PW_COST=interactive
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
"$bin" demo --db "$work/demo.db" >/dev/null
token=$("$bin" token create --db "$work/demo.db" --email admin@demo.mentord.test)

wait_up() { for _ in $(seq 600); do curl -sf "$base/healthz" >/dev/null && return 0; sleep 0.2; done; return 1; }

# Sessions live in the database: sign in against a native server (the
# password hash would take long under valgrind), then serve under callgrind.
"$bin" serve --db "$work/demo.db" --listen 127.0.0.1:$port --no-access-log >"$work/serve.out" 2>"$work/serve.log" & pid=$!
wait_up
login() { # email -> "Cookie: mentord_session=..."
	curl -sf -c "$work/jar.$1" -H 'Content-Type: application/json' \
		-d "{\"email\":\"$1\",\"password\":\"mentord-demo\"}" "$base/api/v1/auth/login" >/dev/null
	echo "Cookie: mentord_session=$(awk '$6 == "mentord_session" {print $7}' "$work/jar.$1")"
}
admin=$(login admin@demo.mentord.test)
manager=$(login manager@demo.mentord.test)
mentee=$(login mentee@demo.mentord.test)
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""

valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out/callgrind.out.%p" \
	"$bin" serve --db "$work/demo.db" --listen 127.0.0.1:$port >"$work/serve.out" 2>"$work/serve.log" & pid=$!
wait_up

# name|path|header
endpoints=(
	"healthz|/healthz|"
	"me-token|/api/v1/me|Authorization: Bearer $token"
	"me-cookie|/api/v1/me|$admin"
	"programs|/api/v1/programs|Authorization: Bearer $token"
	"relationships|/api/v1/relationships?program_id=1|Authorization: Bearer $token"
	"home-admin|/|$admin"
	"home-manager|/|$manager"
	"home-mentee|/|$mentee"
	"dashboard-manager|/programs/1/dashboard|$manager"
)

send() { # path header count: keep-alive requests on one connection, each must answer 200
	local urls=() i
	for ((i = 0; i < $3; i++)); do urls+=(-o /dev/null "$base$1"); done
	local codes
	codes=$(curl -s -w '%{http_code}\n' ${2:+-H "$2"} "${urls[@]}" | sort -u)
	[ "$codes" = "200" ] || { echo "$1: answered $codes" >&2; exit 1; }
}

for e in "${endpoints[@]}"; do
	IFS='|' read -r name path header <<<"$e"
	send "$path" "$header" 5
done

printf '%-20s %14s %14s\n' endpoint "instr/req min" "instr/req med"
for e in "${endpoints[@]}"; do
	IFS='|' read -r name path header <<<"$e"
	if [ ${#want[@]} -gt 0 ] && [[ ! " ${want[*]} " =~ " $name " ]]; then continue; fi
	per=()
	for ((k = 1; k <= rounds; k++)); do
		callgrind_control -z "$pid" >/dev/null 2>&1
		callgrind_control -i on "$pid" >/dev/null 2>&1
		send "$path" "$header" "$n"
		callgrind_control -i off "$pid" >/dev/null 2>&1
		callgrind_control -d "$name.$k" "$pid" >/dev/null 2>&1
		f=$(ls -t "$out"/callgrind.out.$pid.* | head -1)
		mv "$f" "$out/$name.$k.callgrind"
		total=$(awk '/^totals:/ {print $2; exit}' "$out/$name.$k.callgrind")
		per+=($((total / n)))
	done
	sorted=($(printf '%s\n' "${per[@]}" | sort -n))
	printf '%-20s %14d %14d\n' "$name" "${sorted[0]}" "${sorted[$((rounds / 2))]}"
done
echo "dumps: $out"
