// A kernel's __half parameter is passed by address, as a 2-byte aggregate
// (CUDA's __half is a struct, and nvcc and clang pass it to kernels as
// `.param .align 2 .b8 p[2]`): the kernel takes a pointer to the caller's
// copy (cuwasm.byval_bytes 2) and reads the half from it; the launch stores
// the argument in a slot of its own and passes the slot. A device
// function's __half stays a value.
// RUN: cuwasm-opt %s | FileCheck %s
// RUN: cuwasm-opt --emit=ptx %s | FileCheck %s --check-prefix=PTX

#include <cuda_fp16.h>

__device__ __half twice(__half h) { return h + h; }

// CHECK: "gpu.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> ()}>
// CHECK-NEXT: ^bb0(%[[A:[^:]+]]: !ptr.ptr<#ptr.generic_space>, %{{[^:]+}}: !ptr.ptr<#ptr.generic_space>):
// CHECK-NEXT: %[[SLOT:[^ ]+]] = "cuda.alloca"() <{count = 1 : i64, element_type = f16}>
// CHECK-NEXT: %[[H:[^ ]+]] = "ptr.load"(%[[A]]) {{.*}} -> f16
// CHECK-NEXT: "ptr.store"(%[[H]], %[[SLOT]])
// CHECK: {cuwasm.byval_bytes = array<i64: 2, 0>, gpu.kernel, sym_name = "scale"}
// CHECK: "func.func"() <{function_type = (f16) -> f16, sym_name = "twice"
// PTX: .visible .entry scale(
// PTX-NEXT: .param .align {{[0-9]+}} .b8 scale_param_0[2],
// PTX-NEXT: .param .u64 scale_param_1
__global__ void scale(__half a, __half *x) { x[threadIdx.x] = twice(a) * x[threadIdx.x]; }

// CHECK-LABEL: sym_name = "main"
// CHECK: %[[ARG:[^ ]+]] = "func.call"(%{{[^)]+}}) <{callee = @__float2half}> : (f32) -> f16
// CHECK-NEXT: %[[COPY:[^ ]+]] = "cuda.alloca"() <{count = 1 : i64, element_type = f16}>
// CHECK-NEXT: "ptr.store"(%[[ARG]], %[[COPY]])
// CHECK: "cuda.launch"({{.*}}, %[[COPY]], %{{[^)]+}}) <{kernel = @kernels::@scale}>
int main() {
  __half *x;
  cudaMalloc(&x, 64);
  scale<<<1, 32>>>(__float2half(1.5f), x);
  return 0;
}
