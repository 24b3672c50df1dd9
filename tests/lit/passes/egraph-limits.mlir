// egraph, bounded runs. Two sums of the same eight values, bracketed in
// opposite orders: with reassociate=full, associativity and commutativity
// make the e-graph grow exponentially, so the run stops at a limit, and what
// it found by then is extracted: one sum, times 8 and times 3 (sharing the
// constant 3). The default reassociation (outward) grows linearly (here 94
// e-nodes after its 5 iterations, against the thousands full reassociation
// would make) and does not find that the two sums are equal. Every
// stop yields verified IR (cuwasm-opt verifies after the pass). The time
// limit is set high where the node or iteration limit must be the one that
// binds, so that the output does not depend on the machine. (Costed for
// wasm, where x * 8 is worth a shift.)

// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(egraph{target=wasm reassociate=full node-limit=300 time-limit-ms=100000 stats=true}))' 2>&1 | FileCheck %s --check-prefix=NODES
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(egraph{target=wasm reassociate=full iter-limit=0 stats=true}))' 2>&1 | FileCheck %s --check-prefix=ITERS
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(egraph{target=wasm reassociate=full iter-limit=2 time-limit-ms=100000 stats=true}))' 2>&1 | FileCheck %s --check-prefix=TWO
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(egraph{target=wasm reassociate=full time-limit-ms=0 stats=true}))' 2>&1 | FileCheck %s --check-prefix=TIME
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(egraph{target=wasm reassociate=full node-limit=300 time-limit-ms=100000}))' --pass-statistics 2>&1 >/dev/null | FileCheck %s --check-prefix=STATS
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(egraph{target=wasm reassociate=full}))' | FileCheck %s --check-prefix=DEFAULT
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(egraph{target=wasm time-limit-ms=100000 stats=true}))' 2>&1 | FileCheck %s --check-prefix=OUTWARD
// RUN: not cuwasm-opt %s --pass-pipeline='builtin.module(func.func(egraph{reassociate=some}))' 2>&1 | FileCheck %s --check-prefix=BADMODE
// RUN: not cuwasm-opt %s --pass-pipeline='builtin.module(func.func(egraph{target=x86}))' 2>&1 | FileCheck %s --check-prefix=BADTARGET
// RUN: not cuwasm-opt %s --pass-pipeline='builtin.module(func.func(egraph{node-limit=-1}))' 2>&1 | FileCheck %s --check-prefix=BADLIMIT

// NODES: remark: egraph (target wasm): 1 blocks, 1 rewritten; {{[0-9]+}} nodes, {{[0-9]+}} classes, 3 iterations; stop: node-limit 1; cost 74 -> 41; ops 18 -> 10
// NODES-LABEL: sym_name = "long_sums"
// NODES-COUNT-7: "arith.addi"
// NODES-NEXT: %[[C3:[^ ,)]+]] = "arith.constant"() <{value = 3 : i32}>
// NODES-NEXT: %[[X8:[^ ,)]+]] = "arith.shli"(%[[SUM:[^ ,)]+]], %[[C3]])
// NODES-NEXT: %[[X3:[^ ,)]+]] = "arith.muli"(%[[SUM]], %[[C3]])
// NODES-NEXT: "func.return"(%[[X8]], %[[X3]])

// No iteration: the e-graph is the block itself (deduplicated, folded), which
// is not cheaper, so the block is left as it was.
// ITERS: remark: egraph (target wasm): 1 blocks, 0 rewritten; 29 nodes, 29 classes, 0 iterations; stop: iteration-limit 1; cost 74 -> 74; ops 18 -> 18
// ITERS-COUNT-7: "arith.addi"
// ITERS-NEXT: "arith.muli"
// ITERS-COUNT-7: "arith.addi"
// ITERS-NEXT: "arith.muli"

// Two iterations find x * 8 => x << 3 but not yet that the sums are equal.
// TWO: remark: egraph (target wasm): 1 blocks, 1 rewritten; {{.*}} 2 iterations; stop: iteration-limit 1; cost 74 -> 57
// TWO: "arith.shli"
// TWO: "arith.muli"

// TIME: remark: egraph (target wasm): 1 blocks, {{.*}} stop: time-limit 1;

// STATS: egraph ('builtin.module' > 'func.func')
// STATS-NEXT: (cost-after) 41
// STATS-NEXT: (cost-before) 74
// STATS-NEXT: (num-blocks) 1
// STATS-NEXT: (num-blocks-rewritten) 1
// STATS-NEXT: (num-classes) {{[0-9]+}}
// STATS-NEXT: (num-iterations) 3
// STATS-NEXT: (num-nodes) {{[0-9]+}}
// STATS-NEXT: (num-ops-built) 10
// STATS-NEXT: (num-ops-lifted) 18
// STATS-NEXT: (num-rules-fired) {{[0-9]+}}
// STATS-NEXT: (num-stop-iteration-limit) 0
// STATS-NEXT: (num-stop-node-limit) 1
// STATS-NEXT: (num-stop-other) 0
// STATS-NEXT: (num-stop-saturated) 0
// STATS-NEXT: (num-stop-time-limit) 0

// With the defaults whichever limit binds first depends on the machine; the
// output is valid IR either way.
// DEFAULT-LABEL: sym_name = "long_sums"
// DEFAULT: "func.return"

// OUTWARD: remark: egraph (target wasm): 1 blocks, 1 rewritten; 94 nodes, 49 classes, 5 iterations; stop: iteration-limit 1; cost 74 -> 69; ops 18 -> 17
// OUTWARD-COUNT-7: "arith.addi"
// OUTWARD-NEXT: "arith.constant"() <{value = 3 : i32}>
// OUTWARD-NEXT: "arith.shli"
// OUTWARD-COUNT-7: "arith.addi"
// OUTWARD-NEXT: "arith.muli"

// BADTARGET: error: pass 'egraph': option 'target' expects one of ptx, spirv, wgsl, wasm, cpu, got 'x86'
// BADLIMIT: error: pass 'egraph': option 'node-limit' must not be negative, got -1
// BADMODE: error: pass 'egraph': option 'reassociate' expects outward or full, got 'some'

"func.func"() <{function_type = (i32, i32, i32, i32, i32, i32, i32, i32) -> (i32, i32), sym_name = "long_sums"}> ({
^bb0(%a0: i32, %a1: i32, %a2: i32, %a3: i32, %a4: i32, %a5: i32, %a6: i32, %a7: i32):
  %c3 = "arith.constant"() <{value = 3 : i32}> : () -> i32
  %c8 = "arith.constant"() <{value = 8 : i32}> : () -> i32
  %s1 = "arith.addi"(%a0, %a1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %s2 = "arith.addi"(%s1, %a2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %s3 = "arith.addi"(%s2, %a3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %s4 = "arith.addi"(%s3, %a4) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %s5 = "arith.addi"(%s4, %a5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %s6 = "arith.addi"(%s5, %a6) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %s7 = "arith.addi"(%s6, %a7) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %m = "arith.muli"(%s7, %c8) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %t6 = "arith.addi"(%a6, %a7) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %t5 = "arith.addi"(%a5, %t6) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %t4 = "arith.addi"(%a4, %t5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %t3 = "arith.addi"(%a3, %t4) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %t2 = "arith.addi"(%a2, %t3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %t1 = "arith.addi"(%a1, %t2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %t0 = "arith.addi"(%a0, %t1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %n = "arith.muli"(%t0, %c3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "func.return"(%m, %n) : (i32, i32) -> ()
}) : () -> ()
