# shellcheck shell=bash
# Sourced by the benchmark scripts under bench/: what each does before it
# measures. Tools come from Debian's packages, installed here for the
# benchmark only; the release build with the benchmarks is build-bench.

# Installs Debian's package $2 when command $1 is missing.
bench_tool() { # command package
	command -v "$1" >/dev/null && return 0
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq && $sudo apt-get install -y -qq "$2" >/dev/null
}

# Builds the release targets named (mentord, bench/health/health_bench...)
# in build-bench, setting it up the first time.
bench_build() { # target...
	[ -f build-bench/build.ninja ] || meson setup build-bench --buildtype=release -Dtests=disabled -Dbench=true >/dev/null
	ninja -C build-bench "$@" >/dev/null
}
