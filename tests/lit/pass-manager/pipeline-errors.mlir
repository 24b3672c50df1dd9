// Errors in the pipeline text: located with a caret, closest names suggested.

// RUN: not cuwasm-opt %s --pass-pipeline='builtin.module(func.func(test-mrk))' 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: <pass-pipeline>:1:26: error: unknown pass 'test-mrk'; did you mean 'test-mark'?
// UNKNOWN-NEXT: builtin.module(func.func(test-mrk))
// UNKNOWN-NEXT: {{^}}                         ^

// RUN: not cuwasm-opt %s --pass-pipeline='builtin.module(test-mark{tg=1})' 2>&1 | FileCheck %s --check-prefix=OPTION
// OPTION: error: pass 'test-mark': unknown option 'tg'; did you mean 'tag'? (options: tag, warn)

// RUN: not cuwasm-opt %s --pass-pipeline='builtin.module(test-mark{tag=x})' 2>&1 | FileCheck %s --check-prefix=VALUE
// VALUE: error: pass 'test-mark': option 'tag' expects an integer, got 'x'

// RUN: not cuwasm-opt %s --pass-pipeline='builtin.module(func.func(test-mark)' 2>&1 | FileCheck %s --check-prefix=SYNTAX
// SYNTAX: <pass-pipeline>:1:36: error: expected ',' or ')' to close the 'builtin.module(' pipeline

// RUN: not cuwasm-opt %s --pass-pipeline='test-mark' 2>&1 | FileCheck %s --check-prefix=UNANCHORED
// UNANCHORED: error: a pipeline must be one op-anchored list, such as 'builtin.module(canonicalize,cse)'

// RUN: not cuwasm-opt %s --pass-pipeline='func.func(test-mark)' 2>&1 | FileCheck %s --check-prefix=ROOT
// ROOT: error: 'builtin.module' op the pipeline is anchored on 'func.func' but runs on 'builtin.module'

// RUN: not cuwasm-opt %s --test-mark --pass-pipeline='builtin.module(test-mark)' 2>&1 | FileCheck %s --check-prefix=BOTH
// BOTH: error: give the passes either with --pass-pipeline or one by one, not both

// RUN: not cuwasm-opt %s --print-ir-after=cse2 --pass-pipeline='builtin.module(test-mark)' 2>&1 | FileCheck %s --check-prefix=PRINT
// PRINT: error: --print-ir-before/after: unknown pass 'cse2'

// RUN: not cuwasm-opt %s --pass-pipeline='builtin.module(func.func(inline))' 2>&1 | FileCheck %s --check-prefix=ANCHOR
// ANCHOR: <pass-pipeline>:1:26: error: the pass 'inline' runs on 'builtin.module' ops but is nested under 'func.func'

// RUN: not cuwasm-opt %s --pass-pipeline='builtin.module(any(inline))' 2>&1 | FileCheck %s --check-prefix=ANY
// ANY: error: 'func.func' op the pass 'inline' runs on 'builtin.module' ops, not on 'func.func'

"func.func"() <{function_type = () -> (), sym_name = "f"}> ({
  "func.return"() : () -> ()
}) : () -> ()
