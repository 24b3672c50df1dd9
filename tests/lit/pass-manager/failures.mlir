// A failing pass stops the pipeline with a located error and a reproducer;
// IR that no longer verifies after a pass names the pass.

// RUN: not cuwasm-opt %s --pass-pipeline='builtin.module(func.func(test-mark,test-fail{message=boom}),test-mark)' --mlir-pass-pipeline-crash-reproducer=%t 2>&1 | FileCheck %s --check-prefix=FAIL
// FAIL: failures.mlir:[[LINE:[0-9]+]]:1: error: 'func.func' op boom
// FAIL: failures.mlir:[[LINE]]:1: note: a reproducer was written to {{.*}}: cuwasm-opt {{.*}} --pass-pipeline='builtin.module(func.func(test-mark{tag=1 warn=false},test-fail{message=boom}))'
// FAIL-NOT: "builtin.module"
// RUN: FileCheck %s --input-file=%t --check-prefix=REPRO
// REPRO: // RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(test-mark{tag=1 warn=false},test-fail{message=boom}))'
// REPRO: "func.func"() <{function_type = () -> (), sym_name = "f"}> ({
// REPRO-NOT: {{[{] ?test[.]mark}}

// RUN: not cuwasm-opt %s --pass-pipeline='builtin.module(func.func(test-break-ir))' 2>&1 | FileCheck %s --check-prefix=VERIFY
// VERIFY: error: 'func.func' op has an empty block: expected at least a terminator
// VERIFY: note: the IR does not verify after the pass 'test-break-ir'

// RUN: cuwasm-opt %s --no-verify-each --pass-pipeline='builtin.module(func.func(test-break-ir))' | FileCheck %s --check-prefix=NOVERIFY
// NOVERIFY: sym_name = "f"
// NOVERIFY-NOT: func.return

"func.func"() <{function_type = () -> (), sym_name = "f"}> ({
  "func.return"() : () -> ()
}) : () -> ()
