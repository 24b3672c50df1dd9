// vectorize-thread-loops: a thread loop whose body it handles runs 4 threads
// per iteration (uniform values scalar, the thread id as splat + lane_id,
// unit-stride accesses as vector loads/stores, a divergent `if` as masks) with
// the scalar loop kept for the remaining threads; a loop it does not handle
// (gathers through an index array, atomics) stays scalar.
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(inline,mem2reg,lift-cf-to-scf,canonicalize,cse,convert-cuda-to-gpu,canonicalize,cse,convert-gpu-to-simd,vectorize-thread-loops,canonicalize,cse)' | FileCheck %s

// CHECK-LABEL: sym_name = "kernels.saxpy"
// CHECK: %[[LANE:[^ ]+]] = "simd.lane_id"() : () -> vector<4xi32>
// CHECK: %[[ACTIVE:[^ ]+]] = "arith.cmpi"(%{{[^)]+}}) <{predicate = 2 : i64}> : (vector<4xi32>, vector<4xi32>) -> vector<4xi1>
// CHECK: "simd.all"(%[[ACTIVE]])
// CHECK: "ptr.load"(%{{[^)]+}}) : (!ptr.ptr<#ptr.generic_space>) -> vector<4xf32>
// CHECK: "simd.gather"({{.*}}%[[ACTIVE]]
// CHECK: "arith.mulf"({{.*}}vector<4xf32>
// CHECK: "arith.addf"({{.*}}vector<4xf32>
// CHECK: "ptr.store"({{.*}}(vector<4xf32>, !ptr.ptr<#ptr.generic_space>) -> ()
// CHECK: "simd.scatter"({{.*}}%[[ACTIVE]])
// The scalar remainder loop:
// CHECK: "scf.for"
// CHECK: "arith.mulf"(%{{[^)]+}}) : (f32, f32) -> f32
// CHECK: "func.return"
__global__ void saxpy(int n, float a, const float *x, float *y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

// CHECK-LABEL: sym_name = "kernels.gather"
// CHECK-NOT: vector<
// CHECK: "func.return"
__global__ void gather(const int *idx, const float *x, float *y) {
  int i = threadIdx.x;
  y[i] = x[idx[i]];
}

// CHECK-LABEL: sym_name = "kernels.count"
// CHECK-NOT: vector<
// CHECK: "cuda.atomic_rmw"
__global__ void count(int *c) {
  atomicAdd(c, 1);
}
