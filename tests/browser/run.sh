#!/bin/sh
# Runs the browser tests: installs the node dependencies from the lock file
# when they are missing, then node's test runner against a real server
# (MENTORD_BIN, default ../../build/mentord) and /usr/bin/chromium.
set -eu
cd "$(dirname "$0")"
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] ||
   [ ! -d node_modules/oidc-provider ]; then
	npm ci --no-audit --no-fund
fi
exec node --test --test-concurrency=1 *.test.js
