#!/usr/bin/env bash
# Runs before `npm test`: makes sure what the tests need is on the machine — Debian's chromium
# (portal and SDK browser tests), redis-server (cluster queue and bus tests) and a build of the
# portal and SDK — installing what is missing when it can.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing test dependencies: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "The tests need: ${need[*]} (Debian packages). Install them, e.g. sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
fi

if [ ! -f portal/dist/index.html ] || [ ! -f sdk/dist/index.js ] || [ ! -f dist/src/main.js ]; then
  echo "Building Herald (portal, SDK, server) for the tests"
  npm run build --silent
fi
