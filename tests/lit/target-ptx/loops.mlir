// scf.for (an index induction variable, loop-carried values swapped in a
// parallel copy), an scf.for with a constant trip count (unrolled), and cf
// branches between blocks with arguments (labels and copies). ptx_target.rs
// runs this kernel on the CPU path through the PTX frontend and checks its
// results against a reference.
// RUN: cuwasm-opt %s --emit=ptx | FileCheck %s

// CHECK: .visible .entry loops(
// CHECK: setp.ge.s64 [[P:%p[0-9]+]], [[I:%rd[0-9]+]], [[N:%rd[0-9]+]];
// CHECK-NEXT: @[[P]] bra [[EXIT:\$L__[0-9]+]];
// CHECK-NEXT: [[HEAD:\$L__[0-9]+]]:
// CHECK: add.s64 [[I]], [[I]], {{%rd[0-9]+}};
// CHECK-NEXT: setp.lt.s64 [[Q:%p[0-9]+]], [[I]], [[N]];
// CHECK-NEXT: @[[Q]] bra [[HEAD]];
// CHECK-NEXT: [[EXIT]]:
// CHECK-NOT: bra
// CHECK: bra.uni [[BB1:\$L__BB_[0-9]+]];
// CHECK-NEXT: [[BB1]]:
// CHECK: st.global.u32
"builtin.module"() ({
  "gpu.module"() <{sym_name = "kernels"}> ({
    "gpu.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, i32) -> ()}> ({
    ^bb0(%out: !ptr.ptr<#ptr.generic_space>, %n: i32):
      %c0 = "arith.constant"() <{value = 0 : index}> : () -> index
      %c1 = "arith.constant"() <{value = 1 : index}> : () -> index
      %c3 = "arith.constant"() <{value = 3 : index}> : () -> index
      %c4i = "arith.constant"() <{value = 4 : i64}> : () -> i64
      %z = "arith.constant"() <{value = 0 : i32}> : () -> i32
      %tid = "gpu.thread_id"() <{dimension = #gpu<dim x>}> : () -> index
      %t = "arith.index_castui"(%tid) : (index) -> i32
      %ni = "arith.index_cast"(%n) : (i32) -> index
      // sum over i in [0, n) step 1 of (i * t), then the pair swapped 3 times
      %s:3 = "scf.for"(%c0, %ni, %c1, %z, %t, %z) ({
      ^bb0(%i: index, %acc: i32, %a: i32, %b: i32):
        %ii = "arith.index_cast"(%i) : (index) -> i32
        %p = "arith.muli"(%ii, %t) : (i32, i32) -> i32
        %acc2 = "arith.addi"(%acc, %p) : (i32, i32) -> i32
        "scf.yield"(%acc2, %b, %a) : (i32, i32, i32) -> ()
      }) : (index, index, index, i32, i32, i32) -> (i32, i32, i32)
      // a constant trip count: unrolled
      %u = "scf.for"(%c0, %c3, %c1, %s#0) ({
      ^bb0(%j: index, %v: i32):
        %jj = "arith.index_cast"(%j) : (index) -> i32
        %w = "arith.addi"(%v, %jj) : (i32, i32) -> i32
        "scf.yield"(%w) : (i32) -> ()
      }) : (index, index, index, i32) -> i32
      "cf.br"(%u, %s#1)[^bb1] : (i32, i32) -> ()
    ^bb1(%x: i32, %y: i32):
      %odd = "arith.andi"(%x, %t) : (i32, i32) -> i32
      %c = "arith.cmpi"(%odd, %z) <{predicate = 0 : i64}> : (i32, i32) -> i1
      "cf.cond_br"(%c, %x, %y)[^bb2, ^bb3] <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (i1, i32, i32) -> ()
    ^bb2(%r2: i32):
      "cf.br"(%r2)[^bb4] : (i32) -> ()
    ^bb3(%r3: i32):
      %neg = "arith.subi"(%z, %r3) : (i32, i32) -> i32
      "cf.br"(%neg)[^bb4] : (i32) -> ()
    ^bb4(%r: i32):
      %off = "arith.extui"(%t) : (i32) -> i64
      %byte = "arith.muli"(%off, %c4i) : (i64, i64) -> i64
      %slot = "ptr.ptr_add"(%out, %byte) : (!ptr.ptr<#ptr.generic_space>, i64) -> !ptr.ptr<#ptr.generic_space>
      "ptr.store"(%r, %slot) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "loops"} : () -> ()
  }) : () -> ()
}) : () -> ()
