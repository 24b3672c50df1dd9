// lift-cf-to-scf on irreducible control flow (cycles entered at several
// blocks), three ways: node splitting (the default), a multiplexer as the
// cycle's only entry (irreducible=dispatch, as MLIR does it; also what
// splitting falls back to beyond max-growth), and a located error
// (irreducible=error). The pass's Rust tests run each function before and
// after the pass, in every mode, and compare.

// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(lift-cf-to-scf)' | FileCheck %s --check-prefix=SPLIT
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(lift-cf-to-scf)' --pass-statistics 2>&1 >/dev/null | FileCheck %s --check-prefix=STATS
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(lift-cf-to-scf{irreducible=dispatch})' | FileCheck %s --check-prefix=DISPATCH
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(lift-cf-to-scf{max-growth=1})' --pass-statistics 2>&1 >/dev/null | FileCheck %s --check-prefix=OVER
// RUN: cuwasm-opt %s --split-input-file --verify-diagnostics --pass-pipeline='builtin.module(lift-cf-to-scf{irreducible=error})'
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(lift-cf-to-scf)' | FileCheck %s --check-prefix=NOCF
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(lift-cf-to-scf{irreducible=dispatch})' | FileCheck %s --check-prefix=NOCF
// NOCF-NOT: "cf.

