#!/usr/bin/env bash
# Benchmark of issue 2: parse + verify + print of a generated generic MLIR file,
# cuwasm-opt side by side with mlir-opt-22 on the same file in the same run.
#
#   cuwasm-opt FILE -o /dev/null
#   mlir-opt-22 --mlir-print-op-generic FILE -o /dev/null
#
# Each tool runs REPS times (interleaved, after one untimed warm-up run each)
# under /usr/bin/time -f '%e %M %U %S'; the table shows the median wall time,
# the median peak RSS and the median CPU time (user + sys, for information: the
# machine may be noisy, and mlir-opt verifies functions on a thread pool), then
# the ratios of the medians (time: mlir/cuwasm wall, memory: cuwasm/mlir RSS).
# The goal of the issue is a time ratio >= 2 and a memory ratio <= 0.5.
#
# Usage: benches/parse_print.sh
# Env:   OPS=200000   ops in the generated file (gen-mlir --ops)
#        SEED=1       gen-mlir --seed
#        REPS=5       timed runs per tool
#        MLIR_OPT=mlir-opt-22
#        CARGO_TARGET_DIR is honoured (as is any target-dir of cargo's config).
set -euo pipefail

OPS=${OPS:-200000}
SEED=${SEED:-1}
REPS=${REPS:-5}
MLIR_OPT=${MLIR_OPT:-mlir-opt-22}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

script=parse_print.sh
source "$root/benches/common.sh"

file=$tmp/input.mlir
echo "== generating $file: gen-mlir --ops $OPS --seed $SEED"
"$gen_mlir" --ops "$OPS" --seed "$SEED" >"$file"
echo "   $(wc -l <"$file") lines, $(($(wc -c <"$file") / 1024)) KiB"

cuwasm_cmd=("$cuwasm_opt" "$file" -o /dev/null)
mlir_cmd=("$MLIR_OPT" --mlir-print-op-generic "$file" -o /dev/null)

# Sanity check (untimed, also the warm-up): both tools accept the file, and
# print the same generic text (mlir-opt adds one trailing blank line).
echo "== warm-up and output check"
"$cuwasm_opt" "$file" -o "$tmp/cuwasm.out"
if [ $have_mlir = 1 ]; then
  "$MLIR_OPT" --mlir-print-op-generic "$file" -o "$tmp/mlir.out"
  if [ "$(cat "$tmp/cuwasm.out")" = "$(cat "$tmp/mlir.out")" ]; then
    echo "   outputs identical"
  else
    echo "   WARNING: outputs differ:"
    diff "$tmp/cuwasm.out" "$tmp/mlir.out" | head -6 | sed 's/^/     /'
  fi
fi
rm -f "$tmp/cuwasm.out" "$tmp/mlir.out"

timed_runs

c_t=$(median "$tmp/cuwasm" 1)
c_m=$(median "$tmp/cuwasm" 2)
echo
echo "Parse + verify + print, $OPS ops ($(nproc) CPUs), median of $REPS runs"
printf '%-40s %9s %15s %12s   %s\n' "tool" "wall (s)" "peak RSS (MiB)" "CPU (s)" "all wall times (s)"
printf '%-40s %9s %15s %12s   %s\n' "cuwasm-opt FILE -o /dev/null" "$c_t" "$(mib "$c_m")" "$(median "$tmp/cuwasm" 3)" "$(all "$tmp/cuwasm" 1)"
if [ $have_mlir = 1 ]; then
  m_t=$(median "$tmp/mlir" 1)
  m_m=$(median "$tmp/mlir" 2)
  printf '%-40s %9s %15s %12s   %s\n' "$MLIR_OPT --mlir-print-op-generic" "$m_t" "$(mib "$m_m")" "$(median "$tmp/mlir" 3)" "$(all "$tmp/mlir" 1)"
  echo
  awk -v ct="$c_t" -v mt="$m_t" -v cm="$c_m" -v mm="$m_m" 'BEGIN {
    tr = (ct > 0) ? mt / ct : 0; mr = cm / mm;
    printf "time ratio   mlir/cuwasm = %.2fx   (goal >= 2.00x: %s)\n", tr, (tr >= 2 ? "met" : "MISSED");
    printf "memory ratio cuwasm/mlir = %.2f    (goal <= 0.50: %s)\n", mr, (mr <= 0.5 ? "met" : "MISSED");
  }'
fi
