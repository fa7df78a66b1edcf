#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
# The build must print nothing (issue 25: no warnings a user of `npm start` cannot act on); vite.config.ts QUIET
# lists the dependency messages that are silenced, and why.
out=$(npx vite build --logLevel warn 2>&1) || { echo "$out"; exit 1; }
if [ -n "$out" ]; then
  echo "$out"
  echo "test-e2e: the build printed the messages above; fix them, or silence them in vite.config.ts (QUIET) if no user can act on them" >&2
  exit 1
fi
exec npx playwright test "$@"
