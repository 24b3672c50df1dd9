// convert-gpu-to-simd: an scf.if whose branch yields the result of an
// scf.while with a barrier (nvcc's and clang's PTX of a tiled loop under a
// bounds check). Lowering the while replaces its results by values kept in
// scratch; the branch must yield those, read after the branch is lowered
// (the result used to be read before, and the store of it named the erased
// while: "operand #0 is defined by a detached operation").

// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(convert-gpu-to-simd)' | FileCheck %s

// CHECK-LABEL: sym_name = "m.k"
// The while iterates while any thread is active.
// CHECK: "scf.while"
// CHECK: "scf.condition"
// After it, the if's result goes from the while's result slot to the if's.
// CHECK: "ptr.store"
// CHECK: "func.return"() : () -> ()
// CHECK-NOT: "gpu.
"gpu.module"() <{sym_name = "m"}> ({
  "gpu.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, i32) -> ()}> ({
  ^bb0(%out: !ptr.ptr<#ptr.generic_space>, %n: i32):
    %zero = "arith.constant"() <{value = 0.0 : f32}> : () -> f32
    %one = "arith.constant"() <{value = 1.0 : f32}> : () -> f32
    %c0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %skip = "arith.cmpi"(%n, %c0) <{predicate = 3 : i64}> : (i32, i32) -> i1
    %lim = "arith.sitofp"(%n) : (i32) -> f32
    %r = "scf.if"(%skip) ({
      "scf.yield"(%zero) : (f32) -> ()
    }, {
      %w = "scf.while"(%zero) ({
      ^bb0(%a: f32):
        "gpu.barrier"() : () -> ()
        %next = "arith.addf"(%a, %one) : (f32, f32) -> f32
        %more = "arith.cmpf"(%next, %lim) <{predicate = 4 : i64}> : (f32, f32) -> i1
        "scf.condition"(%more, %next) : (i1, f32) -> ()
      }, {
      ^bb0(%b: f32):
        "scf.yield"(%b) : (f32) -> ()
      }) : (f32) -> f32
      "scf.yield"(%w) : (f32) -> ()
    }) : (i1) -> f32
    %t = "gpu.thread_id"() <{dimension = #gpu<dim x>}> : () -> index
    %t64 = "arith.index_castui"(%t) : (index) -> i64
    %four = "arith.constant"() <{value = 4 : i64}> : () -> i64
    %off = "arith.muli"(%t64, %four) : (i64, i64) -> i64
    %q = "ptr.ptr_add"(%out, %off) : (!ptr.ptr<#ptr.generic_space>, i64) -> !ptr.ptr<#ptr.generic_space>
    "ptr.store"(%r, %q) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
    "gpu.return"() : () -> ()
  }) {gpu.kernel, sym_name = "k"} : () -> ()
}) : () -> ()
