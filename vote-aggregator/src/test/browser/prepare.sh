#!/usr/bin/env bash
# Gets what DashboardBrowserIT needs on a fresh machine: Debian's chromium (installed with apt-get
# when /usr/bin/chromium is missing; needs root, as CI runs) and the pinned playwright-core from
# npm, installed into the folder given (target/browser). Never downloads a browser of its own.
# Usage: prepare.sh TARGET_DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
into="${1:?usage: prepare.sh TARGET_DIR}"

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "prepare.sh: /usr/bin/chromium is missing; install it as root: apt-get install -y chromium" >&2
    exit 1
  fi
  echo "prepare.sh: installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi

mkdir -p "$into"
cp "$here/package.json" "$here/package-lock.json" "$here/dashboard-check.mjs" "$into/"
want="$(node -p "require(process.argv[1]).dependencies['playwright-core']" "$here/package.json")"
have="$(node -p "try { require(process.argv[1]).version } catch (e) { '' }" "$into/node_modules/playwright-core/package.json")"
if [ "$have" != "$want" ]; then
  echo "prepare.sh: installing playwright-core $want into $into"
  (cd "$into" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
fi
echo "prepare.sh: $(/usr/bin/chromium --version 2>/dev/null || echo chromium), playwright-core $want"
