// cuwasm-opt reads .cu files: the device code becomes a gpu.module with the
// kernel as a gpu.func; locals are cuda.alloca slots that mem2reg promotes.
// RUN: cuwasm-opt %s | FileCheck %s
// RUN: cuwasm-opt -x cuda -DSCALE=3 %s | FileCheck %s --check-prefix=SCALE
// RUN: cuwasm-opt %s --mem2reg | FileCheck %s --check-prefix=M2R

#ifndef SCALE
#define SCALE 1
#endif

// CHECK: "builtin.module"() ({
// CHECK-NEXT: "gpu.module"() <{sym_name = "kernels"}> ({
// CHECK: "gpu.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, i32) -> ()}>
// CHECK: "cuda.alloca"() <{count = 1 : i64, element_type = i32}>
// CHECK: "cuda.block_idx"() <{dimension = #cuda<dim x>}> : () -> i32
// CHECK: "cuda.block_dim"() <{dimension = #cuda<dim x>}> : () -> i32
// CHECK: "cuda.thread_idx"() <{dimension = #cuda<dim x>}> : () -> i32
// CHECK: "arith.cmpi"
// CHECK: "scf.if"
// CHECK: "ptr.ptr_add"
// CHECK: "arith.addf"
// CHECK: "ptr.store"
// CHECK: "gpu.return"() : () -> ()
// CHECK: {gpu.kernel, sym_name = "vector_add"}
// CHECK: {gpu.container_module}

// SCALE: "arith.constant"() <{value = 3 : i32}>
// SCALE: "arith.muli"

// M2R-NOT: "cuda.alloca"
// M2R: "cuda.thread_idx"
// M2R: "scf.if"
// M2R-NOT: "cuda.alloca"

__global__ void vector_add(const float *a, const float *b, float *c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    c[i] = (a[i] + b[i]) * (SCALE * 1);
  }
}
