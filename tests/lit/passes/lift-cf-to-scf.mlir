// lift-cf-to-scf on reducible control flow. Each function here also runs
// in the pass's Rust tests (lift_cf_to_scf/tests/semantic.rs) before and
// after the pass, on 64 inputs, with the same results and calls.

// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(lift-cf-to-scf)' | FileCheck %s
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(lift-cf-to-scf)' | FileCheck %s --check-prefix=NOCF
// NOCF-NOT: "cf.

// if-then: the then block becomes an scf.if without else.
// CHECK-LABEL: sym_name = "if_then"
// CHECK: %[[C:[^ ]+]] = "arith.cmpi"
// CHECK-NEXT: "scf.if"(%[[C]]) ({
// CHECK-NEXT: "func.call"
// CHECK-NEXT: "scf.yield"() : () -> ()
// CHECK-NEXT: }, {
// CHECK-NEXT: }) : (i1) -> ()
// CHECK-NEXT: "func.return"
"func.func"() <{function_type = (i32) -> (), sym_name = "obs", sym_visibility = "private"}> ({
}) : () -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "if_then"}> ({
^bb0(%a: i32, %b: i32):
  %c = "arith.cmpi"(%a, %b) <{predicate = 2 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%c)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^bb1:
  "func.call"(%a) <{callee = @obs}> : (i32) -> ()
  "cf.br"()[^bb2] : () -> ()
^bb2:
  "func.return"(%b) : (i32) -> ()
}) : () -> ()

// -----

// if-then-else whose merge block has an argument: it becomes the result.
// CHECK-LABEL: sym_name = "if_then_else"
// CHECK: %[[R:[^ ]+]] = "scf.if"(%{{[^ ]+}}) ({
// CHECK-NEXT: %[[D:[^ ]+]] = "arith.subi"(%arg0, %arg1)
// CHECK-NEXT: "scf.yield"(%[[D]])
// CHECK-NEXT: }, {
// CHECK-NEXT: %[[E:[^ ]+]] = "arith.subi"(%arg1, %arg0)
// CHECK-NEXT: "scf.yield"(%[[E]])
// CHECK-NEXT: }) : (i1) -> i32
// CHECK-NEXT: "func.return"(%[[R]])
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "if_then_else"}> ({
^bb0(%a: i32, %b: i32):
  %c = "arith.cmpi"(%a, %b) <{predicate = 4 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%c)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^bb1:
  %d = "arith.subi"(%a, %b) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.br"(%d)[^bb3] : (i32) -> ()
^bb2:
  %e = "arith.subi"(%b, %a) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.br"(%e)[^bb3] : (i32) -> ()
^bb3(%r: i32):
  "func.return"(%r) : (i32) -> ()
}) : () -> ()

// -----

// Nested ifs.
// CHECK-LABEL: sym_name = "nested_ifs"
// CHECK: %[[OUT:[^ ]+]] = "scf.if"
// CHECK: %[[IN:[^ ]+]] = "scf.if"
// CHECK: "func.call"
// CHECK: "scf.yield"(%arg0)
// CHECK: }) : (i1) -> i32
// CHECK-NEXT: "scf.yield"(%[[IN]])
// CHECK: }) : (i1) -> i32
// CHECK-NEXT: "func.return"(%[[OUT]])
"func.func"() <{function_type = (i32) -> (), sym_name = "obs", sym_visibility = "private"}> ({
}) : () -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "nested_ifs"}> ({
^bb0(%a: i32, %b: i32):
  %z = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %c = "arith.cmpi"(%a, %z) <{predicate = 4 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%c)[^bb1, ^bb4] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^bb1:
  %d = "arith.cmpi"(%b, %z) <{predicate = 4 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%d, %a)[^bb2, ^bb3] <{operandSegmentSizes = array<i32: 1, 0, 1>}> : (i1, i32) -> ()
^bb2:
  "func.call"(%b) <{callee = @obs}> : (i32) -> ()
  %s = "arith.addi"(%a, %b) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.br"(%s)[^bb3] : (i32) -> ()
^bb3(%x: i32):
  "cf.br"(%x)[^bb5] : (i32) -> ()
^bb4:
  "cf.br"(%z)[^bb5] : (i32) -> ()
^bb5(%r: i32):
  "func.return"(%r) : (i32) -> ()
}) : () -> ()

