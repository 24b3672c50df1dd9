#!/usr/bin/env bash
# Benchmark of issue 4: CUDA to IR with cuwasm-opt against clang-22 compiling the
# same device code to PTX (flags of shared/DESIGN.md, with the PTX corpus' shim
# headers instead of NVIDIA's), side by side, per corpus program:
#
#   cuwasm-opt FILE.cu -o /dev/null            (host and device code to MLIR)
#   clang-22 -x cuda --cuda-device-only -nocudainc -nocudalib --cuda-gpu-arch=sm_80
#            --cuda-feature=+ptx78 -S -O2 -I shim -include cuda_runtime.h FILE.cu -o /dev/null
#
# Only the programs cuwasm-opt lowers today are timed (the others stop at a
# located "not supported yet" error and are listed). Each tool runs REPS times
# per file, interleaved, timed with bash's EPOCHREALTIME (microseconds: GNU
# time's hundredths are too coarse here); the table shows the medians in
# milliseconds and the ratio clang/cuwasm. The goal of the issue: cuwasm under 1/10 of clang's time
# per file (ratio >= 10).
#
# Usage: benches/cuda_frontend.sh
# Env:   REPS=5  CLANG=clang-22  (CARGO_TARGET_DIR is honoured)
set -euo pipefail

REPS=${REPS:-5}
CLANG=${CLANG:-clang-22}
MLIR_OPT=$CLANG # the reference tool, for common.sh
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
script=cuda_frontend.sh
source "$root/benches/common.sh"
[ "$have_mlir" = 1 ] || { echo "$script: $CLANG is required" >&2; exit 1; }

# ms CMD...: run once, print the wall time in milliseconds.
ms() {
  local t0=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || { echo "$script: '$*' failed" >&2; exit 1; }
  awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f\n", (b - a) * 1000 }'
}

shim=$root/tests/corpus/ptx/clang/shim
printf '%-28s %12s %12s %8s\n' "program" "cuwasm (ms)" "clang (ms)" "ratio"
skipped=()
for src in "$root"/tests/corpus/cuda/*.cu; do
  name=$(basename "$src" .cu)
  if ! "$cuwasm_opt" "$src" -o /dev/null 2>/dev/null; then
    skipped+=("$name")
    continue
  fi
  cuwasm_cmd=("$cuwasm_opt" "$src" -o /dev/null)
  mlir_cmd=("$CLANG" -x cuda --cuda-device-only -nocudainc -nocudalib --cuda-gpu-arch=sm_80
    --cuda-feature=+ptx78 -S -O2 -I "$shim" -include cuda_runtime.h "$src" -o /dev/null)
  : >"$tmp/cuwasm"
  : >"$tmp/mlir"
  for ((i = 1; i <= REPS; i++)); do
    ms "${cuwasm_cmd[@]}" >>"$tmp/cuwasm"
    ms "${mlir_cmd[@]}" >>"$tmp/mlir"
  done
  c=$(median "$tmp/cuwasm" 1)
  m=$(median "$tmp/mlir" 1)
  ratio=$(awk -v c="$c" -v m="$m" 'BEGIN { printf "%.1fx", m / c }')
  printf '%-28s %12s %12s %8s\n' "$name" "$c" "$m" "$ratio"
done
echo
echo "not lowered yet by cuwasm (not timed): ${skipped[*]:-none}"
