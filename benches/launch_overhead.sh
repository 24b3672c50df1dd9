#!/usr/bin/env bash
# Launch overhead of the CPU backend: median time per launch of an empty
# kernel (<<<1,1>>>, <<<1,256>>>, <<<64,256>>>) through cuwasm_tools::jit.
# Builds the release binary, then runs it. Results: BENCHMARKS.md, "CPU
# launch overhead".
#
# Usage: benches/launch_overhead.sh [SAMPLES] [BATCH]
set -euo pipefail
script=$(basename "$0")
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

echo "== building release binary (launch-overhead)"
cargo build --release -q -p cuwasm-benches --bin launch-overhead
target_dir=$(cargo metadata --format-version 1 --no-deps 2>/dev/null |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
target_dir=${target_dir:-${CARGO_TARGET_DIR:-$root/target}}
bin=$target_dir/release/launch-overhead
[ -x "$bin" ] || { echo "$script: $bin not built" >&2; exit 1; }
"$bin" "$@"
