// scf.for (which the GPU pipeline does not make from CUDA, but gpu-dialect
// input may have) is a WGSL loop with the induction variable in a var; with
// a barrier inside and uniform bounds it stays a loop.
// RUN: cuwasm-opt --emit=wgsl %s -o %t.wgsl
// RUN: naga %t.wgsl
// RUN: cuwasm-opt --emit=wgsl %s | FileCheck %s

// CHECK: var [[SUM:r[0-9]+]]: f32;
// CHECK: var [[IV:iv[0-9]+]]: i32 = 0i;
// CHECK: [[SUM]] = 0e0f;
// CHECK-NEXT: loop {
// CHECK-NEXT: if !([[IV]] < {{v[0-9]+}}) {
// CHECK-NEXT: break;
// CHECK: workgroupBarrier();
// CHECK: [[IV]] = [[IV]] + 1i;
"builtin.module"() ({
  "gpu.module"() <{sym_name = "kernels"}> ({
    "gpu.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, i32) -> ()}> ({
    ^bb0(%out: !ptr.ptr<#ptr.generic_space>, %n: i32):
      %c0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
      %c1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
      %zero = "arith.constant"() <{value = 0.0 : f32}> : () -> f32
      %four = "arith.constant"() <{value = 4 : i64}> : () -> i64
      %tid = "gpu.thread_id"() <{dimension = #gpu<dim x>}> : () -> index
      %t = "arith.index_castui"(%tid) : (index) -> i32
      %tf = "arith.sitofp"(%t) : (i32) -> f32
      %sum = "scf.for"(%c0, %n, %c1, %zero) ({
      ^bb0(%i: i32, %acc: f32):
        %if = "arith.sitofp"(%i) : (i32) -> f32
        %p = "arith.mulf"(%if, %tf) : (f32, f32) -> f32
        %next = "arith.addf"(%acc, %p) : (f32, f32) -> f32
        "gpu.barrier"() : () -> ()
        "scf.yield"(%next) : (f32) -> ()
      }) : (i32, i32, i32, f32) -> f32
      %t64 = "arith.extsi"(%t) : (i32) -> i64
      %off = "arith.muli"(%t64, %four) : (i64, i64) -> i64
      %dst = "ptr.ptr_add"(%out, %off) : (!ptr.ptr<#ptr.generic_space>, i64) -> !ptr.ptr<#ptr.generic_space>
      "ptr.store"(%sum, %dst) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "sums"} : () -> ()
  }) : () -> ()
}) : () -> ()
