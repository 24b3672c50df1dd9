// Memory: __constant__ and __device__ variables with their initializers,
// static __shared__ arrays and per-thread arrays at the top of the kernel,
// extern __shared__ memory, byte-offset pointers (an address made from an
// integer without arithmetic on null), loads and stores with the IR's
// alignment or volatile, atomics; __launch_bounds__ from the block size the
// IR bounds (PTX .maxntid).
// RUN: cuwasm-opt %s --emit=hip | FileCheck %s
// RUN: cuwasm-opt %s --emit=hip -o %t.hip
// RUN: hipcc --offload-arch=gfx90a --cuda-device-only -O2 -w -c %t.hip -o %t.o

// CHECK: __constant__ float c_taps[3] = {0.25f, 0.5f, -INFINITY};
// CHECK-NEXT: alignas(16) __device__ uint64_t g_count[2];
// CHECK: extern "C" __global__ void __launch_bounds__(256) mem(char *[[P:v[0-9]+]], uint64_t [[ADDR:v[0-9]+]], float [[X:v[0-9]+]]) {
// CHECK-NEXT: __shared__ float tile_0[64];
// CHECK-NEXT: uint32_t local_1[4];
// CHECK-NEXT: const float [[T:v[0-9]+]] = cuwasm_load<float>((char *)c_taps);
// CHECK-NEXT: cuwasm_store<float>((char *)tile_0, [[T]]);
// CHECK-NEXT: char *const [[Q:v[0-9]+]] = (char *)(uintptr_t)(int64_t)[[ADDR]];
// CHECK-NEXT: const uint32_t [[U:v[0-9]+]] = cuwasm_load<uint32_t, 2>([[Q]]);
// CHECK-NEXT: cuwasm_volatile_store<uint32_t>((char *)local_1, [[U]]);
// CHECK-NEXT: char *const [[D:v[0-9]+]] = (char *)cuwasm_dynamic_shared + (int64_t)4ull;
// CHECK-NEXT: const uint32_t [[L:v[0-9]+]] = cuwasm_load<uint32_t>([[D]]);
// CHECK-NEXT: const float [[OLD:v[0-9]+]] = atomicAdd((float *)[[P]], (float)[[X]]);
// CHECK-NEXT: const uint64_t {{v[0-9]+}} = cuwasm_atomic_smax64((char *)g_count, [[ADDR]]);
// CHECK-NEXT: const uint32_t {{v[0-9]+}} = atomicCAS_system((unsigned int *)[[Q]], (unsigned int)[[U]], (unsigned int)[[L]]);
// CHECK-NEXT: atomicInc((unsigned int *)[[Q]], (unsigned int)[[L]]);
"builtin.module"() ({
  "gpu.module"() <{sym_name = "kernels"}> ({
    "cuda.global_var"() <{count = 3 : i64, element_type = f32, initial_value = dense<[0.25, 0.5, 0xFF800000]> : tensor<3xf32>, space = #cuda<space constant>, sym_name = "c_taps"}> : () -> ()
    "cuda.global_var"() <{alignment = 16 : i64, count = 2 : i64, element_type = i64, space = #cuda<space global>, sym_name = "g_count"}> : () -> ()
    "gpu.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, i64, f32) -> ()}> ({
    ^bb0(%p: !ptr.ptr<#ptr.generic_space>, %addr: i64, %x: f32):
      %taps = "cuda.global_addr"() <{global_name = @c_taps}> : () -> !ptr.ptr<#ptr.generic_space>
      %t = "ptr.load"(%taps) : (!ptr.ptr<#ptr.generic_space>) -> f32
      %tile = "cuda.shared_alloc"() <{count = 64 : i64, element_type = f32, name = "tile"}> : () -> !ptr.ptr<#ptr.generic_space>
      "ptr.store"(%t, %tile) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      %null = "ptr.constant"() <{value = #ptr.null}> : () -> !ptr.ptr<#ptr.generic_space>
      %q = "ptr.ptr_add"(%null, %addr) : (!ptr.ptr<#ptr.generic_space>, i64) -> !ptr.ptr<#ptr.generic_space>
      %u = "ptr.load"(%q) <{alignment = 2 : i64}> : (!ptr.ptr<#ptr.generic_space>) -> i32
      %slot = "cuda.alloca"() <{count = 4 : i64, element_type = i32}> : () -> !ptr.ptr<#ptr.generic_space>
      "ptr.store"(%u, %slot) <{volatile_}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      %dyn = "cuda.dynamic_shared"() : () -> !ptr.ptr<#ptr.generic_space>
      %four = "arith.constant"() <{value = 4 : i64}> : () -> i64
      %d = "ptr.ptr_add"(%dyn, %four) : (!ptr.ptr<#ptr.generic_space>, i64) -> !ptr.ptr<#ptr.generic_space>
      %l = "ptr.load"(%d) : (!ptr.ptr<#ptr.generic_space>) -> i32
      %old = "cuda.atomic_rmw"(%p, %x) <{kind = #cuda<atomic_kind add>}> : (!ptr.ptr<#ptr.generic_space>, f32) -> f32
      %g = "cuda.global_addr"() <{global_name = @g_count}> : () -> !ptr.ptr<#ptr.generic_space>
      %m = "cuda.atomic_rmw"(%g, %addr) <{kind = #cuda<atomic_kind max>}> : (!ptr.ptr<#ptr.generic_space>, i64) -> i64
      %cas = "cuda.atomic_cas"(%q, %u, %l) <{scope = #cuda<scope system>}> : (!ptr.ptr<#ptr.generic_space>, i32, i32) -> i32
      %inc = "cuda.atomic_rmw"(%q, %l) <{kind = #cuda<atomic_kind inc>}> : (!ptr.ptr<#ptr.generic_space>, i32) -> i32
      "ptr.store"(%old, %p) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%m, %p) : (i64, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%cas, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "gpu.return"() : () -> ()
    }) {cuda.maxntid = array<i32: 128, 2, 1>, gpu.kernel, sym_name = "mem"} : () -> ()
  }) : () -> ()
}) {gpu.container_module} : () -> ()
