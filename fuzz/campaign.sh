#!/bin/bash
# A fuzzing campaign: every target of fuzz/targets for HOURS on JOBS cores
# (default: all, at most 2), that is HOURS x JOBS CPU-hours between them,
# each target a share by its weight (the request targets cover the most
# code and get the most), JOBS of them running side by side at all times,
# niced (NICE=n sets the niceness, 10 by default; NICE=0 when the
# campaign must finish beside other work). The budget is CPU time, not
# wall time: on a machine shared with others the campaign takes longer
# but fuzzes as much. Corpora persist in
# DIR (default ~/.cache/mentord-fuzz) from one campaign to the next, seeded
# from fuzz/corpus/. A target is restarted after a finding until its share
# is spent; every crash, leak, timeout or broken contract is minimised into
# fuzz/regressions/<target>/ (commit it with its fix). At the end it prints,
# per target, the CPU time, executions, executions per CPU-second, coverage
# (edges and features), corpus size and findings, and writes the same to
# DIR/summary.txt.
#   usage: fuzz/campaign.sh HOURS [DIR]     e.g. fuzz/campaign.sh 1
set -euo pipefail
cd "$(dirname "$0")/.."
. fuzz/common.sh
[ $# -ge 1 ] || { sed -n '2,16p' "$0"; exit 2; }
hours=$1
dir=${2:-${XDG_CACHE_HOME:-$HOME/.cache}/mentord-fuzz}
jobs=${JOBS:-$(nproc)}
niceness=${NICE:-10}
[ "$jobs" -gt 2 ] && [ -z "${JOBS:-}" ] && jobs=2
mkdir -p "$dir"
fuzz_build >/dev/null

# Weights: shares of the campaign's CPU time.
weight() {
	case "$1" in
	api) echo 6 ;;
	pages) echo 4 ;;
	url | cli) echo 2 ;;
	*) echo 1 ;;
	esac
}
targets=$(fuzz_targets)
total=0
for t in $targets; do total=$((total + $(weight "$t"))); done
budget=$(awk -v h="$hours" -v j="$jobs" 'BEGIN { printf "%d", h * 3600 * j }')

# CPU seconds target $1 has used so far (bash's `time` lines in its log).
cpu_used() {
	awk '/^cpu /{s += $2 + $3} END {printf "%d", s}' "$dir/logs/$1.log"
}

# Runs target $1 until it has used $2 CPU seconds, restarting after a
# finding (or when the machine was busy and the wall-clock limit came first).
campaign_one() {
	local t=$1 secs=$2 corpus="$dir/corpus/$t" art="$dir/artifacts/$t" log="$dir/logs/$t.log"
	mkdir -p "$corpus" "$art" "$dir/logs"
	: >"$log"
	fuzz_dict "$t" "$dir/$t.dict"
	local left runs=0
	while left=$((secs - $(cpu_used "$t"))) && [ "$left" -gt 10 ] && [ "$runs" -lt 40 ]; do
		runs=$((runs + 1))
		echo "== run $runs, ${left} CPU-seconds left" >>"$log"
		# shellcheck disable=SC2046
		( TIMEFORMAT="cpu %U %S"; time nice -n "$niceness" "build-fuzz/fuzz/fuzz_$t" $(fuzz_flags "$t") \
			-max_total_time="$left" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
			-artifact_prefix="$art/" -dict="$dir/$t.dict" "$corpus" "fuzz/corpus/$t" >>"$log" 2>&1 ) \
			2>>"$log" || true
	done
}

# Minimises each finding of target $1 into fuzz/regressions/$1/.
minimise() {
	local t=$1 f name out
	mkdir -p "fuzz/regressions/$t"
	for f in "$dir/artifacts/$t"/*; do
		[ -f "$f" ] || continue
		name=$(basename "$f")
		out="fuzz/regressions/$t/$name"
		[ -e "$out" ] && continue
		# shellcheck disable=SC2046
		nice -n "$niceness" "build-fuzz/fuzz/fuzz_$t" $(fuzz_flags "$t") -timeout=20 -minimize_crash=1 -runs=2000 \
			-exact_artifact_path="$out" "$f" >"$dir/logs/$t.min.log" 2>&1 || true
		[ -s "$out" ] || cp "$f" "$out"
		mv "$f" "$dir/artifacts/$t/done-$name"
	done
}

echo "fuzz campaign: $hours h on $jobs cores ($budget CPU-seconds), corpora in $dir"
start=$(date +%s)
running=0
for t in $targets; do
	secs=$((budget * $(weight "$t") / total))
	echo "  fuzz_$t: ${secs} CPU-seconds"
	campaign_one "$t" "$secs" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n || true
		running=$((running - 1))
	fi
done
wait

summary="$dir/summary.txt"
{
	printf '%-12s %8s %11s %8s %7s %8s %7s %s\n' target cpu_s execs exec/cpu_s edges features corpus findings
	for t in $targets; do
		minimise "$t"
		log="$dir/logs/$t.log"
		cpu=$(cpu_used "$t")
		execs=$(awk '/stat::number_of_executed_units/{s += $2} END {print s + 0}' "$log")
		cov=$(grep -a -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE).*cov:' "$log" | tail -1 | grep -o 'cov: [0-9]*' | awk '{print $2}')
		ft=$(grep -a -E '^#[0-9]+.*cov:' "$log" | tail -1 | grep -o 'ft: [0-9]*' | awk '{print $2}')
		corp=$(find "$dir/corpus/$t" -type f | wc -l)
		found=$(find "$dir/artifacts/$t" -name 'done-*' | wc -l)
		rate=$(awk -v e="$execs" -v c="$cpu" 'BEGIN { printf "%d", (c > 0 ? e / c : 0) }')
		printf '%-12s %8s %11s %8s %7s %8s %7s %s\n' "$t" "$cpu" "$execs" "$rate" "${cov:-?}" "${ft:-?}" "$corp" "$found"
	done
} | tee "$summary"
echo "wall time $(( ($(date +%s) - start) / 60 )) min; findings minimised into fuzz/regressions/<target>/; logs in $dir/logs/"
