#!/bin/sh
# CI's fuzzing: builds every libFuzzer target (fuzz/targets) with clang in
# build-fuzz, replays every input that once broke a target
# (fuzz/regressions/<target>/), then runs each target for FUZZ_SECONDS
# (default 5) over a scratch copy of its seed corpus with its dictionary.
# Exits non-zero on a crash, leak, timeout or broken contract; the input is
# left in build-fuzz/artifacts/<target>/. Long runs: fuzz/campaign.sh.
#   usage: fuzz/run.sh [target...] [-- extra libFuzzer flags]
set -eu
cd "$(dirname "$0")/.."
. fuzz/common.sh
secs=${FUZZ_SECONDS:-5}
targets=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	targets="$targets $1"
	shift
done
[ "${1:-}" = "--" ] && shift
[ -n "$targets" ] || targets=$(fuzz_targets)
fuzz_build >/dev/null
scratch=$(mktemp -d /tmp/mentord-fuzz-XXXXXX)
trap 'rm -rf "$scratch"' EXIT INT TERM
for t in $targets; do
	if ! fuzz_replay "$t" >"$scratch/replay.log" 2>&1; then
		tail -40 "$scratch/replay.log" >&2
		echo "fuzz_$t: an input in fuzz/regressions/$t/ fails again" >&2
		exit 1
	fi
	mkdir -p "$scratch/$t" "build-fuzz/artifacts/$t"
	fuzz_dict "$t" "$scratch/$t.dict"
	status=0
	# shellcheck disable=SC2046
	"build-fuzz/fuzz/fuzz_$t" $(fuzz_flags "$t") -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$t/" -dict="$scratch/$t.dict" "$@" \
		"$scratch/$t" "fuzz/corpus/$t" >"$scratch/$t.log" 2>&1 || status=$?
	if [ "$status" -ne 0 ]; then
		tail -60 "$scratch/$t.log" >&2
		echo "fuzz_$t failed (status $status); the input is in build-fuzz/artifacts/$t/" >&2
		exit "$status"
	fi
	line=$(grep -a 'DONE' "$scratch/$t.log" | tail -1)
	rate=$(grep -a 'stat::average_exec_per_sec' "$scratch/$t.log" | awk '{print $2}')
	printf 'fuzz_%-11s %s exec/s %s\n' "$t" "$(echo "$line" | grep -o 'cov: [0-9]* ft: [0-9]*')" "$rate"
done
echo "fuzz: regressions replayed, no crashes in ${secs}s per target"
