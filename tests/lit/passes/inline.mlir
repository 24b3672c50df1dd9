// inline: checked against mlir-opt-22 --inline='default-pipeline=': the same
// output, locations included (mlir-opt also prints default properties).

// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(inline)' | FileCheck %s
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(inline)' --mlir-print-debuginfo | FileCheck %s --check-prefix=LOC

// A single-block callee is cloned in place of each call; the private callee
// is then dead and erased, as is a private function nothing ever called.
// CHECK-LABEL: "builtin.module"() ({
// CHECK-NOT: sym_name = "add"
// CHECK-NOT: sym_name = "never_called"
// CHECK-LABEL: sym_name = "twice"
// CHECK-NEXT: ^bb0(%[[A:[^ ,)]+]]: i32):
// CHECK-NEXT: %[[X:[^ ,)]+]] = "arith.addi"(%[[A]], %[[A]])
// CHECK-NEXT: %[[Y:[^ ,)]+]] = "arith.addi"(%[[X]], %[[A]])
// CHECK-NEXT: "func.return"(%[[Y]])
// LOC: "arith.addi"(%{{[^ ,)]+}}, %{{[^ ,)]+}}) : (i32, i32) -> i32 loc(callsite("callee.mlir":2:3 at "caller.mlir":7:5))
"func.func"() <{function_type = (i32) -> i32, sym_name = "never_called", sym_visibility = "private"}> ({
^bb0(%a: i32):
  "func.return"(%a) : (i32) -> ()
}) : () -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "add", sym_visibility = "private"}> ({
^bb0(%a: i32, %b: i32):
  %0 = "arith.addi"(%a, %b) : (i32, i32) -> i32 loc("callee.mlir":2:3)
  "func.return"(%0) : (i32) -> ()
}) : () -> ()
"func.func"() <{function_type = (i32) -> i32, sym_name = "twice"}> ({
^bb0(%a: i32):
  %0 = "func.call"(%a, %a) <{callee = @add}> : (i32, i32) -> i32 loc("caller.mlir":7:5)
  %1 = "func.call"(%0, %a) <{callee = @add}> : (i32, i32) -> i32
  "func.return"(%1) : (i32) -> ()
}) : () -> ()

// -----

// A multi-block callee splits the caller's block: its entry block joins the
// caller's, its returns branch to the rest, which receives the result. It
// is not inlined into a single-block region (the scf.for body). A public
// callee is inlined and kept.
// CHECK-LABEL: sym_name = "abs"
// CHECK-LABEL: sym_name = "use_abs"
// CHECK-NEXT: ^bb0(%[[A:[^ ,)]+]]: i32):
// CHECK-NEXT: %[[Z:[^ ,)]+]] = "arith.constant"() <{value = 0 : i32}>
// CHECK-NEXT: %[[C:[^ ,)]+]] = "arith.cmpi"(%[[A]], %[[Z]])
// CHECK-NEXT: "cf.cond_br"(%[[C]])[^bb1, ^bb2]
// CHECK-NEXT: ^bb1:
// CHECK-NEXT: %[[N:[^ ,)]+]] = "arith.subi"(%[[Z]], %[[A]])
// CHECK-NEXT: "cf.br"(%[[N]])[^bb3]
// CHECK-NEXT: ^bb2:
// CHECK-NEXT: "cf.br"(%[[A]])[^bb3]
// CHECK-NEXT: ^bb3(%[[R:[^ ,)]+]]: i32):  // 2 preds: ^bb1, ^bb2
// CHECK-NEXT: %[[M:[^ ,)]+]] = "arith.muli"(%[[R]], %[[R]])
// CHECK-NEXT: "func.return"(%[[M]])
// CHECK-LABEL: sym_name = "in_loop"
// CHECK: "func.call"(%{{[^ ,)]+}}) <{callee = @abs}>
// CHECK-LABEL: sym_name = "public_callee"
// CHECK-LABEL: sym_name = "use_public"
// CHECK-NEXT: ^bb0(%[[P:[^ ,)]+]]: i32):
// CHECK-NEXT: "func.return"(%[[P]])
"func.func"() <{function_type = (i32) -> i32, sym_name = "abs", sym_visibility = "private"}> ({
^bb0(%a: i32):
  %z = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %c = "arith.cmpi"(%a, %z) <{predicate = 2 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%c)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^bb1:
  %n = "arith.subi"(%z, %a) : (i32, i32) -> i32
  "func.return"(%n) : (i32) -> ()
^bb2:
  "func.return"(%a) : (i32) -> ()
}) : () -> ()
"func.func"() <{function_type = (i32) -> i32, sym_name = "use_abs"}> ({
^bb0(%a: i32):
  %0 = "func.call"(%a) <{callee = @abs}> : (i32) -> i32
  %1 = "arith.muli"(%0, %0) : (i32, i32) -> i32
  "func.return"(%1) : (i32) -> ()
}) : () -> ()
"func.func"() <{function_type = (index, i32) -> i32, sym_name = "in_loop"}> ({
^bb0(%n: index, %a: i32):
  %c0 = "arith.constant"() <{value = 0 : index}> : () -> index
  %c1 = "arith.constant"() <{value = 1 : index}> : () -> index
  %r = "scf.for"(%c0, %n, %c1, %a) ({
  ^bb0(%i: index, %acc: i32):
    %0 = "func.call"(%acc) <{callee = @abs}> : (i32) -> i32
    "scf.yield"(%0) : (i32) -> ()
  }) : (index, index, index, i32) -> i32
  "func.return"(%r) : (i32) -> ()
}) : () -> ()
"func.func"() <{function_type = (i32) -> i32, sym_name = "public_callee"}> ({
^bb0(%a: i32):
  "func.return"(%a) : (i32) -> ()
}) : () -> ()
"func.func"() <{function_type = (i32) -> i32, sym_name = "use_public"}> ({
^bb0(%a: i32):
  %0 = "func.call"(%a) <{callee = @public_callee}> : (i32) -> i32
  "func.return"(%0) : (i32) -> ()
}) : () -> ()

