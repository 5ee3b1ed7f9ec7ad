#!/bin/sh
# Installs what mentord needs on Debian 12: the build tools and libraries, and
# with --test also what the tests use (Criterion, Chromium for the browser
# tests, Node.js for Playwright and the OpenID provider of the sign-in tests,
# clang with its sanitizer and libFuzzer runtimes for the fuzz targets, an
# SMTP server, PostgreSQL's server for the store and API suites' second run).
set -eu
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
pkgs="build-essential meson ninja-build pkg-config tzdata ca-certificates
  libmicrohttpd-dev libsqlite3-dev libpq-dev libjansson-dev libsodium-dev
  libcurl4-openssl-dev libical-dev libcsv-dev libcmark-dev libssl-dev libqrencode-dev libcjose-dev"
if [ "${1:-}" = "--test" ]; then
  pkgs="$pkgs libcriterion-dev chromium clang libclang-rt-dev curl python3 python3-aiosmtpd python3-icalendar sqlite3 postgresql"
  command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs npm"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
echo "dependencies installed"
