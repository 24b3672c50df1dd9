#!/usr/bin/env bash
# Regenerates the PTX that nvcc makes from the device code of the CUDA corpus
# (tests/corpus/cuda/*.cu): one NAME.ptx per program, next to this script (or
# in OUTDIR). Run where nvcc is (the H100 machine: CUDA 13.0,
# /usr/local/cuda/bin/nvcc); the committed files came from there.
# Usage: regen_nvcc.sh [OUTDIR]   (NVCC=path/to/nvcc to use another nvcc)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cuda="$here/../../cuda"
out=${1:-$here}
NVCC=${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}
mkdir -p "$out"
"$NVCC" --version | tail -2
ls "$cuda"/*.cu | xargs -P 8 -I{} sh -c \
  'n=$(basename {} .cu); "$0" -ptx -arch=sm_90 -O2 {} -o "$1/$n.ptx" || echo "nvcc could not compile $n" >&2' \
  "$NVCC" "$out"
