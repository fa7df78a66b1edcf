#!/usr/bin/env bash
# Installs what the tests need beyond npm: Debian's Chromium (Playwright drives it; it never downloads
# a browser) and Debian's Python with torch/RDKit/ONNX/pymatgen for the training smoke tests and references.
set -euo pipefail
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
/usr/bin/python3 -c 'import torch' 2>/dev/null || need_apt+=(python3-torch)
/usr/bin/python3 -c 'import onnx' 2>/dev/null || need_apt+=(python3-onnx)
/usr/bin/python3 -c 'import numpy' 2>/dev/null || need_apt+=(python3-numpy)
/usr/bin/python3 -c 'import pytest' 2>/dev/null || need_apt+=(python3-pytest)
/usr/bin/python3 -c 'import rdkit' 2>/dev/null || need_apt+=(python3-rdkit)
# crystals: pymatgen is the reference for the CIF round trip, the matcher and the metrics; scipy for W1, pandas for the CSVs
/usr/bin/python3 -c 'import pymatgen.core' 2>/dev/null || need_apt+=(python3-pymatgen)
/usr/bin/python3 -c 'import scipy' 2>/dev/null || need_apt+=(python3-scipy)
/usr/bin/python3 -c 'import pandas' 2>/dev/null || need_apt+=(python3-pandas)
# Without recommends, apt picks the reference BLAS, which makes torch ~20x slower; OpenBLAS takes over
# libblas.so.3 through Debian's alternatives.
[ -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ] || need_apt+=(libopenblas0-pthread)
[ ${#need_apt[@]} -eq 0 ] && exit 0
cmd="apt-get update && apt-get install -y --no-install-recommends ${need_apt[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages. Run as root: $cmd" >&2
  exit 1
fi
echo "Installing system packages for the tests: ${need_apt[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
