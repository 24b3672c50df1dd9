#!/usr/bin/env bash
# Compile every CUDA corpus program with NVIDIA's nvcc, run it on the GPU, and
# compare its stdout with NAME.expected and its exit status with 0.
#
#   tests/corpus/cuda/check_with_nvcc.sh [-j JOBS] [-k] [NAME.cu ...]
#
# Environment: NVCC (default: nvcc, else /usr/local/cuda/bin/nvcc),
# NVCC_FLAGS (default: -O2 -arch=sm_90), BUILD_DIR (default: a fresh
# temporary folder), RUN_TIMEOUT (seconds per program, default 60).
# -k keeps BUILD_DIR. Exit status 0 when every program passes.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jobs="$(nproc 2>/dev/null || echo 4)"
keep=0
while getopts "j:k" opt; do
  case "$opt" in
    j) jobs="$OPTARG" ;;
    k) keep=1 ;;
    *) echo "usage: $0 [-j JOBS] [-k] [NAME.cu ...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))

NVCC="${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}"
NVCC_FLAGS="${NVCC_FLAGS:--O2 -arch=sm_90}"
RUN_TIMEOUT="${RUN_TIMEOUT:-60}"
if [ ! -x "$NVCC" ]; then
  echo "check_with_nvcc: nvcc not found (set NVCC)" >&2
  exit 2
fi
BUILD_DIR="${BUILD_DIR:-$(mktemp -d /tmp/cuwasm-cuda-corpus.XXXXXX)}"
mkdir -p "$BUILD_DIR"

if [ $# -gt 0 ]; then
  files=()
  for f in "$@"; do
    case "$f" in /*) files+=("$f") ;; *) if [ -f "$f" ]; then files+=("$(pwd)/$f"); else files+=("$here/$f"); fi ;; esac
  done
else
  files=("$here"/*.cu)
fi

echo "check_with_nvcc: $("$NVCC" --version | tail -n 2 | head -n 1)"
echo "check_with_nvcc: flags: $NVCC_FLAGS; ${#files[@]} programs; build dir $BUILD_DIR"

# 1. compile in parallel
export NVCC NVCC_FLAGS BUILD_DIR
printf '%s\n' "${files[@]}" | xargs -P "$jobs" -I{} bash -c '
  f="{}"; name="$(basename "$f" .cu)"
  if "$NVCC" $NVCC_FLAGS -o "$BUILD_DIR/$name" "$f" >"$BUILD_DIR/$name.compile.log" 2>&1; then
    echo ok >"$BUILD_DIR/$name.compiled"
  fi'

# 2. run one at a time (the GPU is shared), compare
pass=0
fail=0
failed=()
for f in "${files[@]}"; do
  name="$(basename "$f" .cu)"
  expected="${f%.cu}.expected"
  if [ ! -f "$BUILD_DIR/$name.compiled" ]; then
    echo "FAIL  $name: compile error"
    sed -n '1,15p' "$BUILD_DIR/$name.compile.log" | sed 's/^/      /'
    fail=$((fail + 1)); failed+=("$name"); continue
  fi
  start=$(date +%s%N)
  timeout "$RUN_TIMEOUT" "$BUILD_DIR/$name" >"$BUILD_DIR/$name.stdout" 2>"$BUILD_DIR/$name.stderr"
  rc=$?
  ms=$((($(date +%s%N) - start) / 1000000))
  if [ ! -f "$expected" ]; then
    echo "FAIL  $name: no $(basename "$expected")"
    fail=$((fail + 1)); failed+=("$name"); continue
  fi
  if [ $rc -eq 0 ] && cmp -s "$BUILD_DIR/$name.stdout" "$expected"; then
    printf 'PASS  %-28s %6d ms\n' "$name" "$ms"
    pass=$((pass + 1))
  else
    echo "FAIL  $name: exit status $rc"
    diff "$expected" "$BUILD_DIR/$name.stdout" | sed -n '1,10p' | sed 's/^/      /'
    sed -n '1,5p' "$BUILD_DIR/$name.stderr" | sed 's/^/      stderr: /'
    fail=$((fail + 1)); failed+=("$name")
  fi
done

echo "check_with_nvcc: $pass passed, $fail failed, $((pass + fail)) total"
[ $fail -gt 0 ] && echo "check_with_nvcc: failed: ${failed[*]}"
[ $keep -eq 1 ] || [ -n "${KEEP_BUILD:-}" ] || rm -rf "$BUILD_DIR"
[ $fail -eq 0 ]