// -----

// A while loop: the header tests, the body increments.
// The loop's results are the header's argument (carried) and the exit's
// payload (the header argument the return uses).
// CHECK-LABEL: sym_name = "while_loop"
// CHECK: %[[W:[^ ]+]]:2 = "scf.while"(%{{[^ ]+}}) ({
// CHECK-NEXT: ^bb0(%[[I:[^ ]+]]: i32):
// CHECK-NEXT: %[[C:[^ ]+]] = "arith.cmpi"(%[[I]], %arg0)
// CHECK-NEXT: %[[IF:[^ ]+]]:3 = "scf.if"(%[[C]])
// CHECK-NEXT: "func.call"(%[[I]])
// CHECK-NEXT: %[[N:[^ ]+]] = "arith.addi"(%[[I]]
// CHECK-NEXT: "scf.yield"(%[[N]], %{{[^ ]+}}, %[[TRUE:[^ ]+]]) : (i32, i32, i1) -> ()
// CHECK-NEXT: }, {
// CHECK-NEXT: "scf.yield"(%{{[^ ]+}}, %[[I]], %[[FALSE:[^ ]+]]) : (i32, i32, i1) -> ()
// CHECK-NEXT: }) : (i1) -> (i32, i32, i1)
// CHECK-NEXT: "scf.condition"(%[[IF]]#2, %[[IF]]#0, %[[IF]]#1) : (i1, i32, i32) -> ()
// CHECK-NEXT: }, {
// CHECK-NEXT: ^bb0(%[[A:[^ ]+]]: i32, %{{[^ ]+}}: i32):
// CHECK-NEXT: "scf.yield"(%[[A]]) : (i32) -> ()
// CHECK-NEXT: }) : (i32) -> (i32, i32)
// CHECK-NEXT: "func.return"(%[[W]]#1)
"func.func"() <{function_type = (i32) -> (), sym_name = "obs", sym_visibility = "private"}> ({
}) : () -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "while_loop"}> ({
^bb0(%n: i32, %b: i32):
  %c0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  "cf.br"(%c0)[^bb1] : (i32) -> ()
^bb1(%i: i32):
  %c = "arith.cmpi"(%i, %n) <{predicate = 2 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%c)[^bb2, ^bb3] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^bb2:
  "func.call"(%i) <{callee = @obs}> : (i32) -> ()
  %i2 = "arith.addi"(%i, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.br"(%i2)[^bb1] : (i32) -> ()
^bb3:
  "func.return"(%i) : (i32) -> ()
}) : () -> ()

// -----

// A do-while loop: the body runs first, the test is at the bottom.
// CHECK-LABEL: sym_name = "do_while"
// CHECK: %[[W:[^ ]+]]:2 = "scf.while"(%arg1) ({
// CHECK-NEXT: ^bb0(%[[I:[^ ]+]]: i32):
// CHECK-NEXT: "func.call"(%[[I]])
// CHECK: "scf.condition"
// CHECK: "func.return"(%[[W]]#1)
"func.func"() <{function_type = (i32) -> (), sym_name = "obs", sym_visibility = "private"}> ({
}) : () -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "do_while"}> ({
^bb0(%n: i32, %b: i32):
  "cf.br"(%b)[^bb1] : (i32) -> ()
^bb1(%i: i32):
  "func.call"(%i) <{callee = @obs}> : (i32) -> ()
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %i2 = "arith.addi"(%i, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %c = "arith.cmpi"(%i2, %n) <{predicate = 2 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%c, %i2)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (i1, i32) -> ()
^bb2:
  "func.return"(%i2) : (i32) -> ()
}) : () -> ()

// -----

// A loop with a break in the middle of its body: two edges leave the loop
// for the same block, with different values.
// CHECK-LABEL: sym_name = "loop_break"
// CHECK: %[[W:[^ ]+]]:2 = "scf.while"
// CHECK: "scf.if"
// CHECK: "func.call"
// CHECK: %[[NEG:[^ ]+]] = "arith.subi"
// CHECK-NEXT: "scf.if"
// CHECK-NEXT: "scf.yield"(%{{[^ ]+}}, %[[NEG]], %[[FALSE:[^ ]+]])
// CHECK: "scf.condition"
// CHECK: "func.return"(%[[W]]#1)
"func.func"() <{function_type = (i32) -> (), sym_name = "obs", sym_visibility = "private"}> ({
}) : () -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "loop_break"}> ({
^bb0(%n: i32, %k: i32):
  %c0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  "cf.br"(%c0)[^bb1] : (i32) -> ()
^bb1(%i: i32):
  %c = "arith.cmpi"(%i, %n) <{predicate = 2 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%c, %i)[^bb2, ^bb4] <{operandSegmentSizes = array<i32: 1, 0, 1>}> : (i1, i32) -> ()
^bb2:
  "func.call"(%i) <{callee = @obs}> : (i32) -> ()
  %brk = "arith.cmpi"(%i, %k) <{predicate = 0 : i64}> : (i32, i32) -> i1
  %neg = "arith.subi"(%c0, %i) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.cond_br"(%brk, %neg)[^bb4, ^bb3] <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (i1, i32) -> ()
^bb3:
  %i2 = "arith.addi"(%i, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.br"(%i2)[^bb1] : (i32) -> ()
^bb4(%r: i32):
  "func.return"(%r) : (i32) -> ()
}) : () -> ()

// -----

// continue: an edge back to the header from the middle of the body.
// CHECK-LABEL: sym_name = "loop_continue"
// CHECK: %[[W:[^ ]+]]:3 = "scf.while"(%{{[^ ]+}}, %{{[^ ]+}}) ({
// CHECK-NEXT: ^bb0(%[[I:[^ ]+]]: i32, %[[ACC:[^ ]+]]: i32):
// CHECK: %[[N:[^ ]+]] = "arith.addi"(%[[I]]
// CHECK: "scf.if"
// CHECK-NEXT: "scf.yield"(%[[N]], %[[ACC]], %{{[^ ]+}}, %[[TRUE:[^ ]+]])
// CHECK-NEXT: }, {
// CHECK-NEXT: "func.call"(%[[I]])
// CHECK: "scf.condition"
// CHECK: "func.return"(%[[W]]#2)
"func.func"() <{function_type = (i32) -> (), sym_name = "obs", sym_visibility = "private"}> ({
}) : () -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "loop_continue"}> ({
^bb0(%n: i32, %m: i32):
  %c0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %c3 = "arith.constant"() <{value = 3 : i32}> : () -> i32
  "cf.br"(%c0, %c0)[^bb1] : (i32, i32) -> ()
^bb1(%i: i32, %acc: i32):
  %c = "arith.cmpi"(%i, %n) <{predicate = 2 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%c)[^bb2, ^bb4] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^bb2:
  %i2 = "arith.addi"(%i, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %r = "arith.remsi"(%i, %c3) : (i32, i32) -> i32
  %skip = "arith.cmpi"(%r, %c0) <{predicate = 0 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%skip, %i2, %acc)[^bb1, ^bb3] <{operandSegmentSizes = array<i32: 1, 2, 0>}> : (i1, i32, i32) -> ()
^bb3:
  "func.call"(%i) <{callee = @obs}> : (i32) -> ()
  %acc2 = "arith.addi"(%acc, %i) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.br"(%i2, %acc2)[^bb1] : (i32, i32) -> ()
^bb4:
  "func.return"(%acc) : (i32) -> ()
}) : () -> ()

// -----

// A loop with exits to two different blocks: the exit's number is carried
// out of the loop and dispatched after it.
// The exit's number (an i1 for two exits) picks the code after the loop.
// CHECK-LABEL: sym_name = "multiple_exits"
// CHECK: %[[W:[^ ]+]]:4 = "scf.while"
// CHECK: }) : (i32) -> (i32, i32, i32, i1)
// CHECK-NEXT: %[[R:[^ ]+]] = "scf.if"(%[[W]]#3) ({
// CHECK-NEXT: "func.call"(%arg0)
// CHECK-NEXT: "scf.yield"
// CHECK-NEXT: }, {
// CHECK-NEXT: "func.call"(%[[W]]#1)
// CHECK-NEXT: "scf.yield"(%[[W]]#2)
// CHECK-NEXT: }) : (i1) -> i32
// CHECK-NEXT: "func.return"(%[[R]])
"func.func"() <{function_type = (i32) -> (), sym_name = "obs", sym_visibility = "private"}> ({
}) : () -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "multiple_exits"}> ({
^bb0(%n: i32, %k: i32):
  %c0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  "cf.br"(%c0)[^bb1] : (i32) -> ()
^bb1(%i: i32):
  %c = "arith.cmpi"(%i, %n) <{predicate = 2 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%c)[^bb2, ^bb3] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^bb2:
  %hit = "arith.cmpi"(%i, %k) <{predicate = 0 : i64}> : (i32, i32) -> i1
  %i2 = "arith.addi"(%i, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.cond_br"(%hit, %i2)[^bb4, ^bb1] <{operandSegmentSizes = array<i32: 1, 0, 1>}> : (i1, i32) -> ()
^bb3:
  "func.call"(%n) <{callee = @obs}> : (i32) -> ()
  "func.return"(%c0) : (i32) -> ()
^bb4:
  "func.call"(%i) <{callee = @obs}> : (i32) -> ()
  "func.return"(%i2) : (i32) -> ()
}) : () -> ()

// -----

// Nested loops; the inner loop breaks out of both.
// The inner loop's exit to the outer loop's exit goes to the outer latch,
// which leaves the outer loop; the code after it picks the return.
// CHECK-LABEL: sym_name = "break_both"
// CHECK: %[[OUTER:[^ ]+]]:3 = "scf.while"
// CHECK: "scf.while"
// CHECK: "func.call"
// CHECK: "scf.condition"
// CHECK: "scf.condition"
// CHECK: }) : (i32) -> (i32, i32, i1)
// CHECK-NEXT: %[[R:[^ ]+]] = "scf.if"(%[[OUTER]]#2)
// CHECK: "func.return"(%[[R]])
"func.func"() <{function_type = (i32) -> (), sym_name = "obs", sym_visibility = "private"}> ({
}) : () -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "break_both"}> ({
^bb0(%n: i32, %k: i32):
  %c0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  "cf.br"(%c0)[^bb1] : (i32) -> ()
^bb1(%i: i32):
  %ci = "arith.cmpi"(%i, %n) <{predicate = 2 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%ci, %c0)[^bb2, ^bb5] <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (i1, i32) -> ()
^bb2(%j: i32):
  %cj = "arith.cmpi"(%j, %n) <{predicate = 2 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%cj)[^bb3, ^bb4] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^bb3:
  %p = "arith.muli"(%i, %j) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "func.call"(%p) <{callee = @obs}> : (i32) -> ()
  %hit = "arith.cmpi"(%p, %k) <{predicate = 0 : i64}> : (i32, i32) -> i1
  %j2 = "arith.addi"(%j, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.cond_br"(%hit, %j2)[^bb6, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 1>}> : (i1, i32) -> ()
^bb4:
  %i2 = "arith.addi"(%i, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.br"(%i2)[^bb1] : (i32) -> ()
^bb5:
  "func.return"(%c0) : (i32) -> ()
^bb6:
  "func.return"(%p) : (i32) -> ()
}) : () -> ()

// -----

// A return in the middle of a loop: the return value leaves the loop as
// part of the exit payload.
// CHECK-LABEL: sym_name = "early_return"
// CHECK: %[[W:[^ ]+]]:3 = "scf.while"
// CHECK: %[[SQ:[^ ]+]] = "arith.muli"
// CHECK: "scf.yield"(%{{[^ ]+}}, %[[SQ]], %{{[^ ]+}}, %{{[^ ]+}})
// CHECK: %[[R:[^ ]+]] = "scf.if"(%[[W]]#2) ({
// CHECK-NEXT: "scf.yield"(%[[W]]#1)
// CHECK: "func.return"(%[[R]])
"func.func"() <{function_type = (i32) -> (), sym_name = "obs", sym_visibility = "private"}> ({
}) : () -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "early_return"}> ({
^bb0(%n: i32, %k: i32):
  %c0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  "cf.br"(%c0)[^bb1] : (i32) -> ()
^bb1(%i: i32):
  "func.call"(%i) <{callee = @obs}> : (i32) -> ()
  %sq = "arith.muli"(%i, %i) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %hit = "arith.cmpi"(%sq, %k) <{predicate = 5 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%hit)[^bb2, ^bb3] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^bb2:
  "func.return"(%sq) : (i32) -> ()
^bb3:
  %i2 = "arith.addi"(%i, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %c = "arith.cmpi"(%i2, %n) <{predicate = 2 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%c, %i2)[^bb1, ^bb4] <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (i1, i32) -> ()
^bb4:
  "func.return"(%c0) : (i32) -> ()
}) : () -> ()

// -----

// A C switch with fallthrough: case 0 runs into case 1; 2 and the default
// share a block.
// The switch becomes scf.index_switch; its two continuations (the
// fallthrough target and the merge) are multiplexed by an i1.
// CHECK-LABEL: sym_name = "switch_fallthrough"
// CHECK: %[[X:[^ ]+]] = "arith.index_cast"(%arg0) : (i32) -> index
// CHECK-NEXT: %[[S:[^ ]+]]:2 = "scf.index_switch"(%[[X]]) <{cases = array<i64: 0, 1, 2>}> ({
// CHECK-NEXT: "scf.yield"(%{{[^ ]+}}, %[[TRUE:[^ ]+]]) : (i32, i1) -> ()
// CHECK-NEXT: }, {
// CHECK-NEXT: "func.call"(%arg1)
// CHECK-NEXT: %[[Y2:[^ ]+]] = "arith.addi"
// CHECK-NEXT: "scf.yield"(%[[Y2]], %[[FALSE:[^ ]+]])
// CHECK-NEXT: }, {
// CHECK-NEXT: "scf.yield"(%arg1, %[[FALSE]])
// CHECK-NEXT: }, {
// CHECK-NEXT: "scf.yield"(%{{[^ ]+}}, %[[TRUE]])
// CHECK-NEXT: }) : (index) -> (i32, i1)
// CHECK-NEXT: %[[R:[^ ]+]] = "scf.if"(%[[S]]#1) ({
// CHECK-NEXT: "arith.muli"
// CHECK: }, {
// CHECK-NEXT: "func.call"(%[[S]]#0)
// CHECK-NEXT: "scf.yield"(%[[S]]#0)
// CHECK: "func.return"(%[[R]])
"func.func"() <{function_type = (i32) -> (), sym_name = "obs", sym_visibility = "private"}> ({
}) : () -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "switch_fallthrough"}> ({
^bb0(%x: i32, %y: i32):
  "cf.switch"(%x, %y)[^bb3, ^bb1, ^bb2, ^bb3] <{case_operand_segments = array<i32: 0, 1, 0>, case_values = dense<[0, 1, 2]> : vector<3xi32>, operandSegmentSizes = array<i32: 1, 0, 1>}> : (i32, i32) -> ()
^bb1:
  "func.call"(%y) <{callee = @obs}> : (i32) -> ()
  %y2 = "arith.addi"(%y, %y) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.br"(%y2)[^bb2] : (i32) -> ()
^bb2(%v: i32):
  "func.call"(%v) <{callee = @obs}> : (i32) -> ()
  "cf.br"(%v)[^bb4] : (i32) -> ()
^bb3:
  %m = "arith.muli"(%x, %y) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.br"(%m)[^bb4] : (i32) -> ()
^bb4(%r: i32):
  "func.return"(%r) : (i32) -> ()
}) : () -> ()

// -----

// A loop whose header has two arguments (a counter and an accumulator), and
// values live across the structures: %t is defined before the loop and used
// in it and after it; %last is defined in the loop and used after it.
// %t is used inside the loop and after it directly; %last leaves the loop
// in the exit payload.
// CHECK-LABEL: sym_name = "live_across"
// CHECK: %[[T:[^ ]+]] = "arith.muli"(%arg1, %arg1)
// CHECK-NEXT: %[[W:[^ ]+]]:3 = "scf.while"(%{{[^ ]+}}, %arg1) ({
// CHECK-NEXT: ^bb0(%[[I:[^ ]+]]: i32, %[[ACC:[^ ]+]]: i32):
// CHECK-NEXT: %[[LAST:[^ ]+]] = "arith.addi"(%[[ACC]], %[[T]])
// CHECK: "scf.yield"(%{{[^ ]+}}, %[[LAST]], %{{[^ ]+}}, %{{[^ ]+}})
// CHECK: "scf.yield"(%{{[^ ]+}}, %{{[^ ]+}}, %[[LAST]], %{{[^ ]+}})
// CHECK: }) : (i32, i32) -> (i32, i32, i32)
// CHECK-NEXT: %[[R:[^ ]+]] = "arith.subi"(%[[W]]#2, %[[T]])
// CHECK-NEXT: "func.return"(%[[R]])
"func.func"() <{function_type = (i32) -> (), sym_name = "obs", sym_visibility = "private"}> ({
}) : () -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "live_across"}> ({
^bb0(%n: i32, %s: i32):
  %c0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %t = "arith.muli"(%s, %s) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.br"(%c0, %s)[^bb1] : (i32, i32) -> ()
^bb1(%i: i32, %acc: i32):
  %last = "arith.addi"(%acc, %t) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %c = "arith.cmpi"(%i, %n) <{predicate = 2 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%c)[^bb2, ^bb3] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^bb2:
  "func.call"(%last) <{callee = @obs}> : (i32) -> ()
  %i2 = "arith.addi"(%i, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "cf.br"(%i2, %last)[^bb1] : (i32, i32) -> ()
^bb3:
  %r = "arith.subi"(%last, %t) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "func.return"(%r) : (i32) -> ()
}) : () -> ()

// -----

// A loop nothing leaves: it gets an exit edge that is never taken.
// CHECK-LABEL: sym_name = "infinite"
// CHECK: %[[TRUE:[^ ]+]] = "arith.constant"() <{value = true}>
// CHECK: "scf.if"
// CHECK: "scf.while"() ({
// CHECK-NEXT: "func.call"(%arg1)
// CHECK-NEXT: "scf.if"(%[[TRUE]])
// CHECK: "scf.condition"
"func.func"() <{function_type = (i32) -> (), sym_name = "obs", sym_visibility = "private"}> ({
}) : () -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "infinite"}> ({
^bb0(%a: i32, %b: i32):
  %c = "arith.cmpi"(%a, %b) <{predicate = 2 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%c)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^bb1:
  "func.return"(%a) : (i32) -> ()
^bb2:
  "func.call"(%b) <{callee = @obs}> : (i32) -> ()
  "cf.br"()[^bb2] : () -> ()
}) : () -> ()

