#!/usr/bin/env bash
# What the e-graph pass (-O2 = -O1 + egraph{target=cpu}) does on the CPU
# path, in one run:
#
#  1. counts:  Cranelift IR instructions (before Cranelift's own optimizer,
#              as `cuwasm-opt --emit=clif` prints them) of every corpus
#              program that runs on the CPU path (cuwasm_tests::CORPUS_RUNS)
#              and of the kernels of benches/cpu_kernels, at -O0, -O1, -O2;
#  2. compile: the compile time of the same programs at each level
#              (frontend + pass pipeline, verified after each pass +
#              Cranelift JIT) and the e-graph pass's share of it at -O2;
#  3. times:   kernel time of benches/cpu_kernels (cpu_vs_gcc, which checks
#              every result) at -O1 and -O2, interleaved (O1, O2, O1, ...),
#              REPS rounds of INNER timed launches; the table gives the
#              medians and the ratio O1 / O2 (above 1: the e-graph pass made
#              the kernel faster) and its geometric mean.
#
# 1 and 2 come from `egraph-cpu` (benches/egraph_cpu.rs), 3 from
# `cpu_vs_gcc` with CUWASM_OPT=1|2.
#
# Usage: benches/egraph_cpu.sh [counts|compile|times]...   (default: all three)
# Env:   REPS=5 INNER=10 KERNELS="saxpy sgemm ..." (default: all seven)
#        SIZES="stencil3d=128 stencil=1024" (override problem sizes)
#        BIN=DIR: take egraph-cpu and cpu_vs_gcc from DIR instead of building
#        them (CARGO_TARGET_DIR is honoured when building)
set -euo pipefail

