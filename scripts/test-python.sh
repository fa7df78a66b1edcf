#!/usr/bin/env bash
# Training-code smoke tests on tiny data (seconds). Debian's interpreter has torch and RDKit.
set -euo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/python "$@"
