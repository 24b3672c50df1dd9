// egraph, address and index arithmetic: constant factors distribute over
// i*N + j chains and come back out, shifts and multiplications by powers of
// two meet, and the extraction counts shared subexpressions once, so that
// neighbouring addresses share their common part. Thread and block ids are
// deduplicated like any pure op. Both reassociation modes find equally cheap
// forms. (Costed for wasm and ptx: the cpu model leaves multiplications by
// constants to the Cranelift target.)

// (The time limit is lifted so that a loaded machine cannot stop a run early.)
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 target=wasm}))' | FileCheck %s --check-prefixes=CHECK,OUT
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 target=wasm reassociate=full}))' | FileCheck %s --check-prefixes=CHECK,FULL
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 target=ptx reassociate=full}))' | FileCheck %s --check-prefix=PTX
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(egraph{time-limit-ms=100000 target=wasm stats=true}))' 2>&1 >/dev/null | FileCheck %s --check-prefix=STATS

// (i*64 + j)*4 and (i*64 + (j+1))*4 are byte offsets of a[i][j] and a[i][j+1]:
// they become ((i << 6) + j) << 2 (outward: the +1 moves out and becomes +4)
// or (i << 8) + (j << 2) (full), and that plus 4 (4 ops instead of 6, on
// wasm and on ptx, where index is 64-bit and multiplications dear).
// CHECK-LABEL: sym_name = "row_major"
// CHECK-NEXT: ^bb0(%[[I:[^ ,)]+]]: index, %[[J:[^ ,)]+]]: index):
// OUT-NEXT: %[[C6:[^ ,)]+]] = "arith.constant"() <{value = 6 : index}>
// OUT-NEXT: %[[ROW:[^ ,)]+]] = "arith.shli"(%[[I]], %[[C6]])
// OUT-NEXT: %[[IJ:[^ ,)]+]] = "arith.addi"(%[[ROW]], %[[J]])
// OUT-NEXT: %[[C2:[^ ,)]+]] = "arith.constant"() <{value = 2 : index}>
// OUT-NEXT: %[[OFF:[^ ,)]+]] = "arith.shli"(%[[IJ]], %[[C2]])
// FULL-NEXT: %[[C8:[^ ,)]+]] = "arith.constant"() <{value = 8 : index}>
// FULL-NEXT: %[[ROW:[^ ,)]+]] = "arith.shli"(%[[I]], %[[C8]])
// FULL-NEXT: %[[C2:[^ ,)]+]] = "arith.constant"() <{value = 2 : index}>
// FULL-NEXT: %[[COL:[^ ,)]+]] = "arith.shli"(%[[J]], %[[C2]])
// FULL-NEXT: %[[OFF:[^ ,)]+]] = "arith.addi"(%[[ROW]], %[[COL]])
// CHECK-NEXT: %[[C4:[^ ,)]+]] = "arith.constant"() <{value = 4 : index}>
// CHECK-NEXT: %[[OFF1:[^ ,)]+]] = "arith.addi"(%[[OFF]], %[[C4]])
// CHECK-NEXT: "func.return"(%[[OFF]], %[[OFF1]])
// PTX-LABEL: sym_name = "row_major"
// PTX-COUNT-2: "arith.shli"
// PTX-NEXT: "arith.addi"
// PTX-NEXT: "arith.constant"
// PTX-NEXT: "arith.addi"
// PTX-NEXT: "func.return"
// STATS: remark: egraph (target wasm): 1 blocks, 1 rewritten; {{[0-9]+}} nodes, {{[0-9]+}} classes, {{[0-9]+}} iterations; stop: saturated 1; cost 39 -> 19; ops 9 -> 7
"func.func"() <{function_type = (index, index) -> (index, index), sym_name = "row_major"}> ({
^bb0(%i: index, %j: index):
  %c64 = "arith.constant"() <{value = 64 : index}> : () -> index
  %c4 = "arith.constant"() <{value = 4 : index}> : () -> index
  %c1 = "arith.constant"() <{value = 1 : index}> : () -> index
  %row = "arith.muli"(%i, %c64) <{overflowFlags = #arith.overflow<nsw>}> : (index, index) -> index
  %idx = "arith.addi"(%row, %j) <{overflowFlags = #arith.overflow<nsw>}> : (index, index) -> index
  %off = "arith.muli"(%idx, %c4) <{overflowFlags = #arith.overflow<nsw>}> : (index, index) -> index
  %j1 = "arith.addi"(%j, %c1) <{overflowFlags = #arith.overflow<nsw>}> : (index, index) -> index
  %idx1 = "arith.addi"(%row, %j1) <{overflowFlags = #arith.overflow<nsw>}> : (index, index) -> index
  %off1 = "arith.muli"(%idx1, %c4) <{overflowFlags = #arith.overflow<nsw>}> : (index, index) -> index
  "func.return"(%off, %off1) : (index, index) -> ()
}) : () -> ()

// -----

// blockIdx.x * blockDim.x + threadIdx.x, written twice with the operands in
// another order, is computed once; gid2 << 2 + gid * 4 is gid * 8, a shift on
// wasm. The ids are built where they are first needed.
// CHECK-LABEL: sym_name = "global_id"
// CHECK-NEXT: ^bb0(%[[P:[^ ,)]+]]: !ptr.ptr<#ptr.generic_space>, %{{[^ ,)]+}}: i32):
// OUT-NEXT: %[[BX:[^ ,)]+]] = "cuda.block_idx"() <{dimension = #cuda<dim x>}>
// OUT-NEXT: %[[BD:[^ ,)]+]] = "cuda.block_dim"() <{dimension = #cuda<dim x>}>
// OUT-NEXT: %[[M:[^ ,)]+]] = "arith.muli"(%[[BX]], %[[BD]])
// OUT-NEXT: %[[TX:[^ ,)]+]] = "cuda.thread_idx"() <{dimension = #cuda<dim x>}>
// OUT-NEXT: %[[GID:[^ ,)]+]] = "arith.addi"(%[[M]], %[[TX]])
// FULL-NEXT: %[[TX:[^ ,)]+]] = "cuda.thread_idx"() <{dimension = #cuda<dim x>}>
// FULL-NEXT: %[[BX:[^ ,)]+]] = "cuda.block_idx"() <{dimension = #cuda<dim x>}>
// FULL-NEXT: %[[BD:[^ ,)]+]] = "cuda.block_dim"() <{dimension = #cuda<dim x>}>
// FULL-NEXT: %[[M:[^ ,)]+]] = "arith.muli"(%[[BX]], %[[BD]])
// FULL-NEXT: %[[GID:[^ ,)]+]] = "arith.addi"(%[[TX]], %[[M]])
// CHECK-NEXT: "ptr.store"(%[[GID]], %[[P]])
// CHECK-NEXT: %[[C3:[^ ,)]+]] = "arith.constant"() <{value = 3 : i32}>
// CHECK-NEXT: %[[X8:[^ ,)]+]] = "arith.shli"(%[[GID]], %[[C3]])
// CHECK-NEXT: "ptr.store"(%[[X8]], %[[P]])
// CHECK-NEXT: "func.return"()
// PTX-LABEL: sym_name = "global_id"
// PTX-COUNT-1: "cuda.thread_idx"
// PTX-NOT: "cuda.thread_idx"
// PTX: "ptr.store"
// PTX-NEXT: "arith.constant"
// PTX-NEXT: "arith.{{muli|shli}}"
// PTX-NEXT: "ptr.store"
// STATS: remark: egraph (target wasm): 1 blocks, 1 rewritten; {{.*}} cost 66 -> 29; ops 15 -> 7
"func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, i32) -> (), sym_name = "global_id"}> ({
^bb0(%p: !ptr.ptr<#ptr.generic_space>, %v: i32):
  %bx = "cuda.block_idx"() <{dimension = #cuda<dim x>}> : () -> i32
  %bd = "cuda.block_dim"() <{dimension = #cuda<dim x>}> : () -> i32
  %tx = "cuda.thread_idx"() <{dimension = #cuda<dim x>}> : () -> i32
  %0 = "arith.muli"(%bx, %bd) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %gid = "arith.addi"(%0, %tx) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "ptr.store"(%gid, %p) <{ordering = 0 : i32}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  %bx2 = "cuda.block_idx"() <{dimension = #cuda<dim x>}> : () -> i32
  %bd2 = "cuda.block_dim"() <{dimension = #cuda<dim x>}> : () -> i32
  %tx2 = "cuda.thread_idx"() <{dimension = #cuda<dim x>}> : () -> i32
  %1 = "arith.muli"(%bd2, %bx2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %gid2 = "arith.addi"(%tx2, %1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %c2 = "arith.constant"() <{value = 2 : i32}> : () -> i32
  %2 = "arith.shli"(%gid2, %c2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %c4 = "arith.constant"() <{value = 4 : i32}> : () -> i32
  %3 = "arith.muli"(%gid, %c4) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %4 = "arith.addi"(%2, %3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "ptr.store"(%4, %p) <{ordering = 0 : i32}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  "func.return"() : () -> ()
}) : () -> ()
