#!/usr/bin/env bash
# Benchmark of issue 3: canonicalize + CSE over a generated function full of
# redundancy (duplicated subexpressions, constant chains, identities such as
# x+0 and x*1: `gen-mlir --redundant`), cuwasm-opt side by side with
# mlir-opt-22 on the same file in the same run:
#
#   cuwasm-opt  FILE --pass-pipeline='builtin.module(func.func(canonicalize,cse))' -o OUT
#   mlir-opt-22 FILE --pass-pipeline='builtin.module(func.func(canonicalize,cse))' --mlir-print-op-generic -o OUT
#
# Both print generic syntax. Each tool runs REPS times (interleaved, after one
# untimed run each that also produces the outputs checked below) under
# /usr/bin/time -f '%e %M %U %S'; the table shows the median wall time, the
# median peak RSS, the median CPU time (user + sys) and the ops each tool left
# (ops of the generic output, the module and function included). Then:
#   - time ratio mlir/cuwasm (goal: > 1, faster than mlir-opt-22),
#   - ops left (goal: cuwasm <= mlir-opt-22),
#   - whether mlir-opt-22 accepts cuwasm's output, and what a second run of
#     mlir-opt-22's pipeline leaves of each tool's output (it finds a little
#     more in both: CSE exposes new folds).
#
# Usage: benches/canonicalize_cse.sh
# Env:   OPS=200000   ops in the generated file (gen-mlir --ops)
#        FUNCS=1      functions sharing them (gen-mlir --funcs)
#        SEED=1       gen-mlir --seed
#        REPS=5       timed runs per tool
#        MLIR_OPT=mlir-opt-22
#        CARGO_TARGET_DIR is honoured (as is any target-dir of cargo's config).
set -euo pipefail

OPS=${OPS:-200000}
FUNCS=${FUNCS:-1}
SEED=${SEED:-1}
REPS=${REPS:-5}
MLIR_OPT=${MLIR_OPT:-mlir-opt-22}
PIPELINE='builtin.module(func.func(canonicalize,cse))'
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

script=canonicalize_cse.sh
source "$root/benches/common.sh"

file=$tmp/input.mlir
echo "== generating $file: gen-mlir --redundant --ops $OPS --funcs $FUNCS --seed $SEED"
"$gen_mlir" --redundant --ops "$OPS" --funcs "$FUNCS" --seed "$SEED" >"$file"
# count FILE: ops in a generic-syntax file (one op per line: `%x = "op"(...`,
# `"op"(...`; region-holding ops open their line the same way).
count() { grep -cE '^ *(%[^ ]+ = )?"[a-z_]+\.[a-z_.]+"' "$1"; }
echo "   $(wc -l <"$file") lines, $(($(wc -c <"$file") / 1024)) KiB, $(count "$file") ops"

cuwasm_cmd=("$cuwasm_opt" "$file" "--pass-pipeline=$PIPELINE")
mlir_cmd=("$MLIR_OPT" "$file" "--pass-pipeline=$PIPELINE" --mlir-print-op-generic)

echo "== untimed run of each tool: outputs and their op counts"
"${cuwasm_cmd[@]}" -o "$tmp/cuwasm.out"
c_ops=$(count "$tmp/cuwasm.out")
m_ops=
check=
if [ $have_mlir = 1 ]; then
  "${mlir_cmd[@]}" -o "$tmp/mlir.out"
  m_ops=$(count "$tmp/mlir.out")
  # A second run of the pipeline finds more (CSE exposes new folds), so the
  # check compares what it leaves of each tool's output.
  again() {
    "$MLIR_OPT" "$1" "--pass-pipeline=$PIPELINE" --mlir-print-op-generic \
      -o "$tmp/again.out" 2>"$tmp/stderr" && count "$tmp/again.out"
  }
  if c_again=$(again "$tmp/cuwasm.out"); then
    m_again=$(again "$tmp/mlir.out")
    check="mlir-opt-22 accepts cuwasm's output; a second mlir-opt-22 run leaves $c_again ops of it"
    check="$check ($m_again of mlir-opt-22's own output)"
  else
    check="mlir-opt-22 REJECTS cuwasm's output: $(head -1 "$tmp/stderr")"
  fi
  echo "   $check"
fi
rm -f "$tmp"/*.out

cuwasm_cmd+=(-o /dev/null)
mlir_cmd+=(-o /dev/null)
timed_runs

c_t=$(median "$tmp/cuwasm" 1)
echo
echo "canonicalize,cse over $OPS ops in $FUNCS function(s) ($(nproc) CPUs), median of $REPS runs"
fmt='%-26s %9s %15s %9s %10s   %s\n'
printf "$fmt" "tool" "wall (s)" "peak RSS (MiB)" "CPU (s)" "ops left" "all wall times (s)"
printf "$fmt" "cuwasm-opt" "$c_t" "$(mib "$(median "$tmp/cuwasm" 2)")" "$(median "$tmp/cuwasm" 3)" "$c_ops" "$(all "$tmp/cuwasm" 1)"
if [ $have_mlir = 1 ]; then
  m_t=$(median "$tmp/mlir" 1)
  printf "$fmt" "$MLIR_OPT" "$m_t" "$(mib "$(median "$tmp/mlir" 2)")" "$(median "$tmp/mlir" 3)" "$m_ops" "$(all "$tmp/mlir" 1)"
  echo
  awk -v ct="$c_t" -v mt="$m_t" -v co="$c_ops" -v mo="$m_ops" 'BEGIN {
    tr = (ct > 0) ? mt / ct : 0;
    printf "time ratio mlir/cuwasm = %.2fx   (goal > 1.00x: %s)\n", tr, (tr > 1 ? "met" : "MISSED");
    printf "ops left   cuwasm/mlir = %d/%d   (goal <=: %s)\n", co, mo, (co <= mo ? "met" : "MISSED");
  }'
  echo "$check"
fi
