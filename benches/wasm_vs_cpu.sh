#!/usr/bin/env bash
# cuwasm's Wasm path against its native CPU path on the kernels of
# benches/cpu_kernels/*.cu, side by side in one run: the `cpu_vs_gcc` binary
# (benches/cpu_vs_gcc.rs) JIT-compiles each CUDA kernel and launches it on the
# CPU device (Cranelift) or, with CUWASM_DEVICE=wasm, as a Wasm module on the
# wasm device (wasmtime, blocks on all cores). Every run makes its inputs,
# launches once and checks the result against a reference, then prints the
# median time of INNER launches. Per kernel the two run interleaved, REPS
# rounds (cpu, wasm, cpu, wasm, ...). The table shows the medians, the ratio
# cpu time / wasm time (the goal is at least 0.75) and their geometric mean.
#
# Usage: benches/wasm_vs_cpu.sh [KERNEL...]     (default: all six)
# Env:   REPS=5 INNER=10  (CARGO_TARGET_DIR is honoured)
set -euo pipefail

REPS=${REPS:-5}
INNER=${INNER:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
script=wasm_vs_cpu.sh
MLIR_OPT=true # no external reference tool: both sides are cuwasm
source "$root/benches/common.sh"
bench=$target_dir/release/cpu_vs_gcc
[ -x "$bench" ] || { echo "$script: $bench not built (cargo build --release -p cuwasm-benches)" >&2; exit 1; }

source "$root/benches/cpu_kernels/sizes.sh"
kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(saxpy sgemm stencil reduction transpose histogram)

# one DEVICE FILE KERNEL: one run (it checks its result), its median ms appended to FILE.
one() {
  CUWASM_DEVICE=$1 "$bench" "$3" "${size[$3]}" "$INNER" >>"$2" 2>"$tmp/stderr" || {
    echo "$script: $3 on $1 failed:" >&2
    cat "$tmp/stderr" >&2
    exit 1
  }
}

echo "== $REPS rounds per kernel (cpu, wasm interleaved), $INNER timed launches per run, $(nproc) cores"
printf '%-10s %10s %10s %10s %8s\n' kernel size "cpu (ms)" "wasm (ms)" ratio
: >"$tmp/ratios"
for k in "${kernels[@]}"; do
  [ -n "${size[$k]:-}" ] || { echo "$script: unknown kernel '$k'" >&2; exit 2; }
  : >"$tmp/cpu"
  : >"$tmp/wasm"
  for ((i = 1; i <= REPS; i++)); do
    one cpu "$tmp/cpu" "$k"
    one wasm "$tmp/wasm" "$k"
  done
  c=$(median "$tmp/cpu" 1)
  w=$(median "$tmp/wasm" 1)
  ratio=$(awk -v c="$c" -v w="$w" 'BEGIN { printf "%.3f", c / w }')
  echo "$ratio" >>"$tmp/ratios"
  printf '%-10s %10s %10.2f %10.2f %7.2fx\n' "$k" "${size[$k]}" "$c" "$w" "$ratio"
  echo "           all cpu: $(all "$tmp/cpu" 1)  wasm: $(all "$tmp/wasm" 1)"
done
awk '{ s += log($1) } END { printf "geomean ratio (cpu / wasm): %.3fx over %d kernels\n", exp(s / NR), NR }' "$tmp/ratios"
