// Warp operations keep CUDA's warp of 32 lanes on wavefronts of 64 (gfx90a,
// --emit=hip) and 32 (gfx1100, --emit=hip-wave32): the same kernel text, the
// wavefront size in the prelude's ballot. Each file compiles for its GPU.
// RUN: cuwasm-opt %s --emit=hip | FileCheck %s --check-prefixes=CHECK,W64
// RUN: cuwasm-opt %s --emit=hip-wave32 | FileCheck %s --check-prefixes=CHECK,W32
// RUN: cuwasm-opt %s --emit=hip -o %t.64.hip
// RUN: hipcc --offload-arch=gfx90a --cuda-device-only -O2 -w -c %t.64.hip -o %t.64.o
// RUN: cuwasm-opt %s --emit=hip-wave32 -o %t.32.hip
// RUN: hipcc --offload-arch=gfx1100 --cuda-device-only -nogpulib -O2 -w -S %t.32.hip -o %t.32.s

// W64: #define CUWASM_WAVEFRONT 64
// W32: #define CUWASM_WAVEFRONT 32
// The prelude: a CUDA lane is the wavefront lane modulo 32; a ballot is the
// wavefront's, shifted to the lane's half of a wavefront of 64.
// CHECK: #if CUWASM_WAVEFRONT == 64
// CHECK-NEXT: return (uint32_t)(__ballot(p) >> (__lane_id() & 32u));
// CHECK-NEXT: #else
// CHECK-NEXT: return (uint32_t)__ballot(p);
// CHECK: return __shfl(v, (int)(lane & 31u), 32);
// CHECK: __device__ static inline uint32_t cuwasm_lane() { return cuwasm_wave_lane() & 31u; }

// CHECK: extern "C" __global__ void warp_ops(
// __shfl_down_sync(~0, v, 16): the source lane is lane + 16, or the lane
// itself past the end of its 32-lane warp (convert-cuda-to-gpu computes it).
// CHECK: const uint64_t [[L:v[0-9]+]] = (uint64_t)cuwasm_lane();
// CHECK-NEXT: const uint32_t [[LANE:v[0-9]+]] = (uint32_t)[[L]];
// CHECK-NEXT: const uint32_t [[SEG:v[0-9]+]] = [[LANE]] & 4294967264u;
// CHECK-NEXT: const uint32_t [[LAST:v[0-9]+]] = [[SEG]] | 31u;
// CHECK-NEXT: const uint32_t [[J:v[0-9]+]] = [[LANE]] + 16u;
// CHECK-NEXT: const bool [[PAST:v[0-9]+]] = [[J]] > [[LAST]];
// CHECK-NEXT: const uint32_t [[SRC:v[0-9]+]] = ([[PAST]] ? [[LANE]] : [[J]]);
// CHECK-NEXT: const float {{v[0-9]+}} = cuwasm_shfl({{v[0-9]+}}, [[SRC]]);
// CHECK: const uint32_t {{v[0-9]+}} = cuwasm_vote_ballot(4294967295u, {{v[0-9]+}});
// CHECK: const bool {{v[0-9]+}} = cuwasm_vote_all(4294967295u, {{v[0-9]+}});
// CHECK: const bool {{v[0-9]+}} = cuwasm_vote_any(4294967295u, {{v[0-9]+}});
// A 64-bit value is shuffled whole (HIP's unsigned long overload).
// CHECK: const uint64_t [[W:v[0-9]+]] = cuwasm_load<uint64_t>(
// CHECK: const uint64_t {{v[0-9]+}} = cuwasm_shfl([[W]], {{v[0-9]+}});

__global__ void warp_ops(const float *in, float *out, unsigned *ballots,
                         unsigned long long *wide) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float v = in[i];
  v += __shfl_down_sync(0xffffffffu, v, 16);
  out[i] = v;
  unsigned b = __ballot_sync(0xffffffffu, v > 0.0f);
  int all = __all_sync(0xffffffffu, v > -1.0f);
  int any = __any_sync(0xffffffffu, v > 100.0f);
  ballots[i] = b + all + 2 * any;
  wide[i] = __shfl_xor_sync(0xffffffffu, wide[i], 1);
}
