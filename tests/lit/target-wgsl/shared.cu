// __shared__ arrays are workgroup variables of their size; extern __shared__
// is one array of the cuwasm_dynamic_shared_words override, which the
// runtime sets per launch; __syncthreads() orders storage and workgroup
// memory; the loop around the barrier has a uniform trip count (blockDim),
// so it stays a loop.
// RUN: cuwasm-opt --emit=wgsl %s -o %t.wgsl
// RUN: naga %t.wgsl
// RUN: cuwasm-opt --emit=wgsl %s | FileCheck %s

// CHECK: override cuwasm_dynamic_shared_words: u32 = 1u;
// CHECK: var<workgroup> [[TILE:s[0-9]+_tile]]: array<f32, 256>;
// CHECK: var<workgroup> cuwasm_dynamic_shared: array<f32, cuwasm_dynamic_shared_words>;
// CHECK: [[TILE]][{{.*}}] =
// CHECK: cuwasm_dynamic_shared[{{.*}}] =
// CHECK: storageBarrier();
// CHECK-NEXT: workgroupBarrier();
// CHECK: loop {
// CHECK: storageBarrier();
// CHECK-NEXT: workgroupBarrier();
__global__ void block_sums(float *out, const float *in) {
  extern __shared__ float partial[];
  __shared__ float tile[256];
  unsigned t = threadIdx.x;
  tile[t] = in[blockIdx.x * blockDim.x + t];
  partial[t] = 2.0f * tile[t];
  __syncthreads();
  for (unsigned s = blockDim.x / 2; s > 0; s >>= 1) {
    if (t < s) partial[t] += partial[t + s];
    __syncthreads();
  }
  if (t == 0) out[blockIdx.x] = partial[0];
}
