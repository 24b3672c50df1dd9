// The driver's conventions: stdin when no file, -o, --list-passes, short-form
// passes with options.

// RUN: cuwasm-opt < %s | FileCheck %s --check-prefix=STDIN
// STDIN: "func.func"() <{function_type = () -> (), sym_name = "f"}> ({

// RUN: cuwasm-opt %s -o %t && FileCheck %s --input-file=%t --check-prefix=STDIN

// RUN: cuwasm-opt --list-passes | FileCheck %s --check-prefix=LIST
// LIST: Available passes:
// LIST: canonicalize
// LIST: cse
// LIST: inline
// LIST-NEXT: (runs on 'builtin.module')
// LIST: loop-unroll
// LIST: factor=<int>
// LIST: symbol-dce

// RUN: cuwasm-opt %s --test-mark=tag=9 --test-mark='tag=9 warn' 2>&1 | FileCheck %s --check-prefix=SHORT
// SHORT: warning: test-mark ran on 'builtin.module'
// SHORT: {test.mark = 9 : i64}

// RUN: not cuwasm-opt %s --no-such-flag 2>&1 | FileCheck %s --check-prefix=FLAG
// FLAG: error: unexpected argument '--no-such-flag' found

"func.func"() <{function_type = () -> (), sym_name = "f"}> ({
  "func.return"() : () -> ()
}) : () -> ()
