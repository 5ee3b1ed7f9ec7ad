#!/bin/sh
# Builds the libFuzzer targets with clang in build-fuzz and runs each for a
# bounded time (FUZZ_SECONDS, default 60) over a scratch copy of its seed
# corpus, so the checked-in corpus stays small. Exits non-zero on a crash,
# leak or timeout; the reproducer is left in build-fuzz/crash-*. Inputs that
# once crashed a target are kept in fuzz/regressions/<target>/ and replayed
# first, so a fixed bug stays fixed.
#   usage: fuzz/run.sh [extra libFuzzer flags, e.g. -jobs=4 -workers=4]
set -eu
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-60}
if [ ! -f build-fuzz/build.ninja ]; then
	CC=clang meson setup build-fuzz -Dfuzz=true -Dtests=disabled -Dbench=false
fi
ninja -C build-fuzz fuzz/fuzz_json_request fuzz/fuzz_article_search fuzz/fuzz_scim_request
scratch=$(mktemp -d /tmp/mentord-fuzz-XXXXXX)
trap 'rm -rf "$scratch"' EXIT INT TERM
status=0
for target in json_request article_search scim_request; do
	mkdir -p "$scratch/$target"
	if [ -d "fuzz/regressions/$target" ]; then
		./build-fuzz/fuzz/fuzz_$target fuzz/regressions/$target/* || {
			echo "fuzz_$target: a known regression input still fails" >&2
			exit 1
		}
	fi
	./build-fuzz/fuzz/fuzz_$target -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 -artifact_prefix=build-fuzz/ \
		-dict="fuzz/$target.dict" "$@" \
		"$scratch/$target" "fuzz/corpus/$target" || status=$?
	[ "$status" -eq 0 ] || { echo "fuzz_$target failed (status $status)" >&2; exit "$status"; }
done
echo "fuzz: no crashes in ${secs}s per target"
