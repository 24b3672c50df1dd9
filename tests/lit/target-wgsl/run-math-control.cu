// End to end on WebGPU, the same lines as the CPU path: C's roundf (half
// away from zero), fminf/fmaxf ignoring NaN, truncf/floorf/ceilf, a
// saturating float-to-int conversion, copysignf, a __constant__ table set by
// cudaMemcpyToSymbol; powf of a negative base with an integral exponent
// (within 2 ulp of the host's); integer division and remainder, unsigned
// compares and shifts, a switch with fallthrough, do-while with continue, a
// dynamically indexed local array, atomics on __device__ variables read back
// with cudaMemcpyFromSymbol; shuffles (idx, up, down with width 16) and
// votes in a 3D block, whose lanes are CUDA's linear thread ids.
// RUN: cuwasm-run --device=cpu %s | FileCheck %s
// RUN: cuwasm-run --device=webgpu %s | FileCheck %s

// CHECK: math 557.345 -705.1547 -429.1548 716.9147 pow-far 0
// CHECK-NEXT: int -896185985617563481 13 2035733128 1146386020 | 512 68 55
// CHECK-NEXT: warp3d -4960822608460591680 21000035 132102146 238208252
#include <cstdio>
#include <cmath>
__constant__ float c_scale[4];
__device__ int d_counter;
__device__ unsigned d_hist[8];

__global__ void mathk(const float *x, float *y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float v = x[i];
  float r = 0;
  y[n + i] = powf(v, 3.0f);            // negative base, integral exponent
  r += roundf(v * 2.5f);               // half away from zero
  float qnan = __int_as_float(0x7fc00000);
  r += fminf(v, qnan) + fmaxf(qnan, v);  // NaN ignored
  r += truncf(v) + floorf(v) + ceilf(v);
  r += (float)(int)(v * 1e10f) * 1e-10f; // saturating conversion
  r += copysignf(1.0f, -v);
  r += c_scale[i & 3];
  y[i] = r;
}

__global__ void intk(const int *a, int *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  int x = a[i], d = a[(i + 1) % n] % 5;   // d may be 0
  unsigned ux = (unsigned)x;
  int acc = 0;
  if (d != 0) acc += x / d + x % d;
  acc += (int)(ux >> 3) + (x >> 3) + (int)(ux / 7u);
  acc += (ux < 100u) + 2 * (x < -100);
  switch (x & 7) {
    case 0: acc += 11; break;
    case 3: acc -= 5;  // fallthrough
    case 4: acc *= 3; break;
    default: acc ^= 0x55;
  }
  int k = 0;
  do { k++; if (k == 3) continue; acc += k; } while (k < (x & 15));
  int local[10];
  for (int j = 0; j < 10; j++) local[j] = x * j;
  acc += local[(unsigned)x % 10u];
  out[i] = acc;
  atomicAdd(&d_counter, 1);
  atomicAdd(&d_hist[ux % 8u], 1u);
}

__global__ void block3d(int *out) {
  int t = threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z);
  int lane = t & 31;
  int v = t * 3 + blockIdx.x;
  int s = __shfl_sync(0xffffffffu, v, (lane + 5) & 31);
  int u = __shfl_up_sync(0xffffffffu, v, 3);
  int d = __shfl_down_sync(0xffffffffu, v, 7, 16);
  unsigned any = __any_sync(0xffffffffu, v % 11 == 0);
  unsigned all = __all_sync(0xffffffffu, v >= 0);
  out[blockIdx.x * 128 + t] = s + u * 1000 + d * 1000000 + any * 7 + all * 13;
}

int main() {
  const int n = 512;
  float hx[n], hy[2 * n];
  for (int i = 0; i < n; i++) hx[i] = (i - 256) * 0.37f + ((i % 7 == 0) ? 0.5f : 0.0f);
  float hs[4] = {1.5f, -2.0f, 0.25f, 8.0f};
  cudaMemcpyToSymbol(c_scale, hs, sizeof hs);
  float *dx, *dy;
  cudaMalloc(&dx, sizeof hx); cudaMalloc(&dy, sizeof hy);
  cudaMemcpy(dx, hx, sizeof hx, cudaMemcpyHostToDevice);
  mathk<<<4, 128>>>(dx, dy, n);
  cudaMemcpy(hy, dy, sizeof hy, cudaMemcpyDeviceToHost);
  double s = 0; for (int i = 0; i < n; i++) s += hy[i];
  // powf of an integral exponent: within 2 ulp of the host's.
  int far = 0;
  for (int i = 0; i < n; i++) {
    float want = powf(hx[i], 3.0f), got = hy[n + i];
    far += fabsf(got - want) > 2.0f * fabsf(want) * 1.1920929e-7f;
  }
  printf("math %.3f %.4f %.4f %.4f pow-far %d\n", s, hy[0], hy[100], hy[511], far);

  int ha[n], hout[n];
  for (int i = 0; i < n; i++) ha[i] = (int)(i * 2654435761u) >> (i % 13);
  int *da, *dout;
  cudaMalloc(&da, sizeof ha); cudaMalloc(&dout, sizeof hout);
  cudaMemcpy(da, ha, sizeof ha, cudaMemcpyHostToDevice);
  int zero = 0; unsigned hz[8] = {0};
  cudaMemcpyToSymbol(d_counter, &zero, sizeof zero);
  cudaMemcpyToSymbol(d_hist, hz, sizeof hz);
  intk<<<4, 128>>>(da, dout, n);
  cudaMemcpy(hout, dout, sizeof hout, cudaMemcpyDeviceToHost);
  int counter; unsigned hist[8];
  cudaMemcpyFromSymbol(&counter, d_counter, sizeof counter);
  cudaMemcpyFromSymbol(hist, d_hist, sizeof hist);
  long long t = 0; for (int i = 0; i < n; i++) t = t * 3 + hout[i];
  printf("int %lld %d %d %d | %d %u %u\n", t, hout[0], hout[1], hout[77], counter, hist[0], hist[5]);

  int *d3; int h3[256];
  cudaMalloc(&d3, sizeof h3);
  block3d<<<2, dim3(4, 8, 4)>>>(d3);
  cudaMemcpy(h3, d3, sizeof h3, cudaMemcpyDeviceToHost);
  long long w = 0; for (int i = 0; i < 256; i++) w = w * 5 + h3[i];
  printf("warp3d %lld %d %d %d\n", w, h3[0], h3[37], h3[200]);
  return 0;
}
