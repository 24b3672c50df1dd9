// IR dumps, timing and statistics go to stderr; the output is unchanged.

// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(test-mark{tag=2}),test-mark{tag=1})' --print-ir-before=test-mark 2>&1 >/dev/null | FileCheck %s --check-prefix=BEFORE
// BEFORE: // -----// IR Dump Before test-mark ('func.func' operation: @f) //----- //
// BEFORE-NEXT: "func.func"() <{function_type = () -> (), sym_name = "f"}> ({
// BEFORE-NOT: test.mark
// BEFORE: // -----// IR Dump Before test-mark ('builtin.module' operation) //----- //
// BEFORE: }) {test.mark = 2 : i64} : () -> ()

// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(test-mark{tag=2}),test-mark{tag=1})' --print-ir-after-all 2>&1 >/dev/null | FileCheck %s --check-prefix=AFTER
// AFTER: // -----// IR Dump After test-mark ('func.func' operation: @f) //----- //
// AFTER: }) {test.mark = 2 : i64} : () -> ()
// AFTER: // -----// IR Dump After test-mark ('builtin.module' operation) //----- //
// AFTER: }) {test.mark = 1 : i64} : () -> ()

// The second run of test-mark with the same tag changes nothing: not printed.
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(test-mark{tag=3},test-mark{tag=3},test-mark{tag=4})' --print-ir-after-change 2>&1 >/dev/null | FileCheck %s --check-prefix=CHANGE
// CHANGE-COUNT-2: IR Dump After test-mark
// CHANGE-NOT: IR Dump After
// CHANGE: {test.mark = 4 : i64}

// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(test-mark),test-mark)' --timing 2>&1 >/dev/null | FileCheck %s --check-prefix=TIMING
// TIMING: ... Execution time report ...
// TIMING: Total Execution Time: {{[0-9.]+}} seconds
// TIMING: {{[0-9.]+}} ({{ *[0-9.]+}}%) 2 test-mark ('func.func')
// TIMING: {{[0-9.]+}} ({{ *[0-9.]+}}%) 1 test-mark ('builtin.module')

// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(test-mark))' --pass-statistics 2>&1 >/dev/null | FileCheck %s --check-prefix=STATS
// STATS: ... Pass statistics report ...
// STATS: test-mark ('builtin.module' > 'func.func')
// STATS-NEXT: (num-marked) 2

"func.func"() <{function_type = () -> (), sym_name = "f"}> ({
  "func.return"() : () -> ()
}) : () -> ()
"func.func"() <{function_type = () -> (), sym_name = "g"}> ({
  "func.return"() : () -> ()
}) : () -> ()
