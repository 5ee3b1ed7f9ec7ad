#!/bin/bash
# e2e.sh — end-to-end figures of `mentord match --dry-run`: load the
# program's people from SQLite, index, candidates and scores, solve,
# certify, print. For each size it builds (once, with e2e_db.sh) a
# database whose profiles are all empty (every pair ties, as right after
# an import) and one with filled profiles, runs the command REPS times
# under /usr/bin/time -v and prints the medians of wall time, CPU time
# (user + system) and peak RSS, and the run's summary lines. CPU time is
# the steadier figure on a shared machine: other processes stretch the
# wall time, not the CPU seconds.
# usage: bench/match/e2e.sh [--mentord PATH] [--dir DIR] [--reps R]
#                           [--time-limit S] [NxM ...]
# defaults: build/mentord, /tmp/mentord-e2e, 3, none, 10000x2000 100000x20000
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mentord=build/mentord dir=/tmp/mentord-e2e reps=3 limit=
sizes=()
while [ $# -gt 0 ]; do
	case $1 in
	--mentord) mentord=$2; shift 2 ;;
	--dir) dir=$2; shift 2 ;;
	--reps) reps=$2; shift 2 ;;
	--time-limit) limit="--time-limit $2"; shift 2 ;;
	*x*) sizes+=("$1"); shift ;;
	*) echo "usage: $0 [--mentord PATH] [--dir DIR] [--reps R] [--time-limit S] [NxM ...]" >&2; exit 2 ;;
	esac
done
[ ${#sizes[@]} -eq 0 ] && sizes=(10000x2000 100000x20000)
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
mkdir -p "$dir"
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
list() { printf '%.2f ' "$@" | sed 's/ $//'; }
echo "mentord match --dry-run end to end ($(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg))"
for size in "${sizes[@]}"; do
	n=${size%x*} m=${size#*x}
	for kind in empty filled; do
		db=$dir/$kind-$size.db
		[ -f "$db" ] || "$here/e2e_db.sh" "$mentord" "$db" "$n" "$m" "$kind"
		walls=() cpus=() peaks=()
		for r in $(seq "$reps"); do
			# shellcheck disable=SC2086
			/usr/bin/time -v "$mentord" match --program 1 --dry-run --db "$db" $limit \
				>"$dir/out.txt" 2>"$dir/err.txt"
			w=$(grep 'Elapsed (wall clock)' "$dir/err.txt" | awk '{print $NF}' |
				awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
			c=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$dir/err.txt")
			k=$(grep 'Maximum resident set size' "$dir/err.txt" | awk '{print $NF}')
			walls+=("$w") cpus+=("$c") peaks+=("$(echo "$k / 1024" | bc -l)")
		done
		printf '\n%s x %s, %s profiles: median wall %.2f s (%s), CPU %.2f s (%s), peak RSS %.0f MiB (%s)\n' \
			"$n" "$m" "$kind" "$(median "${walls[@]}")" "$(list "${walls[@]}")" \
			"$(median "${cpus[@]}")" "$(list "${cpus[@]}")" "$(median "${peaks[@]}")" "$(list "${peaks[@]}")"
		grep -E '^(optimal|stable) run:|^certified_optimal:|^times:' "$dir/out.txt" | sed 's/^/  /'
	done
done
