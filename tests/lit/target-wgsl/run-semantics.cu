// End to end on WebGPU: what the WGSL target emulates gives the CPU path's
// results (the same CHECK lines for both devices): 64-bit multiply, divide,
// remainder, shifts, comparisons and conversions to float; 8- and 16-bit
// arithmetic and byte/halfword stores; a shuffle in a branch uniform per warp
// only (predicated), a ballot by some lanes of a warp, a barrier in a loop
// whose trip count differs between threads, __syncthreads_count; float
// atomicAdd, atomicInc/Dec, atomicMin/Max/Exch/Or and increments by an
// atomicCAS retry loop (their sum does not depend on the threads' order).
// RUN: cuwasm-run --device=cpu %s | FileCheck %s
// RUN: cuwasm-run --device=webgpu %s | FileCheck %s

// CHECK: int64 hash 14152165431718549956
// CHECK-NEXT: int64 mismatches 0
// CHECK-NEXT: 16808535988486243917 0 3236672325241168803 0 3236672325241168803 0 3236672325241168803 1
// CHECK-NEXT: float 2384.699859 0x1.6757c2p+61 0x1.6757c2p+61
// CHECK-NEXT: narrow -4466813244021342130 -41 108 5592 -71
// CHECK-NEXT: divergent -6620331810592242272 1768161264 -1688761056 699050 0
// CHECK-NEXT: atomics 128.0 54 745 1785 5 4294967295 -255 255
#include <cstdio>
#include <cstdint>
__global__ void int64_ops(const unsigned long long *a, const unsigned long long *b, unsigned long long *out, float *f, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  unsigned long long x = a[i], y = b[i] | 1ull;
  long long sx = (long long)x, sy = (long long)y;
  out[i * 8 + 0] = x * y;
  out[i * 8 + 1] = x / y;
  out[i * 8 + 2] = x % y;
  out[i * 8 + 3] = (unsigned long long)(sx / sy);
  out[i * 8 + 4] = (unsigned long long)(sx % sy);
  out[i * 8 + 5] = (x >> (i % 64)) ^ (x << (i % 61));
  out[i * 8 + 6] = (unsigned long long)(sx >> (i % 64));
  out[i * 8 + 7] = (x < y) + 2 * (sx < sy) + 4 * (x == y);
  f[i * 2] = (float)x;
  f[i * 2 + 1] = (float)sx;
}

__global__ void narrow(const int *in, int *out, unsigned char *bytes, short *halves, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  int v = in[i];
  signed char c = (signed char)v;
  unsigned char uc = (unsigned char)v;
  short s = (short)(v * 3);
  out[i * 4 + 0] = c / 3 + (c >> 2);
  out[i * 4 + 1] = uc / 3 + (uc >> 2) + (c < 0);
  out[i * 4 + 2] = s % 7 + (unsigned short)s / 5;
  out[i * 4 + 3] = (int)(float)c + (int)((float)v * 1e30f > 0 ? 2147483647 : 0);
  bytes[i] = (unsigned char)(v + 1);
  halves[i] = (short)(v - 5);
}

__global__ void divergent(const int *in, int *out, unsigned *ballots) {
  int t = threadIdx.x;
  int lane = t & 31, warp = t >> 5;
  int v = in[blockIdx.x * blockDim.x + t];
  // A shuffle in a branch that is uniform per warp only.
  if (warp % 2 == 1) {
    for (int d = 1; d < 32; d *= 2) v += __shfl_xor_sync(0xffffffffu, v, d);
  }
  // A vote in a branch divergent inside the warp: only running lanes vote.
  unsigned b = 0;
  if (lane < 20) b = __ballot_sync(0xffffffffu, (v & 1) != 0);
  // A loop around a barrier with a per-thread trip count.
  __shared__ int acc[256];
  acc[t] = 0;
  __syncthreads();
  for (int k = 0; k < (t % 5); k++) {
    acc[(t + k) % blockDim.x] += 0;
    __syncthreads();
    if (t == k) acc[0] += 1;
    __syncthreads();
  }
  int c = __syncthreads_count(v > 0);
  out[blockIdx.x * blockDim.x + t] = v + c * 1000 + acc[0] * 100000;
  ballots[blockIdx.x * blockDim.x + t] = b;
}

__global__ void atomics(float *fsum, unsigned *u, int *s, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  atomicAdd(fsum, 0.5f);
  atomicInc(&u[0], 100u);
  atomicDec(&u[1], 1000u);
  atomicMin(&s[0], -i);
  atomicMax(&u[2], (unsigned)i * 7u);
  atomicExch(&u[3], 5u);
  atomicOr(&u[4], 1u << (i % 32));
  int old = s[1], assumed;
  do {
    assumed = old;
    old = atomicCAS(&s[1], assumed, assumed + 1);
  } while (old != assumed);
}

