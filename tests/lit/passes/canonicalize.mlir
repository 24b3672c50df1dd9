// Canonicalization with MLIR 22's folders and arith patterns. Each chunk's
// output was checked against mlir-opt-22 --canonicalize: the same ops
// (constants may come in another order).

// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(canonicalize))' | FileCheck %s

// Folds: x+0, x*1 -> x; x*0, x-x, x^x -> 0; x^0, x|0 -> x.
// CHECK-LABEL: sym_name = "identities"
// CHECK-NEXT: ^bb0(%arg0: i32):
// CHECK-NEXT: %0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
// CHECK-NEXT: "func.return"(%arg0, %0, %0, %0, %arg0) : (i32, i32, i32, i32, i32) -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (i32) -> (i32, i32, i32, i32, i32), sym_name = "identities"}> ({
^bb0(%x: i32):
  %c0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %0 = "arith.addi"(%x, %c0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %1 = "arith.muli"(%0, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %2 = "arith.muli"(%x, %c0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %3 = "arith.subi"(%x, %x) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %4 = "arith.xori"(%x, %c0) : (i32, i32) -> i32
  %5 = "arith.xori"(%x, %x) : (i32, i32) -> i32
  %6 = "arith.ori"(%4, %c0) : (i32, i32) -> i32
  "func.return"(%1, %2, %3, %5, %6) : (i32, i32, i32, i32, i32) -> ()
}) : () -> ()

// -----

// Constant operands fold; a commutative op gets its constant on the right.
// CHECK-LABEL: sym_name = "constants_fold_and_move_right"
// CHECK-NEXT: ^bb0(%arg0: i32):
// CHECK-NEXT: %0 = "arith.constant"() <{value = 6 : i32}> : () -> i32
// CHECK-NEXT: %1 = "arith.constant"() <{value = 42 : i32}> : () -> i32
// CHECK-NEXT: %2 = "arith.addi"(%arg0, %0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: "func.return"(%1, %2) : (i32, i32) -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (i32) -> (i32, i32), sym_name = "constants_fold_and_move_right"}> ({
^bb0(%x: i32):
  %c6 = "arith.constant"() <{value = 6 : i32}> : () -> i32
  %c7 = "arith.constant"() <{value = 7 : i32}> : () -> i32
  %0 = "arith.muli"(%c6, %c7) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %1 = "arith.addi"(%c6, %x) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "func.return"(%0, %1) : (i32, i32) -> ()
}) : () -> ()

// -----

