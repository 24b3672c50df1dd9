// cuwasm-opt --emit=wat on CUDA source runs the Wasm pipeline and prints the
// kernel module (docs/wasm-abi.md): the shared memory and memory_base are
// imported, each kernel is an exported (i64, i64) function, its thread loop
// runs 4 threads per v128, math the ISA lacks is imported from env, and the
// kernel's sizes are exported globals.
// RUN: cuwasm-opt --emit=wat %s | FileCheck %s
// RUN: cuwasm-opt --emit=wasm %s -o %t.wasm
// RUN: wasm-validate --enable-threads %t.wasm

// CHECK-DAG: (import "env" "memory" (memory {{.*}} 65536 shared))
// CHECK-DAG: (import "env" "memory_base" (global (;0;) i64))
// CHECK-DAG: (import "env" "expf" (func
// CHECK-DAG: (export "kernels.scale_exp" (func
// CHECK-DAG: (export "kernels.scale_exp#num_params" (global
// CHECK-DAG: (export "cuwasm_init" (func
// CHECK-DAG: (export "cuwasm_data_end" (global
// CHECK-DAG: f32x4.mul
// CHECK-DAG: v128.store
__global__ void scale_exp(float *y, const float *x, float a, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + expf(x[i]);
}
