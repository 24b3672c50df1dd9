#!/usr/bin/env bash
# cuwasm's GPU targets against nvcc -O3 on the kernels of benches/cpu_kernels,
# side by side in one run, on an NVIDIA GPU:
#
#   cuwasm (PTX)   the kernel compiled by cuwasm's PTX target, loaded by the
#                  CUDA driver (CUWASM_DEVICE=cuda)
#   cuwasm (WGSL)  the kernel compiled by the WGSL target, run by wgpu on the
#                  GPU's Vulkan driver (CUWASM_DEVICE=$WEBGPU; only if set)
#   nvcc -O3       the same .cu file (kernels as extern "C") compiled by
#                  `nvcc -O3 -arch=$ARCH -ptx`, loaded by the same driver
#                  with the same launches (CUWASM_DEVICE=ptx:FILE)
#   nvcc>cuwasm    nvcc's PTX read by cuwasm's PTX frontend and emitted again
#                  by the PTX target (`$CUWASM_OPT --emit=ptx`; only if
#                  CUWASM_OPT is set)
#
# All columns run in the one benchmark binary (benches/cpu_vs_gcc.rs): same
# inputs, same launch shapes, the result checked against a reference computed
# on the CPU, then INNER timed launches (each launch waited for), their median
# printed. The kernels' ptxas step is the driver's JIT at its default (highest)
# optimization level for both PTX columns. Per kernel the columns run
# interleaved, REPS rounds; the table shows the medians over rounds and the
# ratio nvcc time / cuwasm time (above 1: cuwasm is faster), with geomeans.
#
# Usage: benches/gpu_vs_nvcc.sh [KERNEL...]     (default: all seven)
# Env:   BENCH=path/to/cpu_vs_gcc (release; default: the cargo target dir's)
#        REPS=5 INNER=20 NVCC=nvcc ARCH=sm_90 WEBGPU=webgpu:0 (unset: no WGSL column)
#        CUWASM_OPT=path/to/cuwasm-opt (unset: no nvcc>cuwasm column)
set -euo pipefail

REPS=${REPS:-5}
INNER=${INNER:-20}
NVCC=${NVCC:-nvcc}
ARCH=${ARCH:-sm_90}
WEBGPU=${WEBGPU:-}
root=$(cd "$(dirname "$0")/.." && pwd)
BENCH=${BENCH:-${CARGO_TARGET_DIR:-$root/target}/release/cpu_vs_gcc}
[ -x "$BENCH" ] || { echo "gpu_vs_nvcc.sh: $BENCH not built (cargo build --release -p cuwasm-benches)" >&2; exit 1; }
command -v "$NVCC" >/dev/null || { echo "gpu_vs_nvcc.sh: $NVCC not found" >&2; exit 1; }

# Problem sizes for a GPU: large enough that a launch takes well over its
# ~10 us of launch and wait overhead, small enough for the CPU reference.
declare -A size=(
  [saxpy]=67108864 [sgemm]=1024 [stencil]=8192 [reduction]=134217728
  [transpose]=8192 [histogram]=67108864 [stencil3d]=384
)
kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(saxpy sgemm stencil reduction transpose histogram stencil3d)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== nvcc -O3 -arch=$ARCH -ptx ($($NVCC --version | tail -1))"
for k in "${kernels[@]}"; do
  [ -n "${size[$k]:-}" ] || { echo "gpu_vs_nvcc.sh: unknown kernel '$k'" >&2; exit 2; }
  printf 'extern "C" {\n#include "%s"\n}\n' "$root/benches/cpu_kernels/$k.cu" >"$tmp/$k.cu"
  "$NVCC" -O3 -arch="$ARCH" -ptx "$tmp/$k.cu" -o "$tmp/$k.ptx"
  [ -z "${CUWASM_OPT:-}" ] || "$CUWASM_OPT" --emit=ptx "$tmp/$k.ptx" -o "$tmp/$k.re.ptx"
done

# one FILE DEVICE KERNEL: one run (it checks its result), its median ms appended to FILE.
one() {
  local file=$1 device=$2 k=$3
  CUWASM_DEVICE=$device "$BENCH" "$k" "${size[$k]}" "$INNER" >>"$file" 2>"$tmp/stderr" || {
    echo "gpu_vs_nvcc.sh: $k on $device failed:" >&2
    cat "$tmp/stderr" >&2
    exit 1
  }
}
median() { sort -g "$1" | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# column NAME -> the CUWASM_DEVICE of kernel $k
device_of() {
  case $1 in
    reemit) echo "ptx:$tmp/$k.re.ptx" ;;
    *) echo "$1" ;;
  esac
}
columns=(cuda)
[ -n "$WEBGPU" ] && columns+=("$WEBGPU")
[ -n "${CUWASM_OPT:-}" ] && columns+=(reemit)
echo "== $REPS rounds per kernel (${columns[*]} and nvcc interleaved), $INNER timed launches per run"
printf '%-10s %10s %12s' kernel size "nvcc (ms)"
for c in "${columns[@]}"; do printf ' %14s %7s' "$c (ms)" ratio; done
echo
for k in "${kernels[@]}"; do
  rm -f "$tmp"/t.*
  for _ in $(seq "$REPS"); do
    one "$tmp/t.nvcc" "ptx:$tmp/$k.ptx" "$k"
    for c in "${columns[@]}"; do one "$tmp/t.$c" "$(device_of "$c")" "$k"; done
  done
  nv=$(median "$tmp/t.nvcc")
  printf '%-10s %10s %12.3f' "$k" "${size[$k]}" "$nv"
  for c in "${columns[@]}"; do
    ours=$(median "$tmp/t.$c")
    ratio=$(awk -v a="$nv" -v b="$ours" 'BEGIN {printf "%.2f", a / b}')
    echo "$ratio" >>"$tmp/ratios.$c"
    printf ' %14.3f %7s' "$ours" "$ratio"
  done
  echo
done
for c in "${columns[@]}"; do
  awk -v c="$c" '{s += log($1); n++} END {printf "geomean nvcc/%s: %.2f over %d kernels\n", c, exp(s / n), n}' "$tmp/ratios.$c"
done
