#!/bin/bash
# A fuzzing campaign: every target of fuzz/targets, HOURS of wall-clock time
# on JOBS cores (default: all, at most 2), each target for a share of the
# time by its weight (the request targets cover the most code and get the
# most), two (JOBS) running side by side at all times, niced. Corpora
# persist in DIR (default ~/.cache/mentord-fuzz) from one campaign to the
# next, seeded from fuzz/corpus/. A target that finds something is restarted
# for the rest of its time; every crash, leak, timeout or broken contract is
# minimised into fuzz/regressions/<target>/ (commit it with its fix). At the
# end it prints, per target, the CPU time, executions, exec/s, coverage
# (edges and features), corpus size and findings, and writes the same to
# DIR/summary.txt.
#   usage: fuzz/campaign.sh HOURS [DIR]     e.g. fuzz/campaign.sh 1
set -euo pipefail
cd "$(dirname "$0")/.."
. fuzz/common.sh
[ $# -ge 1 ] || { sed -n '2,14p' "$0"; exit 2; }
hours=$1
dir=${2:-${XDG_CACHE_HOME:-$HOME/.cache}/mentord-fuzz}
jobs=${JOBS:-$(nproc)}
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

# Runs target $1 for $2 seconds, restarting after a finding.
campaign_one() {
	local t=$1 secs=$2 corpus="$dir/corpus/$t" art="$dir/artifacts/$t" log="$dir/logs/$t.log"
	mkdir -p "$corpus" "$art" "$dir/logs"
	: >"$log"
	fuzz_dict "$t" "$dir/$t.dict"
	local start end left runs=0
	start=$(date +%s)
	end=$((start + secs))
	while left=$((end - $(date +%s))) && [ "$left" -gt 5 ] && [ "$runs" -lt 30 ]; do
		runs=$((runs + 1))
		echo "== run $runs, ${left}s left" >>"$log"
		# shellcheck disable=SC2046
		( TIMEFORMAT="cpu %U %S"; time nice -n 10 "build-fuzz/fuzz/fuzz_$t" $(fuzz_flags "$t") \
			-max_total_time="$left" -timeout=20 -rss_limit_mb=2560 -print_final_stats=1 \
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
		nice -n 10 "build-fuzz/fuzz/fuzz_$t" $(fuzz_flags "$t") -timeout=20 -minimize_crash=1 -runs=2000 \
			-exact_artifact_path="$out" "$f" >"$dir/logs/$t.min.log" 2>&1 || true
		[ -s "$out" ] || cp "$f" "$out"
		mv "$f" "$dir/artifacts/$t/done-$name"
	done
}

echo "fuzz campaign: $hours h on $jobs cores ($budget CPU-seconds), corpora in $dir"
running=0
for t in $targets; do
	secs=$((budget * $(weight "$t") / total))
	echo "  fuzz_$t: ${secs}s"
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
		cpu=$(awk '/^cpu /{s += $2 + $3} END {printf "%d", s}' "$log")
		execs=$(awk '/stat::number_of_executed_units/{s += $2} END {print s + 0}' "$log")
		cov=$(grep -a -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE).*cov:' "$log" | tail -1 | grep -o 'cov: [0-9]*' | awk '{print $2}')
		ft=$(grep -a -E '^#[0-9]+.*cov:' "$log" | tail -1 | grep -o 'ft: [0-9]*' | awk '{print $2}')
		corp=$(find "$dir/corpus/$t" -type f | wc -l)
		found=$(find "$dir/artifacts/$t" -name 'done-*' | wc -l)
		rate=$(awk -v e="$execs" -v c="$cpu" 'BEGIN { printf "%d", c > 0 ? e / c : 0 }')
		printf '%-12s %8s %11s %8s %7s %8s %7s %s\n' "$t" "$cpu" "$execs" "$rate" "${cov:-?}" "${ft:-?}" "$corp" "$found"
	done
} | tee "$summary"
echo "findings minimised into fuzz/regressions/<target>/; logs in $dir/logs/"
