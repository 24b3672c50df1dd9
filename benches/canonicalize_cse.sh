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

TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
  echo "canonicalize_cse.sh: $TIME not found; install GNU time (e.g. 'sudo apt-get install time')" >&2
  exit 1
fi

echo "== building release binaries (cuwasm-opt, gen-mlir)"
cargo build --release -q -p cuwasm-tools -p cuwasm-benches
target_dir=$(cargo metadata --format-version 1 --no-deps 2>/dev/null |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
target_dir=${target_dir:-${CARGO_TARGET_DIR:-$root/target}}
cuwasm_opt=$target_dir/release/cuwasm-opt
gen_mlir=$target_dir/release/gen-mlir
for b in "$cuwasm_opt" "$gen_mlir"; do
  [ -x "$b" ] || { echo "canonicalize_cse.sh: $b not built" >&2; exit 1; }
done

have_mlir=1
if ! command -v "$MLIR_OPT" >/dev/null 2>&1; then
  have_mlir=0
  echo "== $MLIR_OPT not found: measuring cuwasm-opt only (no ratios)"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
file=$tmp/input.mlir
echo "== generating $file: gen-mlir --redundant --ops $OPS --funcs $FUNCS --seed $SEED"
"$gen_mlir" --redundant --ops "$OPS" --funcs "$FUNCS" --seed "$SEED" >"$file"
# count FILE: ops in a generic-syntax file (one op per line: `%x = "op"(...`,
# `"op"(...`; region-holding ops open their line the same way).
count() { grep -cE '^ *(%[^ ]+ = )?"[a-z_]+\.[a-z_.]+"' "$1"; }
echo "   $(wc -l <"$file") lines, $(($(wc -c <"$file") / 1024)) KiB, $(count "$file") ops"

# run NAME CMD...: one timed run, appends "wall-seconds kib cpu-seconds" to $tmp/NAME.
run() {
  local name=$1
  shift
  if ! "$TIME" -f '%e %M %U %S' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/stderr"; then
    echo "canonicalize_cse.sh: '$*' failed:" >&2
    head -5 "$tmp/stderr" >&2
    exit 1
  fi
  tail -1 "$tmp/time" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' >>"$tmp/$name"
}

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

echo "== $REPS timed runs per tool (interleaved)"
: >"$tmp/cuwasm"
: >"$tmp/mlir"
for ((i = 1; i <= REPS; i++)); do
  run cuwasm "${cuwasm_cmd[@]}" -o /dev/null
  [ $have_mlir = 1 ] && run mlir "${mlir_cmd[@]}" -o /dev/null
  line="   run $i: cuwasm-opt $(tail -1 "$tmp/cuwasm")"
  [ $have_mlir = 1 ] && line="$line   $MLIR_OPT $(tail -1 "$tmp/mlir")"
  echo "$line  (wall-s KiB cpu-s)"
done

median() {
  cut -d' ' -f"$2" "$1" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
all() { cut -d' ' -f"$2" "$1" | sort -g | tr '\n' ' '; }

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