// Two blocks that branch to each other, both entered from the entry.
// Split: ^bb2 is copied for the entry's edge to it, so that the loop is
// entered at ^bb1 only; the copy runs before the loop and either enters it
// or leaves. Dispatch: one loop whose header picks ^bb1 or ^bb2 by an i1.
// SPLIT-LABEL: sym_name = "two_entries"
// SPLIT: %[[PRE:[^ ]+]]:3 = "scf.if"
// SPLIT: "func.call"(%arg1)
// SPLIT: }) : (i1) -> (i32, i32, i1)
// SPLIT: }) : (i1) -> (i32, i32, i1)
// SPLIT-NEXT: %[[R:[^ ]+]] = "scf.if"(%[[PRE]]#2) ({
// SPLIT-NEXT: %[[W:[^ ]+]]:2 = "scf.while"(%[[PRE]]#0) ({
// SPLIT: "scf.condition"
// SPLIT: "scf.yield"(%[[W]]#1)
// SPLIT-NEXT: }, {
// SPLIT-NEXT: "scf.yield"(%[[PRE]]#1)
// SPLIT-NEXT: }) : (i1) -> i32
// SPLIT-NEXT: "func.return"(%[[R]])
// STATS: (num-dispatched-cycles) 0
// STATS: (num-loops) 1
// STATS: (num-split-blocks) 1
// DISPATCH-LABEL: sym_name = "two_entries"
// DISPATCH: %[[E:[^ ]+]]:3 = "scf.if"
// DISPATCH: %[[W:[^ ]+]]:4 = "scf.while"(%[[E]]#0, %[[E]]#1, %[[E]]#2) ({
// DISPATCH-NEXT: ^bb0(%[[X:[^ ]+]]: i32, %[[Y:[^ ]+]]: i32, %[[SEL:[^ ]+]]: i1):
// DISPATCH-NEXT: "scf.if"(%[[SEL]]) ({
// DISPATCH-NEXT: "func.call"(%[[X]])
// DISPATCH: "func.call"(%[[Y]])
// DISPATCH: "scf.condition"
// DISPATCH: "func.return"(%[[W]]#3)
// OVER: (num-dispatched-cycles) 1
// OVER: (num-split-blocks) 0
"func.func"() <{function_type = (i32) -> (), sym_name = "obs", sym_visibility = "private"}> ({
}) : () -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "two_entries"}> ({
^bb0(%a: i32, %b: i32):
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %c = "arith.cmpi"(%a, %b) <{predicate = 2 : i64}> : (i32, i32) -> i1
  // expected-error @+1 {{irreducible control flow: the cycle of ^bb1, ^bb2 is entered at ^bb1, ^bb2; lift-cf-to-scf with irreducible=error does not lift it (irreducible=split or irreducible=dispatch would)}}
  "cf.cond_br"(%c, %a, %b)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (i1, i32, i32) -> ()
^bb1(%x: i32):
  "func.call"(%x) <{callee = @obs}> : (i32) -> ()
  %x2 = "arith.addi"(%x, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %cx = "arith.cmpi"(%x2, %b) <{predicate = 2 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%cx, %x2, %x)[^bb2, ^bb3] <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (i1, i32, i32) -> ()
^bb2(%y: i32):
  "func.call"(%y) <{callee = @obs}> : (i32) -> ()
  %y2 = "arith.addi"(%y, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %cy = "arith.cmpi"(%y2, %a) <{predicate = 2 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%cy, %y2, %y2)[^bb1, ^bb3] <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (i1, i32, i32) -> ()
^bb3(%r: i32):
  "func.return"(%r) : (i32) -> ()
}) : () -> ()

// -----

// An irreducible cycle inside a reducible loop: split gives two nested
// loops (the inner one entered at ^bb2 only).
// SPLIT-LABEL: sym_name = "inside_a_loop"
// SPLIT: "scf.while"
// SPLIT: "scf.while"
// SPLIT-NOT: "scf.while"
// SPLIT: "func.return"
// STATS: (num-dispatched-cycles) 0
// STATS: (num-loops) 2
// STATS: (num-split-blocks) 1
// DISPATCH-LABEL: sym_name = "inside_a_loop"
// DISPATCH: "scf.while"
// DISPATCH: "scf.while"
// OVER: (num-dispatched-cycles) 1
// OVER: (num-split-blocks) 0
"func.func"() <{function_type = (i32) -> (), sym_name = "obs", sym_visibility = "private"}> ({
}) : () -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "inside_a_loop"}> ({
^bb0(%n: i32, %k: i32):
  %c0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %c3 = "arith.constant"() <{value = 3 : i32}> : () -> i32
  "cf.br"(%c0)[^bb1] : (i32) -> ()
^bb1(%i: i32):
  %odd = "arith.andi"(%i, %c1) : (i32, i32) -> i32
  %e = "arith.cmpi"(%odd, %c0) <{predicate = 0 : i64}> : (i32, i32) -> i1
  // expected-error @+1 {{irreducible control flow: the cycle of ^bb2, ^bb3 is entered at ^bb2, ^bb3}}
  "cf.cond_br"(%e, %k)[^bb2, ^bb3] <{operandSegmentSizes = array<i32: 1, 0, 1>}> : (i1, i32) -> ()
^bb2:
  "func.call"(%i) <{callee = @obs}> : (i32) -> ()
  %t = "arith.addi"(%i, %k) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %m = "arith.remsi"(%t, %c3) : (i32, i32) -> i32
  %go = "arith.cmpi"(%m, %c0) <{predicate = 0 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%go, %t)[^bb4, ^bb3] <{operandSegmentSizes = array<i32: 1, 0, 1>}> : (i1, i32) -> ()
^bb3(%v: i32):
  "func.call"(%v) <{callee = @obs}> : (i32) -> ()
  %w = "arith.subi"(%v, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %pos = "arith.cmpi"(%w, %c0) <{predicate = 4 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%pos)[^bb2, ^bb4] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^bb4:
  %i2 = "arith.addi"(%i, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %c = "arith.cmpi"(%i2, %n) <{predicate = 2 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%c, %i2)[^bb1, ^bb5] <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (i1, i32) -> ()
^bb5:
  "func.return"(%i2) : (i32) -> ()
}) : () -> ()

// -----

// A cycle of three blocks entered at each of them by a switch. Dispatch:
// the selector has three values, an i32, and the header is an
// scf.index_switch on it.
// SPLIT-LABEL: sym_name = "three_entries"
// SPLIT: "scf.index_switch"
// SPLIT: "scf.while"
// STATS: (num-dispatched-cycles) 0
// STATS: (num-split-blocks) 3
// DISPATCH-LABEL: sym_name = "three_entries"
// DISPATCH: %[[S:[^ ]+]] = "scf.index_switch"
// DISPATCH: }) : (index) -> i32
// DISPATCH-NEXT: "scf.while"(%[[S]]) ({
// DISPATCH-NEXT: ^bb0(%[[SEL:[^ ]+]]: i32):
// DISPATCH-NEXT: %[[X:[^ ]+]] = "arith.index_cast"(%[[SEL]]) : (i32) -> index
// DISPATCH-NEXT: "scf.index_switch"(%[[X]]) <{cases = array<i64: 0, 1>}>
// OVER: (num-dispatched-cycles) 1
// OVER: (num-split-blocks) 0
"func.func"() <{function_type = (i32) -> (), sym_name = "obs", sym_visibility = "private"}> ({
}) : () -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "three_entries"}> ({
^bb0(%a: i32, %b: i32):
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %c3 = "arith.constant"() <{value = 3 : i32}> : () -> i32
  %s = "arith.remui"(%a, %c3) : (i32, i32) -> i32
  // expected-error @+1 {{irreducible control flow: the cycle of ^bb1, ^bb2, ^bb3 is entered at ^bb1, ^bb2, ^bb3}}
  "cf.switch"(%s)[^bb3, ^bb1, ^bb2] <{case_operand_segments = array<i32: 0, 0>, case_values = dense<[0, 1]> : vector<2xi32>, operandSegmentSizes = array<i32: 1, 0, 0>}> : (i32) -> ()
^bb1:
  "func.call"(%c1) <{callee = @obs}> : (i32) -> ()
  "cf.br"()[^bb2] : () -> ()
^bb2:
  "func.call"(%b) <{callee = @obs}> : (i32) -> ()
  %d = "arith.cmpi"(%a, %b) <{predicate = 2 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%d)[^bb3, ^bb4] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^bb3:
  "func.call"(%c3) <{callee = @obs}> : (i32) -> ()
  %e = "arith.cmpi"(%b, %c1) <{predicate = 4 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%e)[^bb1, ^bb4] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^bb4:
  "func.return"(%a) : (i32) -> ()
}) : () -> ()
