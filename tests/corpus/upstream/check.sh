#!/usr/bin/env bash
# Checks every *.mlir file of this upstream corpus against the real MLIR tool:
#   1. `mlir-opt-22 --verify-each FILE` accepts it (no --allow-unregistered-dialect);
#   2. the file is a fixed point of the generic printer: its content minus the
#      leading `// ` comment line equals what
#        mlir-opt-22 --mlir-print-op-generic --mlir-print-local-scope FILE
#      prints (plus --mlir-print-debuginfo when the file contains " loc("),
#      ignoring the one trailing blank line mlir-opt adds after the module.
# Usage: check.sh [file.mlir...]   (default: every *.mlir next to this script)
# Env:   MLIR_OPT=path/to/mlir-opt (default mlir-opt-22)
set -u
MLIR_OPT=${MLIR_OPT:-mlir-opt-22}
dir=$(cd "$(dirname "$0")" && pwd)
if ! command -v "$MLIR_OPT" >/dev/null 2>&1; then
  echo "check.sh: $MLIR_OPT not found; skipping" >&2
  exit 0
fi
if [ $# -eq 0 ]; then set -- "$dir"/*.mlir; fi
fail=0
for f in "$@"; do
  name=$(basename "$f")
  if ! head -1 "$f" | grep -q '^// '; then
    echo "FAIL $name: first line is not a '// ' comment"; fail=1; continue
  fi
  if ! err=$("$MLIR_OPT" --verify-each "$f" -o /dev/null 2>&1); then
    echo "FAIL $name: rejected by $MLIR_OPT --verify-each"
    printf '%s\n' "$err" | head -5 | sed 's/^/    /'
    fail=1; continue
  fi
  flags=(--mlir-print-op-generic --mlir-print-local-scope)
  if grep -q ' loc(' "$f"; then flags+=(--mlir-print-debuginfo); fi
  # $(...) strips trailing newlines on both sides, so the trailing blank line
  # of mlir-opt's output and the file's final newline do not matter.
  expected=$(tail -n +2 "$f")
  actual=$("$MLIR_OPT" "${flags[@]}" "$f" 2>&1)
  if [ "$expected" != "$actual" ]; then
    echo "FAIL $name: not a fixed point of ${flags[*]}"
    diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") | head -10 | sed 's/^/    /'
    fail=1; continue
  fi
  echo "ok   $name"
done
exit $fail
