// mem2reg. The frontend's local variables are cuda.alloca; these tests use
// test.alloca, an unregistered stand-in the pass also promotes. The CFG cases
// were checked against mlir-opt-22's mem2reg on memref.alloca/load/store:
// the same block arguments and operands, but a zero where MLIR has ub.poison.

// RUN: cuwasm-opt %s --allow-unregistered-dialect --split-input-file --pass-pipeline='builtin.module(func.func(mem2reg))' | FileCheck %s
// RUN: cuwasm-opt %s --allow-unregistered-dialect --split-input-file --pass-pipeline='builtin.module(func.func(mem2reg))' --pass-statistics 2>&1 >/dev/null | FileCheck %s --check-prefix=STATS

// Blocks: the merge block gets an argument, passed by both branches.
// CHECK-LABEL: sym_name = "diamond"
// CHECK-NEXT: ^bb0(%[[C:[^ ,)]+]]: i1, %[[A:[^ ,)]+]]: i32, %[[B:[^ ,)]+]]: i32):
// CHECK-NEXT: "cf.cond_br"(%[[C]])[^bb1, ^bb2]
// CHECK-NEXT: ^bb1:
// CHECK-NEXT: "cf.br"(%[[B]])[^bb3]
// CHECK-NEXT: ^bb2:
// CHECK-NEXT: %[[D:[^ ,)]+]] = "arith.addi"(%[[A]], %[[A]])
// CHECK-NEXT: "cf.br"(%[[D]])[^bb3]
// CHECK-NEXT: ^bb3(%[[R:[^ ,)]+]]: i32):
// CHECK-NEXT: "func.return"(%[[R]])
"func.func"() <{function_type = (i1, i32, i32) -> i32, sym_name = "diamond"}> ({
^bb0(%c: i1, %a: i32, %b: i32):
  %m = "test.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
  "ptr.store"(%a, %m) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  "cf.cond_br"(%c)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^bb1:
  "ptr.store"(%b, %m) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  "cf.br"()[^bb3] : () -> ()
^bb2:
  %x = "ptr.load"(%m) : (!ptr.ptr<#ptr.generic_space>) -> i32
  %y = "arith.addi"(%x, %x) : (i32, i32) -> i32
  "ptr.store"(%y, %m) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  "cf.br"()[^bb3] : () -> ()
^bb3:
  %r = "ptr.load"(%m) : (!ptr.ptr<#ptr.generic_space>) -> i32
  "func.return"(%r) : (i32) -> ()
}) : () -> ()
// STATS: mem2reg ('builtin.module' > 'func.func')
// STATS-NEXT: (num-block-args) 1
// STATS-NEXT: (num-promoted) 1
// STATS-NEXT: (num-results-added) 0

// -----

// A loop of blocks: the header gets the argument; reading before any store
// gives zero (MLIR: ub.poison), passed on the edge that skips the store.
// CHECK-LABEL: sym_name = "loop"
// CHECK: %[[Z:[^ ,)]+]] = "arith.constant"() <{value = 0 : i32}>
// CHECK: "cf.br"(%[[Z]])[^bb1]
// CHECK-NEXT: ^bb1(%[[I:[^ ,)]+]]: i32):
// CHECK: ^bb3:
// CHECK-NEXT: "func.return"(%[[I]])
"func.func"() <{function_type = (i32) -> i32, sym_name = "loop"}> ({
^bb0(%n: i32):
  %m = "test.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
  "cf.br"()[^bb1] : () -> ()
^bb1:
  %i = "ptr.load"(%m) : (!ptr.ptr<#ptr.generic_space>) -> i32
  %c = "arith.cmpi"(%i, %n) <{predicate = 2 : i64}> : (i32, i32) -> i1
  "cf.cond_br"(%c)[^bb2, ^bb3] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
^bb2:
  %one = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %i2 = "arith.addi"(%i, %one) : (i32, i32) -> i32
  "ptr.store"(%i2, %m) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  "cf.br"()[^bb1] : () -> ()
^bb3:
  %r = "ptr.load"(%m) : (!ptr.ptr<#ptr.generic_space>) -> i32
  "func.return"(%r) : (i32) -> ()
}) : () -> ()

// -----

// Structured control flow: scf.if gets a result (and an else region),
// scf.for an iter_arg.
// CHECK-LABEL: sym_name = "structured"
// CHECK-NEXT: ^bb0(%[[C:[^ ,)]+]]: i1, %[[A:[^ ,)]+]]: i32, %[[N:[^ ,)]+]]: index):
// CHECK: %[[IF:[^ ,)]+]] = "scf.if"(%[[C]])
// CHECK-NEXT: %[[SQ:[^ ,)]+]] = "arith.muli"(%[[A]], %[[A]])
// CHECK-NEXT: "scf.yield"(%[[SQ]])
// CHECK-NEXT: }, {
// CHECK-NEXT: "scf.yield"(%[[A]])
// CHECK-NEXT: }) : (i1) -> i32
// CHECK-NEXT: %[[FOR:[^ ,)]+]] = "scf.for"(%{{[^ ,)]+}}, %[[N]], %{{[^ ,)]+}}, %[[IF]])
// CHECK-NEXT: ^bb0(%[[IV:[^ ,)]+]]: index, %[[ACC:[^ ,)]+]]: i32):
// CHECK-NEXT: %[[II:[^ ,)]+]] = "arith.index_cast"(%[[IV]])
// CHECK-NEXT: %[[S:[^ ,)]+]] = "arith.addi"(%[[ACC]], %[[II]])
// CHECK-NEXT: "scf.yield"(%[[S]])
// CHECK: "func.return"(%[[FOR]])
"func.func"() <{function_type = (i1, i32, index) -> i32, sym_name = "structured"}> ({
^bb0(%c: i1, %a: i32, %n: index):
  %c0 = "arith.constant"() <{value = 0 : index}> : () -> index
  %c1 = "arith.constant"() <{value = 1 : index}> : () -> index
  %m = "test.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
  "ptr.store"(%a, %m) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  "scf.if"(%c) ({
    %x = "ptr.load"(%m) : (!ptr.ptr<#ptr.generic_space>) -> i32
    %y = "arith.muli"(%x, %x) : (i32, i32) -> i32
    "ptr.store"(%y, %m) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "scf.yield"() : () -> ()
  }, {
  }) : (i1) -> ()
  "scf.for"(%c0, %n, %c1) ({
  ^bb0(%i: index):
    %x = "ptr.load"(%m) : (!ptr.ptr<#ptr.generic_space>) -> i32
    %ii = "arith.index_cast"(%i) : (index) -> i32
    %s = "arith.addi"(%x, %ii) : (i32, i32) -> i32
    "ptr.store"(%s, %m) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "scf.yield"() : () -> ()
  }) : (index, index, index) -> ()
  %r = "ptr.load"(%m) : (!ptr.ptr<#ptr.generic_space>) -> i32
  "func.return"(%r) : (i32) -> ()
}) : () -> ()
// STATS: (num-block-args) 0
// STATS-NEXT: (num-promoted) 1
// STATS-NEXT: (num-results-added) 2

// -----

// Negative: an escaping address, a volatile access, two access types and
// shared memory are left alone.
// CHECK-LABEL: sym_name = "kept"
// CHECK-COUNT-3: "test.alloca"
// CHECK: "cuda.shared_alloc"
// CHECK: "ptr.store"
"func.func"() <{function_type = (i32) -> (!ptr.ptr<#ptr.generic_space>, i32, f32), sym_name = "kept"}> ({
^bb0(%a: i32):
  %e = "test.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
  "ptr.store"(%a, %e) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  %v = "test.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
  "ptr.store"(%a, %v) <{volatile_}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  %x = "ptr.load"(%v) : (!ptr.ptr<#ptr.generic_space>) -> i32
  %t = "test.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
  "ptr.store"(%a, %t) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  %f = "ptr.load"(%t) : (!ptr.ptr<#ptr.generic_space>) -> f32
  %s = "cuda.shared_alloc"() <{count = 1 : i64, element_type = i32, name = "s"}> : () -> !ptr.ptr<#ptr.generic_space>
  "ptr.store"(%a, %s) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  "func.return"(%e, %x, %f) : (!ptr.ptr<#ptr.generic_space>, i32, f32) -> ()
}) : () -> ()
