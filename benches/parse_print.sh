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

TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
  echo "parse_print.sh: $TIME not found; install GNU time (e.g. 'sudo apt-get install time')" >&2
  exit 1
fi

echo "== building release binaries (cuwasm-opt, gen-mlir)"
cargo build --release -q -p cuwasm-tools -p cuwasm-benches
# Where cargo put them: CARGO_TARGET_DIR, a configured target-dir, or ./target.
target_dir=$(cargo metadata --format-version 1 --no-deps 2>/dev/null |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
target_dir=${target_dir:-${CARGO_TARGET_DIR:-$root/target}}
cuwasm_opt=$target_dir/release/cuwasm-opt
gen_mlir=$target_dir/release/gen-mlir
for b in "$cuwasm_opt" "$gen_mlir"; do
  [ -x "$b" ] || { echo "parse_print.sh: $b not built" >&2; exit 1; }
done

have_mlir=1
if ! command -v "$MLIR_OPT" >/dev/null 2>&1; then
  have_mlir=0
  echo "== $MLIR_OPT not found: measuring cuwasm-opt only (no ratios)"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
file=$tmp/input.mlir
echo "== generating $file: gen-mlir --ops $OPS --seed $SEED"
"$gen_mlir" --ops "$OPS" --seed "$SEED" >"$file"
echo "   $(wc -l <"$file") lines, $(($(wc -c <"$file") / 1024)) KiB"

# run NAME CMD...: one timed run, appends "wall-seconds kib cpu-seconds" to $tmp/NAME.
run() {
  local name=$1
  shift
  if ! "$TIME" -f '%e %M %U %S' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/stderr"; then
    echo "parse_print.sh: '$*' failed:" >&2
    head -5 "$tmp/stderr" >&2
    exit 1
  fi
  tail -1 "$tmp/time" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' >>"$tmp/$name"
}

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

echo "== $REPS timed runs per tool (interleaved)"
: >"$tmp/cuwasm"
: >"$tmp/mlir"
for ((i = 1; i <= REPS; i++)); do
  run cuwasm "${cuwasm_cmd[@]}"
  [ $have_mlir = 1 ] && run mlir "${mlir_cmd[@]}"
  line="   run $i: cuwasm-opt $(tail -1 "$tmp/cuwasm")"
  [ $have_mlir = 1 ] && line="$line   $MLIR_OPT $(tail -1 "$tmp/mlir")"
  echo "$line  (wall-s KiB cpu-s)"
done

# median FILE COLUMN: the median of one column (1: seconds, 2: KiB).
median() {
  cut -d' ' -f"$2" "$1" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
all() { cut -d' ' -f"$2" "$1" | sort -g | tr '\n' ' '; }

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
