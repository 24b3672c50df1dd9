#!/usr/bin/env bash
# Regenerates the PTX that clang-22 makes from the device code of the CUDA
# corpus (tests/corpus/cuda/*.cu): one NAME.ptx per program, next to this script.
# No CUDA SDK is needed: shim/ stands in for NVIDIA's headers (see
# shim/cuda_runtime.h for what it defines and how its math differs).
# Usage: regen_clang.sh   (CLANG=path/to/clang to use another clang)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cuda="$here/../../cuda"
CLANG=${CLANG:-clang-22}
fail=()
for src in "$cuda"/*.cu; do
  name=$(basename "$src" .cu)
  if ! "$CLANG" -x cuda --cuda-device-only -nocudainc -nocudalib \
      --cuda-gpu-arch=sm_80 --cuda-feature=+ptx78 -S -O2 \
      -I "$here/shim" -include cuda_runtime.h \
      "$src" -o "$here/$name.ptx"; then
    fail+=("$name")
  fi
done
if [ ${#fail[@]} -gt 0 ]; then
  echo "clang could not compile: ${fail[*]}" >&2
  exit 1
fi
