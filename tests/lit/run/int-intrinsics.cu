// Integer intrinsics and conversions in a rounding mode (device_functions.h):
// __float2int_{rn,rz,ru,rd} and friends, __mul24/__umul24, __mulhi/__umulhi,
// __mul64hi/__umul64hi (128-bit products from 32-bit halves), __sad, __hadd
// and __rhadd without overflow. The CHECK line is Python's arithmetic.
// RUN: cuwasm-run --device=cpu %s | FileCheck %s
// RUN: cuwasm-run --device=wasm %s | FileCheck %s

// CHECK: -2 -2 -2 -3 4 3 3 -6 48 -931322575 3725290298 12 2147483647 -1 -2 -813152

#include <stdio.h>
__global__ void k(const float *f, const long long *l, long long *o) {
  float x = f[0], y = f[1];
  o[0] = __float2int_rn(x); o[1] = __float2int_rz(x); o[2] = __float2int_ru(x); o[3] = __float2int_rd(x);
  o[4] = __float2int_rn(y); o[5] = __double2ll_rd((double)y); o[6] = __float2uint_ru(2.25f);
  o[7] = __mul24(0x1000003, -2); o[8] = __umul24(0xff000010u, 3u); o[9] = __mulhi(-2000000000, 2000000000);
  o[10] = __umulhi(4000000000u, 4000000000u); o[11] = __sad(3, 10, 5u); o[12] = __hadd(2147483647, 2147483647); o[13] = __rhadd(-3, 0);
  o[14] = (long long)__umul64hi(0xffffffffffffffffull, 0xffffffffffffffffull); o[15] = __mul64hi(l[0], l[1]);
}
int main() {
  float f[2] = {-2.5f, 3.5f}; long long l[2] = {-3000000000000LL, 5000000000000LL}, o[16];
  float *df; long long *dl, *dout;
  cudaMalloc(&df, sizeof f); cudaMalloc(&dl, sizeof l); cudaMalloc(&dout, sizeof o);
  cudaMemcpy(df, f, sizeof f, cudaMemcpyHostToDevice); cudaMemcpy(dl, l, sizeof l, cudaMemcpyHostToDevice);
  k<<<1, 1>>>(df, dl, dout);
  cudaMemcpy(o, dout, sizeof o, cudaMemcpyDeviceToHost);
  for (int i = 0; i < 16; i++) printf("%lld ", o[i]);
  printf("\n");
  return 0;
}