// AddIAddConstant (overflow flags intersected), AddISubConstantRHS/LHS, MulIMulIConstant.
// CHECK-LABEL: sym_name = "addi_chains"
// CHECK-NEXT: ^bb0(%arg0: i32):
// CHECK-NEXT: %0 = "arith.constant"() <{value = 10 : i32}> : () -> i32
// CHECK-NEXT: %1 = "arith.constant"() <{value = 6 : i32}> : () -> i32
// CHECK-NEXT: %2 = "arith.constant"() <{value = 4 : i32}> : () -> i32
// CHECK-NEXT: %3 = "arith.constant"() <{value = 3 : i32}> : () -> i32
// CHECK-NEXT: %4 = "arith.addi"(%arg0, %3) <{overflowFlags = #arith.overflow<nsw>}> : (i32, i32) -> i32
// CHECK-NEXT: %5 = "arith.addi"(%arg0, %2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: %6 = "arith.subi"(%1, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: %7 = "arith.muli"(%arg0, %0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: "func.return"(%4, %5, %6, %7) : (i32, i32, i32, i32) -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (i32) -> (i32, i32, i32, i32), sym_name = "addi_chains"}> ({
^bb0(%x: i32):
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %c2 = "arith.constant"() <{value = 2 : i32}> : () -> i32
  %c5 = "arith.constant"() <{value = 5 : i32}> : () -> i32
  %0 = "arith.addi"(%x, %c1) <{overflowFlags = #arith.overflow<nsw, nuw>}> : (i32, i32) -> i32
  %1 = "arith.addi"(%0, %c2) <{overflowFlags = #arith.overflow<nsw>}> : (i32, i32) -> i32
  %2 = "arith.subi"(%x, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %3 = "arith.addi"(%2, %c5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %4 = "arith.subi"(%c1, %x) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %5 = "arith.addi"(%4, %c5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %6 = "arith.muli"(%x, %c2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %7 = "arith.muli"(%6, %c5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "func.return"(%1, %3, %5, %7) : (i32, i32, i32, i32) -> ()
}) : () -> ()

// -----

// SubIRHSAddConstant, SubILHSAddConstant, SubIRHSSubConstantRHS/LHS, SubILHSSubConstantRHS/LHS.
// CHECK-LABEL: sym_name = "subi_chains"
// CHECK-NEXT: ^bb0(%arg0: i32):
// CHECK-NEXT: %0 = "arith.constant"() <{value = 7 : i32}> : () -> i32
// CHECK-NEXT: %1 = "arith.constant"() <{value = -3 : i32}> : () -> i32
// CHECK-NEXT: %2 = "arith.constant"() <{value = 3 : i32}> : () -> i32
// CHECK-NEXT: %3 = "arith.addi"(%arg0, %2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: %4 = "arith.subi"(%1, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: %5 = "arith.subi"(%arg0, %0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: %6 = "arith.subi"(%2, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: %7 = "arith.addi"(%arg0, %1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: "func.return"(%3, %4, %5, %6, %7) : (i32, i32, i32, i32, i32) -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (i32) -> (i32, i32, i32, i32, i32), sym_name = "subi_chains"}> ({
^bb0(%x: i32):
  %c2 = "arith.constant"() <{value = 2 : i32}> : () -> i32
  %c5 = "arith.constant"() <{value = 5 : i32}> : () -> i32
  %0 = "arith.addi"(%x, %c5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %1 = "arith.subi"(%0, %c2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %2 = "arith.subi"(%c2, %0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %3 = "arith.subi"(%x, %c5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %4 = "arith.subi"(%3, %c2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %5 = "arith.subi"(%c5, %x) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %6 = "arith.subi"(%5, %c2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %7 = "arith.subi"(%c5, %3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %8 = "arith.subi"(%c2, %5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "func.return"(%1, %2, %4, %6, %8) : (i32, i32, i32, i32, i32) -> ()
}) : () -> ()

// -----

// addi(subi(a, b), b) -> a; subi(addi(a, b), a) -> b; SubISubILHSRHSLHS; AddIMulNegativeOneRhs/Lhs; (a * b) / b -> a with nsw.
// CHECK-LABEL: sym_name = "add_sub_pairs"
// CHECK-NEXT: ^bb0(%arg0: i32, %arg1: i32):
// CHECK-NEXT: %0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
// CHECK-NEXT: %1 = "arith.subi"(%0, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: %2 = "arith.subi"(%arg0, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: "func.return"(%arg0, %arg1, %1, %2, %arg0, %arg0) : (i32, i32, i32, i32, i32, i32) -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (i32, i32) -> (i32, i32, i32, i32, i32, i32), sym_name = "add_sub_pairs"}> ({
^bb0(%a: i32, %b: i32):
  %cm1 = "arith.constant"() <{value = -1 : i32}> : () -> i32
  %0 = "arith.subi"(%a, %b) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %1 = "arith.addi"(%0, %b) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %2 = "arith.addi"(%a, %b) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %3 = "arith.subi"(%2, %a) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %4 = "arith.subi"(%0, %a) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %5 = "arith.muli"(%b, %cm1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %6 = "arith.addi"(%a, %5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %7 = "arith.addi"(%5, %2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %8 = "arith.muli"(%a, %b) <{overflowFlags = #arith.overflow<nsw>}> : (i32, i32) -> i32
  %9 = "arith.divsi"(%8, %b) : (i32, i32) -> i32
  "func.return"(%1, %3, %4, %6, %7, %9) : (i32, i32, i32, i32, i32, i32) -> ()
}) : () -> ()

// -----

// select folds (equal operands, constant condition, i1 true/false, cmpi eq), SelectNotCond, RedundantSelectTrue/False, SelectI1ToNot, SelectToExtUI.
// CHECK-LABEL: sym_name = "selects"
// CHECK-NEXT: ^bb0(%arg0: i1, %arg1: i32, %arg2: i32):
// CHECK-NEXT: %0 = "arith.constant"() <{value = true}> : () -> i1
// CHECK-NEXT: %1 = "arith.constant"() <{value = 0 : i32}> : () -> i32
// CHECK-NEXT: %2 = "arith.constant"() <{value = 1 : i32}> : () -> i32
// CHECK-NEXT: %3 = "arith.select"(%arg0, %arg2, %arg1) : (i1, i32, i32) -> i32
// CHECK-NEXT: %4 = "arith.select"(%arg0, %arg1, %1) : (i1, i32, i32) -> i32
// CHECK-NEXT: %5 = "arith.select"(%arg0, %2, %arg2) : (i1, i32, i32) -> i32
// CHECK-NEXT: %6 = "arith.xori"(%arg0, %0) : (i1, i1) -> i1
// CHECK-NEXT: %7 = "arith.extui"(%arg0) : (i1) -> i32
// CHECK-NEXT: %8 = "arith.xori"(%arg0, %0) : (i1, i1) -> i1
// CHECK-NEXT: %9 = "arith.extui"(%8) : (i1) -> i32
// CHECK-NEXT: "func.return"(%arg1, %arg1, %arg0, %arg2, %3, %4, %5, %6, %7, %9) : (i32, i32, i1, i32, i32, i32, i32, i1, i32, i32) -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (i1, i32, i32) -> (i32, i32, i1, i32, i32, i32, i32, i1, i32, i32), sym_name = "selects"}> ({
^bb0(%c: i1, %a: i32, %b: i32):
  %true = "arith.constant"() <{value = true}> : () -> i1
  %false = "arith.constant"() <{value = false}> : () -> i1
  %c0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %0 = "arith.select"(%c, %a, %a) : (i1, i32, i32) -> i32
  %1 = "arith.select"(%true, %a, %b) : (i1, i32, i32) -> i32
  %2 = "arith.select"(%c, %true, %false) : (i1, i1, i1) -> i1
  %eq = "arith.cmpi"(%a, %b) <{predicate = 0 : i64}> : (i32, i32) -> i1
  %3 = "arith.select"(%eq, %a, %b) : (i1, i32, i32) -> i32
  %not = "arith.xori"(%c, %true) : (i1, i1) -> i1
  %4 = "arith.select"(%not, %a, %b) : (i1, i32, i32) -> i32
  %5 = "arith.select"(%c, %a, %b) : (i1, i32, i32) -> i32
  %6 = "arith.select"(%c, %5, %c0) : (i1, i32, i32) -> i32
  %7 = "arith.select"(%c, %c1, %5) : (i1, i32, i32) -> i32
  %8 = "arith.select"(%c, %false, %true) : (i1, i1, i1) -> i1
  %9 = "arith.select"(%c, %c1, %c0) : (i1, i32, i32) -> i32
  %10 = "arith.select"(%c, %c0, %c1) : (i1, i32, i32) -> i32
  "func.return"(%0, %1, %2, %3, %4, %6, %7, %8, %9, %10) : (i32, i32, i1, i32, i32, i32, i32, i1, i32, i32) -> ()
}) : () -> ()

// -----

// cmpi of equal operands, constant moved right (predicate swapped), XOrINotCmpI, CmpIExtUI, extui(i1) != 0.
// CHECK-LABEL: sym_name = "comparisons"
// CHECK-NEXT: ^bb0(%arg0: i32, %arg1: i32, %arg2: i16, %arg3: i16, %arg4: i1):
// CHECK-NEXT: %0 = "arith.constant"() <{value = 5 : i32}> : () -> i32
// CHECK-NEXT: %1 = "arith.constant"() <{value = true}> : () -> i1
// CHECK-NEXT: %2 = "arith.constant"() <{value = false}> : () -> i1
// CHECK-NEXT: %3 = "arith.cmpi"(%arg0, %0) <{predicate = 4 : i64}> : (i32, i32) -> i1
// CHECK-NEXT: %4 = "arith.cmpi"(%arg0, %arg1) <{predicate = 9 : i64}> : (i32, i32) -> i1
// CHECK-NEXT: %5 = "arith.cmpi"(%arg2, %arg3) <{predicate = 1 : i64}> : (i16, i16) -> i1
// CHECK-NEXT: "func.return"(%1, %2, %3, %4, %5, %arg4) : (i1, i1, i1, i1, i1, i1) -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (i32, i32, i16, i16, i1) -> (i1, i1, i1, i1, i1, i1), sym_name = "comparisons"}> ({
^bb0(%a: i32, %b: i32, %s: i16, %t: i16, %p: i1):
  %true = "arith.constant"() <{value = true}> : () -> i1
  %c0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %c5 = "arith.constant"() <{value = 5 : i32}> : () -> i32
  %f0 = "arith.constant"() <{value = false}> : () -> i1
  %0 = "arith.cmpi"(%a, %a) <{predicate = 5 : i64}> : (i32, i32) -> i1
  %1 = "arith.cmpi"(%a, %a) <{predicate = 2 : i64}> : (i32, i32) -> i1
  %2 = "arith.cmpi"(%c5, %a) <{predicate = 2 : i64}> : (i32, i32) -> i1
  %lt = "arith.cmpi"(%a, %b) <{predicate = 6 : i64}> : (i32, i32) -> i1
  %3 = "arith.xori"(%lt, %true) : (i1, i1) -> i1
  %es = "arith.extui"(%s) : (i16) -> i32
  %et = "arith.extui"(%t) : (i16) -> i32
  %4 = "arith.cmpi"(%es, %et) <{predicate = 1 : i64}> : (i32, i32) -> i1
  %ep = "arith.extui"(%p) : (i1) -> i32
  %5 = "arith.cmpi"(%ep, %c0) <{predicate = 1 : i64}> : (i32, i32) -> i1
  "func.return"(%0, %1, %2, %3, %4, %5) : (i1, i1, i1, i1, i1, i1) -> ()
}) : () -> ()

// -----

// and(x, not x) -> 0, or(y, -1) -> -1, or(not x, x) -> -1, xor(xor(x, y), y) -> x, and(x, and(x, y)), maxsi(y, MAX) -> MAX.
// CHECK-LABEL: sym_name = "bitwise"
// CHECK-NEXT: ^bb0(%arg0: i32, %arg1: i32):
// CHECK-NEXT: %0 = "arith.constant"() <{value = 2147483647 : i32}> : () -> i32
// CHECK-NEXT: %1 = "arith.constant"() <{value = -1 : i32}> : () -> i32
// CHECK-NEXT: %2 = "arith.constant"() <{value = 0 : i32}> : () -> i32
// CHECK-NEXT: %3 = "arith.andi"(%arg0, %arg1) : (i32, i32) -> i32
// CHECK-NEXT: "func.return"(%2, %1, %1, %arg0, %3, %0) : (i32, i32, i32, i32, i32, i32) -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (i32, i32) -> (i32, i32, i32, i32, i32, i32), sym_name = "bitwise"}> ({
^bb0(%x: i32, %y: i32):
  %m1 = "arith.constant"() <{value = -1 : i32}> : () -> i32
  %not = "arith.xori"(%x, %m1) : (i32, i32) -> i32
  %0 = "arith.andi"(%x, %not) : (i32, i32) -> i32
  %1 = "arith.ori"(%y, %m1) : (i32, i32) -> i32
  %2 = "arith.ori"(%not, %x) : (i32, i32) -> i32
  %xy = "arith.xori"(%x, %y) : (i32, i32) -> i32
  %3 = "arith.xori"(%xy, %y) : (i32, i32) -> i32
  %and = "arith.andi"(%x, %y) : (i32, i32) -> i32
  %4 = "arith.andi"(%x, %and) : (i32, i32) -> i32
  %c2 = "arith.constant"() <{value = 2147483647 : i32}> : () -> i32
  %5 = "arith.maxsi"(%y, %c2) : (i32, i32) -> i32
  "func.return"(%0, %1, %2, %3, %4, %5) : (i32, i32, i32, i32, i32, i32) -> ()
}) : () -> ()

// -----

// ext(ext(x)) extends once, trunci(extsi(x)) -> x, index_cast(index_cast(x)) -> x, negf(negf(x)) -> x, maximumf(x, x) -> x, MulFOfNegF.
// CHECK-LABEL: sym_name = "casts_and_floats"
// CHECK-NEXT: ^bb0(%arg0: i8, %arg1: i32, %arg2: index, %arg3: f32, %arg4: f32):
// CHECK-NEXT: %0 = "arith.extui"(%arg0) : (i8) -> i64
// CHECK-NEXT: %1 = "arith.mulf"(%arg3, %arg4) : (f32, f32) -> f32
// CHECK-NEXT: "func.return"(%0, %arg0, %arg2, %arg3, %arg3, %1) : (i64, i8, index, f32, f32, f32) -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (i8, i32, index, f32, f32) -> (i64, i8, index, f32, f32, f32), sym_name = "casts_and_floats"}> ({
^bb0(%b: i8, %w: i32, %i: index, %f: f32, %g: f32):
  %0 = "arith.extui"(%b) : (i8) -> i16
  %1 = "arith.extui"(%0) : (i16) -> i64
  %2 = "arith.extsi"(%b) : (i8) -> i32
  %3 = "arith.trunci"(%2) : (i32) -> i8
  %4 = "arith.index_cast"(%i) : (index) -> i32
  %5 = "arith.index_cast"(%4) : (i32) -> index
  %n = "arith.negf"(%f) : (f32) -> f32
  %6 = "arith.negf"(%n) : (f32) -> f32
  %7 = "arith.maximumf"(%f, %f) : (f32, f32) -> f32
  %m = "arith.negf"(%g) : (f32) -> f32
  %8 = "arith.mulf"(%n, %m) : (f32, f32) -> f32
  "func.return"(%1, %3, %5, %6, %7, %8) : (i64, i8, index, f32, f32, f32) -> ()
}) : () -> ()

// -----

// Constants are deduplicated and hoisted to the entry block of the function, out of the loop body; dead ops go.
// CHECK-LABEL: sym_name = "constants_dedup_and_hoist"
// CHECK-NEXT: ^bb0(%arg0: i1, %arg1: i32, %arg2: index):
// CHECK-NEXT: %0 = "arith.constant"() <{value = 3 : i32}> : () -> i32
// CHECK-NEXT: %1 = "arith.constant"() <{value = 0 : index}> : () -> index
// CHECK-NEXT: %2 = "arith.constant"() <{value = 1 : index}> : () -> index
// CHECK-NEXT: %3 = "scf.for"(%1, %arg2, %2, %arg1) ({
// CHECK-NEXT: ^bb0(%arg3: index, %arg4: i32):
// CHECK-NEXT: %5 = "arith.muli"(%arg4, %0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: "scf.yield"(%5) : (i32) -> ()
// CHECK-NEXT: }) : (index, index, index, i32) -> i32
// CHECK-NEXT: %4 = "arith.addi"(%3, %0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: "func.return"(%4) : (i32) -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (i1, i32, index) -> i32, sym_name = "constants_dedup_and_hoist"}> ({
^bb0(%c: i1, %x: i32, %n: index):
  %c0 = "arith.constant"() <{value = 0 : index}> : () -> index
  %c1 = "arith.constant"() <{value = 1 : index}> : () -> index
  %0 = "scf.for"(%c0, %n, %c1, %x) ({
  ^bb0(%iv: index, %acc: i32):
    %k = "arith.constant"() <{value = 3 : i32}> : () -> i32
    %s = "arith.muli"(%acc, %k) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "scf.yield"(%s) : (i32) -> ()
  }) : (index, index, index, i32) -> i32
  %k2 = "arith.constant"() <{value = 3 : i32}> : () -> i32
  %1 = "arith.addi"(%0, %k2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %dead = "arith.muli"(%1, %1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "func.return"(%1) : (i32) -> ()
}) : () -> ()

// -----

// The unreachable block goes; the branch to the block it alone reaches merges them.
// CHECK-LABEL: sym_name = "cfg"
// CHECK-NEXT: ^bb0(%arg0: i32, %arg1: i32):
// CHECK-NEXT: "func.return"(%arg0) : (i32) -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "cfg"}> ({
^bb0(%x: i32, %y: i32):
  "cf.br"(%x, %y)[^bb2] : (i32, i32) -> ()
^bb1(%u: i32):
  "cf.br"(%u, %u)[^bb2] : (i32, i32) -> ()
^bb2(%a: i32, %unused: i32):
  "func.return"(%a) : (i32) -> ()
}) : () -> ()

// -----

// Negative: nothing folds or matches, nothing changes.
// CHECK-LABEL: sym_name = "nothing_to_do"
// CHECK-NEXT: ^bb0(%arg0: i32, %arg1: i32):
// CHECK-NEXT: %0 = "arith.muli"(%arg0, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: %1 = "arith.subi"(%0, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
// CHECK-NEXT: "func.return"(%1) : (i32) -> ()
// CHECK-NEXT: }) : () -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "nothing_to_do"}> ({
^bb0(%x: i32, %y: i32):
  %0 = "arith.muli"(%x, %y) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %1 = "arith.subi"(%0, %y) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "func.return"(%1) : (i32) -> ()
}) : () -> ()
