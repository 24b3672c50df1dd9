// A module that does not verify: a located error with the source line and a
// caret, a note at the definition, exit status 1 and nothing on stdout.

// RUN: not cuwasm-opt %s 2>&1 | FileCheck %s
// RUN: not cuwasm-opt %s 2>/dev/null | FileCheck %s --check-prefix=STDOUT --allow-empty

// CHECK:      verify-error.mlir:16:8: error: 'arith.addi' op operand #0 does not dominate this use
// CHECK-NEXT: %0 = "arith.addi"(%1, %1) : (i32, i32) -> i32
// CHECK-NEXT: {{^}} ^{{$}}
// CHECK-NEXT: verify-error.mlir:17:8: note: operand defined here
// CHECK-NOT:  error

// STDOUT-NOT: {{.}}

"func.func"() <{function_type = () -> (), sym_name = "f"}> ({
  %0 = "arith.addi"(%1, %1) : (i32, i32) -> i32
  %1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  "func.return"() : () -> ()
}) : () -> ()