// -----

// Negative: recursive callees (self or mutual), declarations and no_inline
// (on the call or the callee) are never inlined.
// CHECK-LABEL: sym_name = "fact"
// CHECK: "func.call"(%{{[^ ,)]+}}) <{callee = @fact}>
// CHECK-LABEL: sym_name = "even"
// CHECK: <{callee = @odd}>
// CHECK-LABEL: sym_name = "odd"
// CHECK: <{callee = @even}>
// CHECK-LABEL: sym_name = "ext"
// CHECK-LABEL: sym_name = "keep"
// CHECK-LABEL: sym_name = "user"
// CHECK: <{callee = @fact}>
// CHECK: <{callee = @even}>
// CHECK: <{callee = @ext}>
// CHECK: <{callee = @keep}>
// CHECK: <{callee = @sq, no_inline}>
"func.func"() <{function_type = (i32) -> i32, sym_name = "fact", sym_visibility = "private"}> ({
^bb0(%a: i32):
  %0 = "func.call"(%a) <{callee = @fact}> : (i32) -> i32
  "func.return"(%0) : (i32) -> ()
}) : () -> ()
"func.func"() <{function_type = (i32) -> i32, sym_name = "even", sym_visibility = "private"}> ({
^bb0(%a: i32):
  %0 = "func.call"(%a) <{callee = @odd}> : (i32) -> i32
  "func.return"(%0) : (i32) -> ()
}) : () -> ()
"func.func"() <{function_type = (i32) -> i32, sym_name = "odd", sym_visibility = "private"}> ({
^bb0(%a: i32):
  %0 = "func.call"(%a) <{callee = @even}> : (i32) -> i32
  "func.return"(%0) : (i32) -> ()
}) : () -> ()
"func.func"() <{function_type = (i32) -> i32, sym_name = "ext", sym_visibility = "private"}> ({
}) : () -> ()
"func.func"() <{function_type = (i32) -> i32, no_inline, sym_name = "keep", sym_visibility = "private"}> ({
^bb0(%a: i32):
  "func.return"(%a) : (i32) -> ()
}) : () -> ()
"func.func"() <{function_type = (i32) -> i32, sym_name = "sq", sym_visibility = "private"}> ({
^bb0(%a: i32):
  %0 = "arith.muli"(%a, %a) : (i32, i32) -> i32
  "func.return"(%0) : (i32) -> ()
}) : () -> ()
"func.func"() <{function_type = (i32) -> i32, sym_name = "user"}> ({
^bb0(%a: i32):
  %0 = "func.call"(%a) <{callee = @fact}> : (i32) -> i32
  %1 = "func.call"(%0) <{callee = @even}> : (i32) -> i32
  %2 = "func.call"(%1) <{callee = @ext}> : (i32) -> i32
  %3 = "func.call"(%2) <{callee = @keep}> : (i32) -> i32
  %4 = "func.call"(%3) <{callee = @sq, no_inline}> : (i32) -> i32
  "func.return"(%4) : (i32) -> ()
}) : () -> ()

// -----

// Negative: inline runs on builtin.module only; bad options are refused.
// RUN: not cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(inline))' 2>&1 | FileCheck %s --check-prefix=ANCHOR
// ANCHOR: error: the pass 'inline' runs on 'builtin.module' ops but is nested under 'func.func'
// RUN: not cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(inline{max-iterations=0})' 2>&1 | FileCheck %s --check-prefix=OPT
// OPT: option 'max-iterations' must be at least 1, got 0
"func.func"() <{function_type = () -> (), sym_name = "f"}> ({
  "func.return"() : () -> ()
}) : () -> ()
