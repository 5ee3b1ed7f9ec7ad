#!/bin/bash
# Builds mentord and runs every test: the Criterion unit and API suites in a
# plain build (warnings are errors) and again under AddressSanitizer and
# UndefinedBehaviorSanitizer, each time on SQLite and then (the store, API,
# health and notify suites: meson's suite "db") on PostgreSQL, in a
# throwaway cluster this script starts on 127.0.0.1 and stops again
# (scripts/pg_cluster.sh); the browser tests in Chromium, and a bounded
# fuzzing run. Ends with one line "N passed, N failed" and fails if any did.
set -uo pipefail
cd "$(dirname "$0")/.."
export MENTORD_PW_COST=min   # cheap Argon2id parameters: tests hash many passwords
passed=0
failed=0

note() { printf '\n== %s ==\n' "$*"; }

# Adds the counts of one meson test run (Criterion's synthesis lines, or the
# per-executable results where a suite crashed before printing one).
count_meson() { # dir label meson-exit-status meson-console-output
  local log="$1/meson-logs/testlog.txt" p f mf
  p=$(grep -ho 'Passing: [0-9]*' "$log" 2>/dev/null | awk '{s+=$2} END {print s+0}')
  f=$(grep -hoE '(Failing|Crashing): [0-9]*' "$log" 2>/dev/null | awk '{s+=$2} END {print s+0}')
  # Suites that are not Criterion (the OpenAPI check) or that died before
  # printing a synthesis still count: one failure per failed suite at least.
  mf=$(printf '%s\n' "$4" | grep -cE '^ *[0-9]+/[0-9]+ .*(FAIL|TIMEOUT|ERROR)' || true)
  [ "${mf:-0}" -gt "$f" ] && f=$mf
  [ "$3" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  passed=$((passed + p)); failed=$((failed + f))
  echo "$2: $p passed, $f failed"
}

run_meson() { # dir label setup-args...
  local dir=$1 label=$2; shift 2
  note "$label"
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@" >/dev/null || { echo "meson setup failed"; failed=$((failed + 1)); return; }
  fi
  if ! ninja -C "$dir"; then
    echo "build failed"; failed=$((failed + 1)); return
  fi
  local out rc
  # shellcheck disable=SC2086
  out=$(meson test -C "$dir" --print-errorlogs --num-processes 2 --timeout-multiplier "${TIMEOUT_MULT:-1}" \
    ${SUITE:+--suite "$SUITE"} 2>&1)
  rc=$?
  printf '%s\n' "$out" | grep -E '^ *[0-9]+/[0-9]+ |^(Ok|Fail|Timeout|Expected Fail|Unexpected Pass|Skipped):' || true
  [ "$rc" -ne 0 ] && printf '%s\n' "$out" | tail -150
  count_meson "$dir" "$label" "$rc" "$out"
}

# The PostgreSQL cluster of the "db" suites' second runs: durability off
# (a test database is thrown away anyway), stopped on exit.
pg_dir=$(mktemp -d /tmp/mentord-pg-XXXXXX)
pg_url=""
trap 'scripts/pg_cluster.sh stop "$pg_dir"' EXIT
note "PostgreSQL for the tests"
if pg_url=$(scripts/pg_cluster.sh start "$pg_dir" --fast); then
  echo "started $pg_url"
else
  echo "PostgreSQL did not start: the store and API suites cannot run on it"; failed=$((failed + 1))
fi
# Runs the "db" suites of a build already made by run_meson, on PostgreSQL.
run_meson_pg() { # dir label
  [ -n "$pg_url" ] || return 0
  MENTORD_TEST_PG=$pg_url SUITE=db run_meson "$1" "$2"
}

setup_plain=(--buildtype=debugoptimized -Dwerror=true -Dtests=enabled -Dbench=false)
run_meson build-test "unit and API tests" "${setup_plain[@]}"
run_meson_pg build-test "store, API, health and notify tests on PostgreSQL"

export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:strict_string_checks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
setup_asan=(--buildtype=debug -Dwerror=true -Dtests=enabled -Dbench=false -Db_sanitize=address,undefined
  -Db_lundef=false)
TIMEOUT_MULT=4 run_meson build-asan "the same under ASan+UBSan" "${setup_asan[@]}"
TIMEOUT_MULT=4 run_meson_pg build-asan "the same on PostgreSQL under ASan+UBSan"
unset ASAN_OPTIONS UBSAN_OPTIONS

# The OpenID provider of the single sign-on tests (npm's oidc-provider, see
# tests/browser/oidc_provider.mjs) on loopback, stopped by its PID below;
# the sign-in test serves mentord on the port the provider redirects to.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
oidc_pid=""
start_oidc() {
  [ -d tests/browser/node_modules/oidc-provider ] || (cd tests/browser && npm ci --no-audit --no-fund >/dev/null) || return
  local pport sport log=build-test/oidc-provider.log
  pport=$(free_port); sport=$(free_port); mkdir -p build-test
  node tests/browser/oidc_provider.mjs "$pport" mentord-tests test-client-secret \
    "http://127.0.0.1:$sport/login/sso/callback" >"$log" 2>&1 &
  oidc_pid=$!
  for _ in $(seq 1 300); do
    grep -q listening "$log" 2>/dev/null && break
    kill -0 "$oidc_pid" 2>/dev/null || break
    sleep 0.1
  done
  if grep -q listening "$log" 2>/dev/null; then
    export MENTORD_TEST_OIDC_ISSUER="http://127.0.0.1:$pport" MENTORD_TEST_SSO_PORT="$sport"
  else
    echo "the OpenID provider did not start (the sign-in test starts its own):"; cat "$log"
  fi
}

if [ -x tests/browser/run.sh ]; then
  note "browser tests (Chromium)"
  start_oidc
  out=$(MENTORD_BIN="$PWD/build-test/mentord" tests/browser/run.sh 2>&1); rc=$?
  if [ -n "$oidc_pid" ]; then kill "$oidc_pid" 2>/dev/null; wait "$oidc_pid" 2>/dev/null; fi
  unset MENTORD_TEST_OIDC_ISSUER MENTORD_TEST_SSO_PORT
  echo "$out" | tail -20
  echo "$out" | grep -A20 '^not ok' || true
  p=$(echo "$out" | grep -E '^# pass [0-9]+' | awk '{s+=$3} END {print s+0}')
  f=$(echo "$out" | grep -E '^# fail [0-9]+' | awk '{s+=$3} END {print s+0}')
  [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  passed=$((passed + p)); failed=$((failed + f))
  echo "browser: $p passed, $f failed"
fi

if [ -x fuzz/run.sh ] && command -v clang >/dev/null; then
  # Every target of fuzz/targets: its regression inputs replayed, then a few
  # seconds of fuzzing from its seeds; one pass per target.
  note "fuzzing (regressions replayed, then ${FUZZ_SECONDS:-5}s per target)"
  out=$(FUZZ_SECONDS="${FUZZ_SECONDS:-5}" fuzz/run.sh 2>&1); rc=$?
  echo "$out" | tail -60
  p=$(echo "$out" | grep -c '^fuzz_.* exec/s' || true)
  passed=$((passed + p))
  if [ "$rc" -eq 0 ]; then
    echo "fuzz: $p targets, no crash"
  else
    failed=$((failed + 1)); echo "fuzz: a crash, a regression back, or a build failure"
  fi
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