// -----

// A kernel: gpu.func bodies are lifted the same way.
// CHECK-LABEL: "gpu.func"
// CHECK: "scf.while"
// CHECK: "scf.if"
// CHECK: "scf.if"
// CHECK: "func.call"
// CHECK: "scf.condition"
// CHECK: "gpu.return"() : () -> ()
// CHECK-NEXT: }) {gpu.kernel, sym_name = "kernel"}
"gpu.module"() <{sym_name = "kernels"}> ({
  "func.func"() <{function_type = (i32) -> (), sym_name = "obs", sym_visibility = "private"}> ({
  }) : () -> ()
  "gpu.func"() <{function_type = (i32, i32) -> ()}> ({
  ^bb0(%n: i32, %k: i32):
    %c0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    "cf.br"(%c0)[^bb1] : (i32) -> ()
  ^bb1(%i: i32):
    %c = "arith.cmpi"(%i, %n) <{predicate = 2 : i64}> : (i32, i32) -> i1
    "cf.cond_br"(%c)[^bb2, ^bb4] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb2:
    %odd = "arith.andi"(%i, %c1) : (i32, i32) -> i32
    %e = "arith.cmpi"(%odd, %c0) <{predicate = 0 : i64}> : (i32, i32) -> i1
    "cf.cond_br"(%e)[^bb3, ^bb5] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb3:
    "func.call"(%i) <{callee = @obs}> : (i32) -> ()
    "cf.br"()[^bb5] : () -> ()
  ^bb5:
    %i2 = "arith.addi"(%i, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "cf.br"(%i2)[^bb1] : (i32) -> ()
  ^bb4:
    "gpu.return"() : () -> ()
  }) {gpu.kernel, sym_name = "kernel"} : () -> ()
}) : () -> ()

// -----

// A CFG inside scf.execute_region is lifted too (first, being innermost);
// an unreachable block goes away; a cond_br with one target twice; a block
// that branches to itself.
// CHECK-LABEL: sym_name = "odds_and_ends"
// CHECK: %[[X:[^ ]+]] = "scf.execute_region"() ({
// CHECK-NEXT: %[[C:[^ ]+]] = "arith.cmpi"
// CHECK-NEXT: %[[M:[^ ]+]] = "scf.if"(%[[C]]) ({
// CHECK-NEXT: "scf.yield"(%arg0)
// CHECK-NEXT: }, {
// CHECK-NEXT: "scf.yield"(%arg1)
// CHECK-NEXT: }) : (i1) -> i32
// CHECK-NEXT: "scf.yield"(%[[M]])
// CHECK-NEXT: }) : () -> i32
// CHECK-NEXT: %[[W:[^ ]+]]:2 = "scf.while"(%[[X]])
// CHECK: "func.return"(%[[W]]#1)
"func.func"() <{function_type = (i32) -> (), sym_name = "obs", sym_visibility = "private"}> ({
}) : () -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "odds_and_ends"}> ({
^bb0(%a: i32, %b: i32):
  %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %x = "scf.execute_region"() ({
    %c = "arith.cmpi"(%a, %b) <{predicate = 6 : i64}> : (i32, i32) -> i1
    "cf.cond_br"(%c, %a, %b)[^bb1, ^bb1] <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (i1, i32, i32) -> ()
  ^bb1(%m: i32):
    "scf.yield"(%m) : (i32) -> ()
  ^bb2:
    "scf.yield"(%c1) : (i32) -> ()
  }) : () -> i32
  "cf.br"(%x)[^bb1] : (i32) -> ()
^bb1(%i: i32):
  "func.call"(%i) <{callee = @obs}> : (i32) -> ()
  %i2 = "arith.subi"(%i, %c1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %d = "arith.cmpi"(%i2, %c1) <{predicate = 4 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%d, %i2)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (i1, i32) -> ()
^bb2:
  "func.return"(%i2) : (i32) -> ()
}) : () -> ()
