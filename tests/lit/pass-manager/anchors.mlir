// Nested pipelines run on the ops they anchor on; an anchor that matches
// nothing is a warning, or an error under --strict-pipeline.

// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(test-mark{tag=2}),test-mark{tag=1})' | FileCheck %s
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(any(test-mark{tag=2}),test-mark{tag=1})' | FileCheck %s
// RUN: cuwasm-opt %s --mlir-disable-threading --pass-pipeline='builtin.module(func.func(test-mark{tag=2}),test-mark{tag=1})' | FileCheck %s
// CHECK-LABEL: "builtin.module"() ({
// CHECK: sym_name = "f"
// CHECK: }) {test.mark = 2 : i64} : () -> ()
// CHECK: sym_name = "g"
// CHECK: }) {test.mark = 2 : i64} : () -> ()
// CHECK-NEXT: }) {test.mark = 1 : i64} : () -> ()

// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(gpu.module(test-mark))' 2>&1 | FileCheck %s --check-prefix=WARN
// WARN: warning: the pipeline anchor 'gpu.module' (column 16 of the pipeline) matched no operation
// WARN: "builtin.module"() ({

// RUN: not cuwasm-opt %s --strict-pipeline --pass-pipeline='builtin.module(gpu.module(test-mark))' 2>&1 | FileCheck %s --check-prefix=STRICT
// STRICT: error: the pipeline anchor 'gpu.module' (column 16 of the pipeline) matched no operation
// STRICT-NOT: "builtin.module"

// RUN: not cuwasm-opt %s --pass-pipeline='builtin.module(func.func(func.return(test-mark)))' 2>&1 | FileCheck %s --check-prefix=ISOLATED
// ISOLATED: anchors.mlir:{{[0-9]+}}:3: error: 'func.return' op cannot run a nested pipeline on 'func.return': it is not isolated from above

"func.func"() <{function_type = () -> (), sym_name = "f"}> ({
  "func.return"() : () -> ()
}) : () -> ()
"func.func"() <{function_type = () -> (), sym_name = "g"}> ({
  "func.return"() : () -> ()
}) : () -> ()
