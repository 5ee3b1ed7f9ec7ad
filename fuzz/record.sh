#!/bin/sh
# Remakes the seed corpora from the tests' real requests: runs the API tests
# and the browser tests with MENTORD_RECORD_DIR set (they then write every
# request they send), and fuzz/seeds.py turns the recordings into
# fuzz/corpus/{api,pages,url,csv_import,markdown}/. Other corpora are written
# by hand. Review the change before committing it: the corpora stay small.
#   usage: fuzz/record.sh [build dir, default build-t]
set -eu
cd "$(dirname "$0")/.."
build=${1:-build-t}
rec=$(mktemp -d /tmp/mentord-record-XXXXXX)
trap 'rm -rf "$rec"' EXIT INT TERM
[ -f "$build/build.ninja" ] || meson setup "$build" -Dtests=enabled -Dbench=false >/dev/null
ninja -C "$build" >/dev/null
MENTORD_PW_COST=min MENTORD_RECORD_DIR="$rec" meson test -C "$build" --num-processes 2 >/dev/null ||
	echo "record: some API tests failed; their requests are recorded all the same" >&2
MENTORD_RECORD_DIR="$rec" MENTORD_BIN="$PWD/$build/mentord" tests/browser/run.sh >/dev/null ||
	echo "record: some browser tests failed; their requests are recorded all the same" >&2
for d in api pages url csv_import markdown; do
	find "fuzz/corpus/$d" -type f ! -name '*-hand*' ! -name 'hand-*' -delete 2>/dev/null || true
done
python3 fuzz/seeds.py "$rec"
