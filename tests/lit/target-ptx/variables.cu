// __device__ and __constant__ variables keep their names (the driver finds
// them with cuModuleGetGlobal) as .visible .global/.const byte arrays with
// their initializers; kernels read __constant__ memory with ld.const and
// write __device__ memory with st.global; dynamic shared memory is the
// module's .extern .shared array; a local array with a dynamic index lives
// in .local.
// RUN: cuwasm-opt %s --emit=ptx | FileCheck %s

// CHECK: .visible .const .align 4 .b8 coeffs[16] = {0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64};
// CHECK: .visible .global .align 4 .b8 counter[4];
// CHECK: .extern .shared .align 16 .b8 __cuwasm_dynamic_shared[];
// CHECK: .visible .entry weights(
// CHECK: mov.u32 {{%r[0-9]+}}, __cuwasm_dynamic_shared;
// CHECK: mov.u64 {{%rd[0-9]+}}, coeffs;
// CHECK: ld.const.f32
// CHECK: st.shared.f32
// CHECK: mov.u64 [[G:%rd[0-9]+]], counter;
// CHECK-NEXT: st.global.u32 {{\[}}[[G]]], {{%r[0-9]+}};
// CHECK: .local .align 16 .b8 __local_{{[0-9]+}}_array[32];
// CHECK: st.local.u32
// CHECK: ld.local.u32
__constant__ float coeffs[4] = {1.0f, 2.0f, 3.0f, 4.0f};
__device__ int counter;

__global__ void weights(const float *x, float *y, int n) {
  extern __shared__ float stage[];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    stage[threadIdx.x] = coeffs[i & 3] * x[i];
    y[i] = stage[threadIdx.x];
  }
  if (i == 0) counter = n;
}

__global__ void local_table(const int *idx, int *out) {
  int table[8];
  for (int k = 0; k < 8; ++k) table[k] = k * idx[k];
  out[threadIdx.x] = table[idx[threadIdx.x] & 7];
}
