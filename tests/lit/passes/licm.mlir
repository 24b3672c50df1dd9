// licm (and its MLIR name loop-invariant-code-motion). Every chunk's output
// was checked against mlir-opt-22 --loop-invariant-code-motion: the same ops
// in the same places (mlir-opt also prints the default properties).

// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(licm))' | FileCheck %s
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(loop-invariant-code-motion))' | FileCheck %s

// Inner loop first, then the outer one: the constant and the muli chain
// leave both loops, the index_cast of the outer induction variable leaves
// the inner loop only; divsi (may trap) and the load stay.
// CHECK-LABEL: sym_name = "nested"
// CHECK: %[[C3:[^ ,)]+]] = "arith.constant"() <{value = 3 : i32}>
// CHECK-NEXT: %[[M:[^ ,)]+]] = "arith.muli"
// CHECK-NEXT: %[[N:[^ ,)]+]] = "arith.addi"(%[[M]], %[[C3]])
// CHECK-NEXT: "scf.for"
// CHECK-NEXT: ^bb0(%[[I:[^ ,)]+]]: index, %{{[^ ,)]+}}: i32):
// CHECK-NEXT: %[[II:[^ ,)]+]] = "arith.index_cast"(%[[I]])
// CHECK-NEXT: %[[Q:[^ ,)]+]] = "arith.addi"(%[[N]], %[[II]])
// CHECK-NEXT: "scf.for"
// CHECK-NEXT: ^bb0(
// CHECK-NEXT: "arith.divsi"
// CHECK-NEXT: "ptr.load"
"func.func"() <{function_type = (index, index, index, i32, i32, !ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "nested"}> ({
^bb0(%lb: index, %ub: index, %st: index, %a: i32, %b: i32, %p: !ptr.ptr<#ptr.generic_space>):
  %z = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %r = "scf.for"(%lb, %ub, %st, %z) ({
  ^bb0(%i: index, %acc: i32):
    %r2 = "scf.for"(%lb, %ub, %st, %acc) ({
    ^bb0(%j: index, %acc2: i32):
      %c = "arith.constant"() <{value = 3 : i32}> : () -> i32
      %m = "arith.muli"(%a, %b) : (i32, i32) -> i32
      %n = "arith.addi"(%m, %c) : (i32, i32) -> i32
      %d = "arith.divsi"(%a, %b) : (i32, i32) -> i32
      %ii = "arith.index_cast"(%i) : (index) -> i32
      %q = "arith.addi"(%n, %ii) : (i32, i32) -> i32
      %v = "ptr.load"(%p) : (!ptr.ptr<#ptr.generic_space>) -> i32
      %s1 = "arith.addi"(%acc2, %q) : (i32, i32) -> i32
      %s2 = "arith.addi"(%s1, %d) : (i32, i32) -> i32
      %s3 = "arith.addi"(%s2, %v) : (i32, i32) -> i32
      "scf.yield"(%s3) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    "scf.yield"(%r2) : (i32) -> ()
  }) : (index, index, index, i32) -> i32
  "func.return"(%r) : (i32) -> ()
}) : () -> ()

// -----

// Both regions of scf.while are loop bodies; an scf.if with a pure body is
// speculatable and leaves too.
// CHECK-LABEL: sym_name = "while"
// CHECK: "arith.muli"
// CHECK-NEXT: "arith.constant"() <{value = 1 : i32}>
// CHECK-NEXT: "arith.cmpi"
// CHECK-NEXT: "scf.if"
// CHECK: "scf.while"
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "while"}> ({
^bb0(%a: i32, %b: i32):
  %z = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %r = "scf.while"(%z) ({
  ^bb0(%x: i32):
    %lim = "arith.muli"(%a, %b) : (i32, i32) -> i32
    %c = "arith.cmpi"(%x, %lim) <{predicate = 2 : i64}> : (i32, i32) -> i1
    "scf.condition"(%c, %x) : (i1, i32) -> ()
  }, {
  ^bb0(%y: i32):
    %one = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %inc = "arith.addi"(%y, %one) : (i32, i32) -> i32
    %c0 = "arith.cmpi"(%a, %b) <{predicate = 0 : i64}> : (i32, i32) -> i1
    %t = "scf.if"(%c0) ({
      %s = "arith.addi"(%a, %b) : (i32, i32) -> i32
      "scf.yield"(%s) : (i32) -> ()
    }, {
      "scf.yield"(%a) : (i32) -> ()
    }) : (i1) -> i32
    %inc2 = "arith.addi"(%inc, %t) : (i32, i32) -> i32
    "scf.yield"(%inc2) : (i32) -> ()
  }) : (i32) -> i32
  "func.return"(%r) : (i32) -> ()
}) : () -> ()

// -----

// Negative: ops that depend on the loop, read or write memory, or may trap
// stay; a loop made of blocks is not a loop op.
// CHECK-LABEL: sym_name = "stays"
// CHECK: "scf.for"
// CHECK-NEXT: ^bb0(
// CHECK-NEXT: "arith.index_cast"
// CHECK-NEXT: "ptr.store"
// CHECK-NEXT: "arith.remsi"
// CHECK: ^bb1:
// CHECK-NEXT: "arith.muli"
"func.func"() <{function_type = (index, i32, i1, !ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "stays"}> ({
^bb0(%n: index, %a: i32, %c: i1, %p: !ptr.ptr<#ptr.generic_space>):
  %c0 = "arith.constant"() <{value = 0 : index}> : () -> index
  %c1 = "arith.constant"() <{value = 1 : index}> : () -> index
  "scf.for"(%c0, %n, %c1) ({
  ^bb0(%i: index):
    %ii = "arith.index_cast"(%i) : (index) -> i32
    "ptr.store"(%ii, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    %r = "arith.remsi"(%a, %a) : (i32, i32) -> i32
    "ptr.store"(%r, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "scf.yield"() : () -> ()
  }) : (index, index, index) -> ()
  "cf.br"()[^bb1] : () -> ()
^bb1:
  %m = "arith.muli"(%a, %a) : (i32, i32) -> i32
  "cf.cond_br"(%c)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^bb2:
  "func.return"(%m) : (i32) -> ()
}) : () -> ()
