// The cuda dialect's device ops that stay to the target: warp reductions
// and the active mask through the prelude's 32-lane helpers, block
// reductions and fences as HIP's, the fast intrinsics by CUDA's names, and
// the PTX frontend's saturating, flushing, approximate and rounded ops.
// RUN: cuwasm-opt %s --emit=hip | FileCheck %s
// RUN: cuwasm-opt %s --emit=hip -o %t.hip
// RUN: hipcc --offload-arch=gfx90a --cuda-device-only -O2 -w -c %t.hip -o %t.o

// CHECK: extern "C" __global__ void ops(char *[[P:v[0-9]+]], uint32_t [[A:v[0-9]+]], float [[X:v[0-9]+]], bool [[C:v[0-9]+]]) {
// CHECK-NEXT: const uint32_t [[M:v[0-9]+]] = cuwasm_activemask();
// CHECK-NEXT: const uint32_t {{v[0-9]+}} = cuwasm_redux_bit_xor([[M]], [[A]]);
// CHECK-NEXT: const uint32_t {{v[0-9]+}} = cuwasm_redux_max([[M]], [[A]]);
// CHECK-NEXT: const uint32_t {{v[0-9]+}} = (uint32_t)__syncthreads_count((int)[[C]]);
// CHECK-NEXT: const uint32_t {{v[0-9]+}} = (uint32_t)(__syncthreads_or((int)[[C]]) != 0);
// CHECK-NEXT: __threadfence_block();
// CHECK-NEXT: __threadfence_system();
// CHECK-NEXT: const uint64_t {{v[0-9]+}} = (uint64_t)clock64();
// CHECK-NEXT: const uint32_t {{v[0-9]+}} = cuwasm_brev32([[A]]);
// CHECK-NEXT: const float {{v[0-9]+}} = __expf([[X]]);
// CHECK-NEXT: const float {{v[0-9]+}} = __fdividef([[X]], [[X]]);
// CHECK-NEXT: const uint32_t {{v[0-9]+}} = (uint32_t)cuwasm_fptoi_sat<int32_t, float>([[X]], (float)-2147483648.0, (float)2147483648.0, (int32_t)2147483648u, (int32_t)2147483647u);
// CHECK-NEXT: const float {{v[0-9]+}} = (fabsf([[X]]) < 1.17549435e-38f ? copysignf(0.0f, [[X]]) : [[X]]);
// CHECK-NEXT: const float {{v[0-9]+}} = 1 / [[X]];
// CHECK-NEXT: const float {{v[0-9]+}} = sqrtf([[X]]);
"builtin.module"() ({
  "gpu.module"() <{sym_name = "kernels"}> ({
    "gpu.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, i32, f32, i1) -> ()}> ({
    ^bb0(%p: !ptr.ptr<#ptr.generic_space>, %a: i32, %x: f32, %c: i1):
      %m = "cuda.activemask"() : () -> i32
      %r0 = "cuda.redux_sync"(%m, %a) <{kind = #cuda<redux_kind xor>}> : (i32, i32) -> i32
      %r1 = "cuda.redux_sync"(%m, %a) <{kind = #cuda<redux_kind max>}> : (i32, i32) -> i32
      %n = "cuda.syncthreads_count"(%c) : (i1) -> i32
      %o = "cuda.syncthreads_or"(%c) : (i1) -> i32
      "cuda.threadfence"() <{scope = #cuda<scope block>}> : () -> ()
      "cuda.threadfence"() <{scope = #cuda<scope system>}> : () -> ()
      %t = "cuda.read_sreg"() <{register = #cuda<sreg clock64>}> : () -> i64
      %b = "cuda.brev"(%a) : (i32) -> i32
      %e = "cuda.fast_math"(%x) <{intrinsic = #cuda<fast_math __expf>}> : (f32) -> f32
      %d = "cuda.fast_math"(%x, %x) <{intrinsic = #cuda<fast_math __fdividef>}> : (f32, f32) -> f32
      %s = "cuda.fptosi_sat"(%x) : (f32) -> i32
      %f = "cuda.flush_denormal"(%x) : (f32) -> f32
      %rc = "cuda.approx"(%x) <{function = #cuda<approx rcp>}> : (f32) -> f32
      %sq = "cuda.rounded"(%x) <{op = #cuda<rounded_op sqrt>, rounding = #cuda<rounding rn>}> : (f32) -> f32
      "ptr.store"(%r0, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%r1, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%n, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%o, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%t, %p) : (i64, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%b, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%e, %p) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%d, %p) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%s, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%f, %p) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%rc, %p) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%sq, %p) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "ops"} : () -> ()
  }) : () -> ()
}) {gpu.container_module} : () -> ()
