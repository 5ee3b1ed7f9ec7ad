#!/bin/sh
# Builds mentord, fills demo.db with a demo organisation (once) and serves it
# at http://127.0.0.1:8080 until Ctrl-C.
set -eu
cd "$(dirname "$0")/.."
[ -d build ] || meson setup build --buildtype=release -Dbench=false -Dtests=disabled >/dev/null
ninja -C build >/dev/null
./build/mentord demo --db demo.db
echo "open http://${MENTORD_LISTEN:-127.0.0.1:8080} and log in as admin@demo.mentord.test / mentord-demo"
exec ./build/mentord serve --db demo.db --listen "${MENTORD_LISTEN:-127.0.0.1:8080}"
