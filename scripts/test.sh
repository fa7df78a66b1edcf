#!/usr/bin/env bash
# Every test of the project, in order of cost: types, unit, training code, then the built app in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

step "system packages"; bash scripts/ensure-deps.sh
step "type check";       npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings --output machine
step "unit tests";       npx vitest run
step "python tests";     bash scripts/test-python.sh
step "build";            npx vite build --logLevel warn
step "end-to-end tests"; npx playwright test
step "all tests passed"
