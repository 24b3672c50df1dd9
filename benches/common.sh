# Shared by the side-by-side benchmark scripts (sourced, not run): building
# the release binaries, timed runs under GNU time, and medians.
#
# Expects: $root (the repository), $script (the caller's name, for messages).
# Sets:    cuwasm_opt, gen_mlir, have_mlir (MLIR_OPT found: 1 or 0), tmp.

TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
  echo "$script: $TIME not found; install GNU time (e.g. 'sudo apt-get install time')" >&2
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
  [ -x "$b" ] || { echo "$script: $b not built" >&2; exit 1; }
done

have_mlir=1
if ! command -v "$MLIR_OPT" >/dev/null 2>&1; then
  have_mlir=0
  echo "== $MLIR_OPT not found: measuring cuwasm-opt only (no ratios)"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run NAME CMD...: one timed run, appends "wall-seconds kib cpu-seconds" to $tmp/NAME.
run() {
  local name=$1
  shift
  if ! "$TIME" -f '%e %M %U %S' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/stderr"; then
    echo "$script: '$*' failed:" >&2
    head -5 "$tmp/stderr" >&2
    exit 1
  fi
  tail -1 "$tmp/time" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' >>"$tmp/$name"
}

# timed_runs: REPS interleaved runs of "${cuwasm_cmd[@]}" and (if present)
# "${mlir_cmd[@]}", recorded in $tmp/cuwasm and $tmp/mlir.
timed_runs() {
  echo "== $REPS timed runs per tool (interleaved)"
  : >"$tmp/cuwasm"
  : >"$tmp/mlir"
  local i line
  for ((i = 1; i <= REPS; i++)); do
    run cuwasm "${cuwasm_cmd[@]}"
    [ "$have_mlir" = 1 ] && run mlir "${mlir_cmd[@]}"
    line="   run $i: cuwasm-opt $(tail -1 "$tmp/cuwasm")"
    [ "$have_mlir" = 1 ] && line="$line   $MLIR_OPT $(tail -1 "$tmp/mlir")"
    echo "$line  (wall-s KiB cpu-s)"
  done
}

# median FILE COLUMN: the median of one column (1: seconds, 2: KiB, 3: CPU seconds).
median() {
  cut -d' ' -f"$2" "$1" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
# all FILE COLUMN: every value of a column, sorted.
all() { cut -d' ' -f"$2" "$1" | sort -g | tr '\n' ' '; }