REPS=${REPS:-5}
INNER=${INNER:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
script=egraph_cpu.sh
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(counts compile times)

if [ -n "${BIN:-}" ]; then
  bin=$BIN
else
  echo "== building release binaries (egraph-cpu, cpu_vs_gcc)"
  cargo build --release -q -p cuwasm-benches
  target_dir=$(cargo metadata --format-version 1 --no-deps 2>/dev/null |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
  bin=${target_dir:-${CARGO_TARGET_DIR:-$root/target}}/release
fi
for b in egraph-cpu cpu_vs_gcc; do
  [ -x "$bin/$b" ] || { echo "$script: $bin/$b not found" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# median: the median of the numbers on stdin.
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

want() { [[ " ${parts[*]} " == *" $1 "* ]]; }

if want counts || want compile; then
  programs=$(sed -n '/^pub const CORPUS_RUNS/,/^];/p' tests/lib.rs |
    grep -o '"[0-9a-z_]*"' | tr -d '"' | sed 's|^|tests/corpus/cuda/|; s|$|.cu|')
  echo "== egraph-cpu: $(echo $programs | wc -w) corpus programs and $(ls benches/cpu_kernels/*.cu | wc -l) kernels, REPS=$REPS compilations each"
  # FILE LEVEL KERNEL_INSTS ALL_INSTS FRONTEND PIPELINE EGRAPH JIT TOTAL
  REPS=$REPS "$bin/egraph-cpu" $programs benches/cpu_kernels/*.cu >"$tmp/egraph"
fi

if want counts; then
  echo
  echo "Cranelift IR instructions, kernels (all functions in the totals):"
  printf '%-28s %7s %7s %7s %9s %9s\n' program -O0 -O1 -O2 "O2/O1" "O2/O0"
  awk '
    { name = $1; sub(/.*\//, "", name); sub(/\.cu$/, "", name)
      if ($1 ~ /cpu_kernels/) name = "bench:" name
      k[name, $2] = $3; a[name, $2] = $4; if (!(name in seen)) { seen[name] = 1; order[++n] = name } }
    END {
      for (i = 1; i <= n; i++) {
        p = order[i]
        printf "%-28s %7d %7d %7d %8.3fx %8.3fx\n", p, k[p, "O0"], k[p, "O1"], k[p, "O2"], k[p, "O2"] / k[p, "O1"], k[p, "O2"] / k[p, "O0"]
        K0 += k[p, "O0"]; K1 += k[p, "O1"]; K2 += k[p, "O2"]
        A0 += a[p, "O0"]; A1 += a[p, "O1"]; A2 += a[p, "O2"]
      }
      printf "%-28s %7d %7d %7d %8.3fx %8.3fx\n", "total, kernels", K0, K1, K2, K2 / K1, K2 / K0
      printf "%-28s %7d %7d %7d %8.3fx %8.3fx\n", "total, all functions", A0, A1, A2, A2 / A1, A2 / A0
    }' "$tmp/egraph"
fi

if want compile; then
  echo
  echo "Compile time (ms, medians of REPS): frontend + pipeline + JIT = total; egraph = the pass at -O2:"
  printf '%-28s %8s %8s %8s %8s %7s\n' program "O0" "O1" "O2" "egraph" share
  awk '
    { name = $1; sub(/.*\//, "", name); sub(/\.cu$/, "", name)
      if ($1 ~ /cpu_kernels/) name = "bench:" name
      t[name, $2] = $9; if ($2 == "O2") e[name] = $7
      if (!(name in seen)) { seen[name] = 1; order[++n] = name } }
    END {
      for (i = 1; i <= n; i++) {
        p = order[i]
        printf "%-28s %8.2f %8.2f %8.2f %8.2f %6.1f%%\n", p, t[p, "O0"], t[p, "O1"], t[p, "O2"], e[p], 100 * e[p] / t[p, "O2"]
        T0 += t[p, "O0"]; T1 += t[p, "O1"]; T2 += t[p, "O2"]; E += e[p]
      }
      printf "%-28s %8.2f %8.2f %8.2f %8.2f %6.1f%%\n", "total", T0, T1, T2, E, 100 * E / T2
    }' "$tmp/egraph"
fi

if want times; then
  source "$root/benches/cpu_kernels/sizes.sh"
  for kv in ${SIZES:-}; do size[${kv%%=*}]=${kv#*=}; done
  kernels=(${KERNELS:-saxpy sgemm stencil reduction transpose histogram stencil3d})
  echo
  echo "== kernel times: $REPS rounds per kernel (-O1, -O2 interleaved), $INNER timed launches per run, $(nproc) cores"
  printf '%-10s %10s %10s %10s %8s\n' kernel size "-O1 (ms)" "-O2 (ms)" "O1/O2"
  : >"$tmp/ratios"
  for k in "${kernels[@]}"; do
    [ -n "${size[$k]:-}" ] || { echo "$script: unknown kernel '$k'" >&2; exit 2; }
    : >"$tmp/o1"
    : >"$tmp/o2"
    for ((i = 1; i <= REPS; i++)); do
      for level in 1 2; do
        CUWASM_OPT=$level "$bin/cpu_vs_gcc" "$k" "${size[$k]}" "$INNER" >>"$tmp/o$level" 2>"$tmp/stderr" || {
          echo "$script: $k at -O$level failed:" >&2
          cat "$tmp/stderr" >&2
          exit 1
        }
      done
    done
    a=$(median <"$tmp/o1")
    b=$(median <"$tmp/o2")
    ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", a / b }')
    echo "$ratio" >>"$tmp/ratios"
    printf '%-10s %10s %10.2f %10.2f %7.3fx\n' "$k" "${size[$k]}" "$a" "$b" "$ratio"
    echo "           all -O1: $(sort -g "$tmp/o1" | tr '\n' ' ')  -O2: $(sort -g "$tmp/o2" | tr '\n' ' ')"
  done
  awk '{ s += log($1) } END { printf "geomean O1/O2: %.3fx over %d kernels\n", exp(s / NR), NR }' "$tmp/ratios"
fi