int main() {
  const int n = 256;
  unsigned long long ha[n], hb[n], hout[n * 8];
  float hf[n * 2];
  unsigned long long seed = 0x9E3779B97F4A7C15ull;
  for (int i = 0; i < n; i++) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    ha[i] = seed ^ (seed >> 17);
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    hb[i] = (i % 3 == 0) ? (seed >> (i % 60)) : seed;
  }
  unsigned long long *da, *db, *dout; float *df;
  cudaMalloc(&da, sizeof ha); cudaMalloc(&db, sizeof hb); cudaMalloc(&dout, sizeof hout); cudaMalloc(&df, sizeof hf);
  cudaMemcpy(da, ha, sizeof ha, cudaMemcpyHostToDevice);
  cudaMemcpy(db, hb, sizeof hb, cudaMemcpyHostToDevice);
  int64_ops<<<4, 64>>>(da, db, dout, df, n);
  cudaMemcpy(hout, dout, sizeof hout, cudaMemcpyDeviceToHost);
  cudaMemcpy(hf, df, sizeof hf, cudaMemcpyDeviceToHost);
  unsigned long long h = 0;
  for (int i = 0; i < n * 8; i++) h = h * 31 + hout[i];
  printf("int64 hash %llu\n", h);
  // The host computes the same (its C semantics are the reference).
  int bad = 0;
  for (int i = 0; i < n; i++) {
    unsigned long long x = ha[i], y = hb[i] | 1ull;
    long long sx = (long long)x, sy = (long long)y;
    unsigned long long want[8] = {x * y, x / y, x % y, (unsigned long long)(sx / sy),
                                  (unsigned long long)(sx % sy), (x >> (i % 64)) ^ (x << (i % 61)),
                                  (unsigned long long)(sx >> (i % 64)),
                                  (unsigned long long)((x < y) + 2 * (sx < sy) + 4 * (x == y))};
    for (int k = 0; k < 8; k++) bad += hout[i * 8 + k] != want[k];
    bad += hf[i * 2] != (float)x;
    bad += hf[i * 2 + 1] != (float)sx;
  }
  printf("int64 mismatches %d\n", bad);
  for (int i = 0; i < 8; i++) printf("%llu ", hout[i]);
  printf("\n");
  double fs = 0; for (int i = 0; i < n * 2; i++) fs += hf[i] / 1e18;
  printf("float %.6f %a %a\n", fs, hf[0], hf[1]);

  int hin[n], hnout[n * 4]; unsigned char hbytes[n]; short hhalves[n];
  for (int i = 0; i < n; i++) hin[i] = (i * 2654435761u) ^ (i << 3);
  int *din, *dnout; unsigned char *dbytes; short *dhalves;
  cudaMalloc(&din, sizeof hin); cudaMalloc(&dnout, sizeof hnout); cudaMalloc(&dbytes, sizeof hbytes); cudaMalloc(&dhalves, sizeof hhalves);
  cudaMemcpy(din, hin, sizeof hin, cudaMemcpyHostToDevice);
  narrow<<<2, 128>>>(din, dnout, dbytes, dhalves, n);
  cudaMemcpy(hnout, dnout, sizeof hnout, cudaMemcpyDeviceToHost);
  cudaMemcpy(hbytes, dbytes, sizeof hbytes, cudaMemcpyDeviceToHost);
  cudaMemcpy(hhalves, dhalves, sizeof hhalves, cudaMemcpyDeviceToHost);
  long long ns = 0; for (int i = 0; i < n * 4; i++) ns = ns * 7 + hnout[i];
  for (int i = 0; i < n; i++) ns = ns * 3 + hbytes[i] + hhalves[i];
  printf("narrow %lld %d %d %d %d\n", ns, hnout[4], hnout[5], hnout[6], hnout[7]);

  int *dout2; unsigned *dballots; int hout2[n]; unsigned hballots[n];
  cudaMalloc(&dout2, sizeof hout2); cudaMalloc(&dballots, sizeof hballots);
  divergent<<<2, 128>>>(din, dout2, dballots);
  cudaMemcpy(hout2, dout2, sizeof hout2, cudaMemcpyDeviceToHost);
  cudaMemcpy(hballots, dballots, sizeof hballots, cudaMemcpyDeviceToHost);
  long long ds = 0; for (int i = 0; i < n; i++) ds = ds * 5 + hout2[i] + hballots[i];
  printf("divergent %lld %d %d %u %u\n", ds, hout2[33], hout2[200], hballots[3], hballots[25]);

  float *dfs; unsigned *du; int *ds2; float hfs = 0; unsigned hu[5] = {0, 0, 0, 0, 0}; int hs[2] = {0, -1};
  cudaMalloc(&dfs, 4); cudaMalloc(&du, sizeof hu); cudaMalloc(&ds2, sizeof hs);
  cudaMemcpy(dfs, &hfs, 4, cudaMemcpyHostToDevice);
  cudaMemcpy(du, hu, sizeof hu, cudaMemcpyHostToDevice);
  cudaMemcpy(ds2, hs, sizeof hs, cudaMemcpyHostToDevice);
  atomics<<<2, 128>>>(dfs, du, ds2, n);
  cudaMemcpy(&hfs, dfs, 4, cudaMemcpyDeviceToHost);
  cudaMemcpy(hu, du, sizeof hu, cudaMemcpyDeviceToHost);
  cudaMemcpy(hs, ds2, sizeof hs, cudaMemcpyDeviceToHost);
  printf("atomics %.1f %u %u %u %u %u %d %d\n", hfs, hu[0], hu[1], hu[2], hu[3], hu[4], hs[0], hs[1]);
  return 0;
}
