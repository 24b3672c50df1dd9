// Shared memory in the .shared state space through 32-bit addresses, the
// block barrier, CUDA's warp shuffles as shfl.sync with their own modes
// (down, bfly, up, idx) over the full warp, and a float atomicAdd whose old
// value is unused as red.global.add.f32.
// RUN: cuwasm-opt %s --emit=ptx | FileCheck %s

// CHECK: .visible .entry block_sum(
// CHECK: .shared .align 16 .b8 [[SMEM:__shared_[0-9]+_partial]][128];
// CHECK: mov.u32 [[BASE:%r[0-9]+]], [[SMEM]];
// CHECK: shfl.sync.down.b32 {{%f[0-9]+}}, {{%f[0-9]+}}, {{%r[0-9]+}}, 31, -1;
// CHECK: add.s32 [[SLOT:%r[0-9]+]], [[BASE]], {{%r[0-9]+}};
// CHECK-NEXT: st.shared.f32 {{\[}}[[SLOT]]], {{%f[0-9]+}};
// CHECK: bar.sync 0;
// CHECK: ld.shared.f32
// CHECK: shfl.sync.bfly.b32 {{%f[0-9]+}}, {{%f[0-9]+}}, {{%r[0-9]+}}, 31, -1;
// CHECK: red.global.add.f32 [{{%rd[0-9]+}}], {{%f[0-9]+}};
__global__ void block_sum(const float *in, float *out, int n) {
  __shared__ float partial[32];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float v = i < n ? in[i] : 0.0f;
  for (int d = 16; d > 0; d >>= 1) v += __shfl_down_sync(0xffffffffu, v, d);
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  if (lane == 0) partial[warp] = v;
  __syncthreads();
  if (warp == 0) {
    v = lane < (int)(blockDim.x >> 5) ? partial[lane] : 0.0f;
    for (int m = 16; m > 0; m >>= 1) v += __shfl_xor_sync(0xffffffffu, v, m);
    if (lane == 0) atomicAdd(out, v);
  }
}

// CHECK: .visible .entry neighbours(
// CHECK: shfl.sync.up.b32 {{%r[0-9]+}}, {{%r[0-9]+}}, {{%r[0-9]+}}, 0, -1;
// CHECK: shfl.sync.idx.b32 {{%r[0-9]+}}, {{%r[0-9]+}}, {{%r[0-9]+}}, 31, -1;
__global__ void neighbours(int *x) {
  int v = x[threadIdx.x];
  int up = __shfl_up_sync(0xffffffffu, v, 1);
  int first = __shfl_sync(0xffffffffu, v, 0);
  x[threadIdx.x] = up + first;
}
