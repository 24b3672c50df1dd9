// cpu-bounds-checks puts every load, store and atomic of a kernel under
// scf.if of @cuwasm_rt_check_access(address, bytes, kind, tx, ty, tz) (kind 0
// read, 1 write, 2 atomic); a refused load or atomic yields zero. Device
// variables are registered by a function the driver runs before main. The
// checked kernel still lowers to a block function.

// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(cpu-bounds-checks)' | FileCheck %s
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(cpu-bounds-checks,convert-gpu-to-simd)' | FileCheck %s --check-prefix=SIMD

// CHECK: "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, i64) -> (), sym_name = "cuwasm_rt_register_symbol", sym_visibility = "private"}>
// CHECK: "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, i64, i32, i32, i32, i32) -> i1, sym_name = "cuwasm_rt_check_access", sym_visibility = "private"}>
// CHECK-LABEL: "gpu.module"() <{sym_name = "kernels"}>

"builtin.module"() ({
  "gpu.module"() <{sym_name = "kernels"}> ({
    "cuda.global_var"() <{count = 4 : i64, element_type = i32, space = #cuda<space global>, sym_name = "g"}> : () -> ()
    "gpu.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, f32) -> ()}> ({
    ^bb0(%x: !ptr.ptr<#ptr.generic_space>, %a: f32):
      // CHECK: ^bb0(%[[X:.+]]: !ptr.ptr<#ptr.generic_space>, %[[A:.+]]: f32):
      // CHECK: %[[SIZE:.+]] = "ptr.type_offset"() <{elementType = f32}> : () -> i64
      // CHECK-NEXT: %[[READ:.+]] = "arith.constant"() <{value = 0 : i32}> : () -> i32
      // CHECK-NEXT: %[[TX:.+]] = "gpu.thread_id"() <{dimension = #gpu<dim x>}> : () -> index
      // CHECK-NEXT: %[[TX32:.+]] = "arith.index_castui"(%[[TX]]) : (index) -> i32
      // CHECK-NEXT: %[[TY:.+]] = "gpu.thread_id"() <{dimension = #gpu<dim y>}> : () -> index
      // CHECK-NEXT: %[[TY32:.+]] = "arith.index_castui"(%[[TY]]) : (index) -> i32
      // CHECK-NEXT: %[[TZ:.+]] = "gpu.thread_id"() <{dimension = #gpu<dim z>}> : () -> index
      // CHECK-NEXT: %[[TZ32:.+]] = "arith.index_castui"(%[[TZ]]) : (index) -> i32
      // CHECK-NEXT: %[[OK:.+]] = "func.call"(%[[X]], %[[SIZE]], %[[READ]], %[[TX32]], %[[TY32]], %[[TZ32]]) <{callee = @cuwasm_rt_check_access}> : (!ptr.ptr<#ptr.generic_space>, i64, i32, i32, i32, i32) -> i1
      // CHECK-NEXT: %[[V:.+]] = "scf.if"(%[[OK]]) ({
      // CHECK-NEXT: %[[L:.+]] = "ptr.load"(%[[X]]) : (!ptr.ptr<#ptr.generic_space>) -> f32
      // CHECK-NEXT: "scf.yield"(%[[L]]) : (f32) -> ()
      // CHECK-NEXT: }, {
      // CHECK-NEXT: %[[Z:.+]] = "arith.constant"() <{value = 0.000000e+00 : f32}> : () -> f32
      // CHECK-NEXT: "scf.yield"(%[[Z]]) : (f32) -> ()
      // CHECK-NEXT: }) : (i1) -> f32
      %v = "ptr.load"(%x) : (!ptr.ptr<#ptr.generic_space>) -> f32
      // CHECK: %[[M:.+]] = "arith.mulf"(%[[V]], %[[A]])
      %m = "arith.mulf"(%v, %a) : (f32, f32) -> f32
      // CHECK: %[[WRITE:.+]] = "arith.constant"() <{value = 1 : i32}> : () -> i32
      // CHECK: %[[OK2:.+]] = "func.call"(%[[X]], %{{.+}}, %[[WRITE]], %{{.+}}, %{{.+}}, %{{.+}}) <{callee = @cuwasm_rt_check_access}>
      // CHECK-NEXT: "scf.if"(%[[OK2]]) ({
      // CHECK-NEXT: "ptr.store"(%[[M]], %[[X]]) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      // CHECK-NEXT: "scf.yield"() : () -> ()
      // CHECK-NEXT: }, {
      // CHECK-NEXT: }) : (i1) -> ()
      "ptr.store"(%m, %x) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      %g = "cuda.global_addr"() <{global_name = @g}> : () -> !ptr.ptr<#ptr.generic_space>
      %one = "arith.constant"() <{value = 1 : i32}> : () -> i32
      // CHECK: %[[ATOMIC:.+]] = "arith.constant"() <{value = 2 : i32}> : () -> i32
      // CHECK: "func.call"(%{{.+}}, %{{.+}}, %[[ATOMIC]], %{{.+}}, %{{.+}}, %{{.+}}) <{callee = @cuwasm_rt_check_access}>
      // CHECK-NEXT: "scf.if"
      // CHECK-NEXT: "cuda.atomic_rmw"
      // CHECK: "arith.constant"() <{value = 0 : i32}> : () -> i32
      // CHECK-NEXT: "scf.yield"
      // CHECK-NEXT: }) : (i1) -> i32
      %old = "cuda.atomic_rmw"(%g, %one) <{kind = #cuda<atomic_kind add>}> : (!ptr.ptr<#ptr.generic_space>, i32) -> i32
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "k"} : () -> ()
    // CHECK: "func.func"() <{function_type = () -> (), sym_name = "__cuwasm_register_symbols"}> ({
    // CHECK-NEXT: %[[NAME:.+]] = "cuda.string_literal"() <{value = "kernels.g"}>
    // CHECK-NEXT: %[[ADDR:.+]] = "cuda.global_addr"() <{global_name = @g}>
    // CHECK-NEXT: %[[ONE:.+]] = "ptr.type_offset"() <{elementType = i32}> : () -> i64
    // CHECK-NEXT: %[[N:.+]] = "arith.constant"() <{value = 4 : i64}> : () -> i64
    // CHECK-NEXT: %[[BYTES:.+]] = "arith.muli"(%[[ONE]], %[[N]])
    // CHECK-NEXT: "func.call"(%[[NAME]], %[[ADDR]], %[[BYTES]]) <{callee = @cuwasm_rt_register_symbol}>
    // CHECK-NEXT: "func.return"() : () -> ()
  }) : () -> ()
}) {gpu.container_module} : () -> ()

// After convert-gpu-to-simd the thread ids are the thread loop's, and the
// registration function is a top-level function under its flat name.
// SIMD-LABEL: sym_name = "kernels.k"
// SIMD: "scf.for"
// SIMD-NOT: gpu.thread_id
// SIMD: "func.call"({{.*}}) <{callee = @cuwasm_rt_check_access}>
// SIMD-NOT: gpu.thread_id
// SIMD: sym_name = "kernels.__cuwasm_register_symbols"
