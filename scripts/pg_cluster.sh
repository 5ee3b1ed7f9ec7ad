#!/bin/sh
# A throwaway PostgreSQL cluster for the tests and benchmarks, from Debian's
# postgresql package: initdb in a fresh directory, listening on 127.0.0.1
# only (and a socket inside the directory), trust authentication, superuser
# "postgres". Run as root (as in CI), the server runs as the postgres user,
# since PostgreSQL refuses to run as root.
#
#   scripts/pg_cluster.sh start DIR [--fast]   prints the cluster's URL
#   scripts/pg_cluster.sh stop DIR             stops it and removes DIR
#
# DIR is made if missing; run as root, the postgres user must be able to
# reach it (a directory of its own under /tmp, as mktemp -d makes, is right).
# --fast turns durability off (fsync, synchronous_commit, full_page_writes):
# for tests, where a crash of the machine loses nothing of value. The
# benchmarks run without it. The port is a free one chosen at start.
set -eu
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR [--fast]" >&2; exit 2; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] && [ -x "$bin/pg_ctl" ] || { echo "$0: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

case "$cmd" in
start)
	fast=""
	[ "${3:-}" = "--fast" ] && fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	mkdir -p "$dir"
	[ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
	as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
		>"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
	for _ in 1 2 3 4 5; do
		port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		# shellcheck disable=SC2086
		if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
			"-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=300 $fast" \
			>/dev/null 2>&1; then
			echo "postgres://postgres@127.0.0.1:$port/postgres"
			exit 0
		fi
	done
	echo "$0: the server did not start; see $dir/server.log" >&2
	exit 1
	;;
stop)
	if [ -d "$dir/data" ]; then
		as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	;;
*)
	echo "usage: $0 start|stop DIR [--fast]" >&2
	exit 2
	;;
esac
