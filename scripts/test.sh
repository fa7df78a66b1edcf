#!/usr/bin/env bash
# Every test of the project, in order of cost: types, unit, training code, then the built app in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

out=.test-summary
rm -rf "$out" && mkdir -p "$out"

step "system packages"; bash scripts/ensure-deps.sh
step "type check";       npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings --output machine
step "layer rules";      npx depcruise src workers --config .dependency-cruiser.cjs
step "unit tests";       npx vitest run --reporter=default --reporter=json --outputFile.json="$out/vitest.json"
step "python tests";     bash scripts/test-python.sh --junitxml="$out/pytest.xml"
step "build";            npx vite build --logLevel warn
step "end-to-end tests"; PLAYWRIGHT_JSON_OUTPUT_NAME="$out/playwright.json" npx playwright test --reporter=list,json
step "summary"
node scripts/test-summary.js "$out"
