// __activemask (cuda.activemask: the lanes that run the call, here the
// first 20 of a divergent branch, then all 32) and __syncwarp with and
// without a mask (cuda.syncwarp: a warp exchanging values through shared
// memory sees every lane's store).
// RUN: cuwasm-opt %s | FileCheck %s --check-prefix=IR
// RUN: cuwasm-run --device=cpu %s | FileCheck %s
// RUN: cuwasm-run --device=wasm %s | FileCheck %s
// RUN: cuwasm-run --device=webgpu %s | FileCheck %s
// RUN: cuwasm-opt %s --emit=hip | FileCheck %s --check-prefix=HIP
// RUN: cuwasm-opt %s --emit=hip -o %t.hip
// RUN: hipcc --offload-arch=gfx90a -O2 -w %t.hip -o %t.exe

// IR: "cuda.activemask"() : () -> i32
// IR: %[[ALL:[0-9]+]] = "arith.constant"() <{value = -1 : i32}> : () -> i32
// IR-NEXT: "cuda.syncwarp"(%[[ALL]]) : (i32) -> ()
// HIP: cuwasm_activemask()
// HIP: cuwasm_syncwarp(

#include <stdio.h>

__global__ void warp(unsigned *masks, int *swapped) {
  __shared__ int s[32];
  int lane = threadIdx.x;
  unsigned m = 0;
  if (lane < 20) m = __activemask();
  masks[lane] = m;
  masks[32 + lane] = __activemask();
  s[lane] = lane * lane;
  __syncwarp();
  swapped[lane] = s[31 - lane];
  __syncwarp(0xffffffffu);
}

int main() {
  unsigned *dm, m[64];
  int *ds, s[32];
  cudaMalloc(&dm, sizeof m);
  cudaMalloc(&ds, sizeof s);
  warp<<<1, 32>>>(dm, ds);
  cudaMemcpy(m, dm, sizeof m, cudaMemcpyDeviceToHost);
  cudaMemcpy(s, ds, sizeof s, cudaMemcpyDeviceToHost);
  // CHECK: 0x000fffff 0x000fffff 0000000000 0xffffffff
  printf("%#010x %#010x %#010x %#010x\n", m[0], m[19], m[20], m[45]);
  // (31 - lane)^2 for lanes 0, 1, 30, 31.
  // CHECK-NEXT: 961 900 1 0
  printf("%d %d %d %d\n", s[0], s[1], s[30], s[31]);
  int bad = 0;
  for (int i = 0; i < 32; i++)
    bad += m[i] != (i < 20 ? 0xfffffu : 0u) || m[32 + i] != 0xffffffffu || s[i] != (31 - i) * (31 - i);
  // CHECK-NEXT: bad 0
  printf("bad %d\n", bad);
  return 0;
}
