#!/usr/bin/env bash
# cuwasm's CPU path against gcc on six kernels, side by side in one run: each
# CUDA kernel of benches/cpu_kernels/*.cu JIT-compiled and launched by the
# `cpu_vs_gcc` binary (benches/cpu_vs_gcc.rs, cuwasm_tools::jit), and the same
# algorithm as plain C loops with OpenMP (benches/cpu_kernels/*.c) built with
#
#   gcc -O3 -march=native -fopenmp
#
# Every run of either side makes its inputs, launches once and checks the
# result, then prints the median time of INNER launches (kernel time only).
# Per kernel the two sides run interleaved, REPS rounds (cuwasm, gcc, cuwasm,
# gcc, ...), both on the first THREADS cores (taskset; OMP_NUM_THREADS for
# gcc, and cuwasm's runtime uses every core it may run on). The table shows
# the medians over the rounds, the ratio gcc time / cuwasm time (above 1:
# cuwasm is faster) and the geometric mean of the ratios.
#
# Usage: benches/cpu_vs_gcc.sh [KERNEL...]     (default: all six)
# Env:   REPS=5 INNER=10 THREADS=$(nproc) GCC=gcc  (CARGO_TARGET_DIR is honoured)
set -euo pipefail

REPS=${REPS:-5}
INNER=${INNER:-10}
THREADS=${THREADS:-$(nproc)}
GCC=${GCC:-gcc}
MLIR_OPT=$GCC # the reference tool, for common.sh
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
script=cpu_vs_gcc.sh
source "$root/benches/common.sh"
[ "$have_mlir" = 1 ] || { echo "$script: $GCC is required" >&2; exit 1; }
cpu_vs_gcc=$target_dir/release/cpu_vs_gcc
[ -x "$cpu_vs_gcc" ] || { echo "$script: $cpu_vs_gcc not built" >&2; exit 1; }

source "$root/benches/cpu_kernels/sizes.sh"
kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(saxpy sgemm stencil reduction transpose histogram)

echo "== building the C programs ($GCC -O3 -march=native -fopenmp)"
for k in "${kernels[@]}"; do
  [ -n "${size[$k]:-}" ] || { echo "$script: unknown kernel '$k'" >&2; exit 2; }
  "$GCC" -O3 -march=native -fopenmp -o "$tmp/$k" "$root/benches/cpu_kernels/$k.c" -lm
done

export OMP_NUM_THREADS=$THREADS
pin=(taskset -c "0-$((THREADS - 1))")
# one FILE CMD...: one run (it checks its result), its median ms appended to FILE.
one() {
  local file=$1
  shift
  "${pin[@]}" "$@" "$INNER" >>"$file" 2>"$tmp/stderr" || {
    echo "$script: '$*' failed:" >&2
    cat "$tmp/stderr" >&2
    exit 1
  }
}

echo "== $REPS rounds per kernel (cuwasm, gcc interleaved), $INNER timed launches per run, $THREADS threads"
printf '%-10s %10s %12s %12s %8s\n' kernel size "cuwasm (ms)" "gcc (ms)" ratio
: >"$tmp/ratios"
for k in "${kernels[@]}"; do
  : >"$tmp/cuwasm"
  : >"$tmp/gcc"
  for ((i = 1; i <= REPS; i++)); do
    one "$tmp/cuwasm" "$cpu_vs_gcc" "$k" "${size[$k]}"
    one "$tmp/gcc" "$tmp/$k" "${size[$k]}"
  done
  c=$(median "$tmp/cuwasm" 1)
  g=$(median "$tmp/gcc" 1)
  ratio=$(awk -v c="$c" -v g="$g" 'BEGIN { printf "%.3f", g / c }')
  echo "$ratio" >>"$tmp/ratios"
  printf '%-10s %10s %12.2f %12.2f %7.2fx\n' "$k" "${size[$k]}" "$c" "$g" "$ratio"
  echo "           all cuwasm: $(all "$tmp/cuwasm" 1)  gcc: $(all "$tmp/gcc" 1)"
done
awk '{ s += log($1) } END { printf "geomean ratio (gcc / cuwasm): %.3fx over %d kernels\n", exp(s / NR), NR }' "$tmp/ratios"
