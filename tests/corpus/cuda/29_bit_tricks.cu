// 29_bit_tricks: integer intrinsics __clz, __ffs, __brev and __popc on 2^16
// values (LCG values plus edge cases 0, 1, 0x80000000, 0xFFFFFFFF and powers
// of two), together with shift/mask identities (isolate lowest set bit, round
// up to a power of two, byte swap). The host reference implements each one
// with plain C loops, bit by bit.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

struct BitResult {
  int clz, ffs, popc;
  unsigned int brev;
  unsigned int lowest;   // x & -x
  unsigned int pow2up;   // smallest power of two >= x (0 for 0 and for x > 2^31)
  unsigned int bswap;
};

__device__ unsigned int next_pow2(unsigned int x) {
  if (x == 0u || x > 0x80000000u) return 0u;
  if ((x & (x - 1u)) == 0u) return x;
  return 1u << (32 - __clz((int)x));
}

__global__ void bits(const unsigned int *in, BitResult *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  unsigned int x = in[i];
  BitResult r;
  r.clz = __clz((int)x);
  r.ffs = __ffs((int)x);
  r.popc = __popc(x);
  r.brev = __brev(x);
  r.lowest = x & (0u - x);
  r.pow2up = next_pow2(x);
  r.bswap = (x >> 24) | ((x >> 8) & 0xFF00u) | ((x << 8) & 0xFF0000u) | (x << 24);
  out[i] = r;
}

static int host_clz(unsigned int x) {
  int n = 0;
  for (int b = 31; b >= 0; b--) {
    if (x & (1u << b)) break;
    n++;
  }
  return n;
}
static int host_ffs(unsigned int x) {
  for (int b = 0; b < 32; b++)
    if (x & (1u << b)) return b + 1;
  return 0;
}
static int host_popc(unsigned int x) {
  int n = 0;
  for (int b = 0; b < 32; b++) n += (x >> b) & 1u;
  return n;
}
static unsigned int host_brev(unsigned int x) {
  unsigned int r = 0;
  for (int b = 0; b < 32; b++) r = (r << 1) | ((x >> b) & 1u);
  return r;
}
static unsigned int host_pow2up(unsigned int x) {
  if (x == 0) return 0;
  unsigned long long p = 1;
  while (p < x) p <<= 1;
  return p > 0x80000000ull ? 0u : (unsigned int)p;
}
static unsigned int host_bswap(unsigned int x) {
  unsigned char b[4];
  for (int k = 0; k < 4; k++) b[k] = (unsigned char)(x >> (8 * k));
  return ((unsigned int)b[0] << 24) | ((unsigned int)b[1] << 16) | ((unsigned int)b[2] << 8) | b[3];
}

int main() {
  const int n = 1 << 16;
  unsigned int *h_in = (unsigned int *)malloc(n * sizeof(unsigned int));
  unsigned int s = 0xC0FFEEu;
  for (int i = 0; i < n; i++) {
    s = s * 1664525u + 1013904223u;
    unsigned int v = s;
    if (i % 4 == 1) v >>= (s >> 27);       // vary the leading zeros
    if (i % 4 == 2) v <<= (s >> 27) & 31u;  // vary the trailing zeros
    h_in[i] = v;
  }
  h_in[0] = 0u;
  h_in[1] = 1u;
  h_in[2] = 0x80000000u;
  h_in[3] = 0xFFFFFFFFu;
  h_in[4] = 0x80000001u;
  for (int b = 0; b < 32; b++) h_in[8 + b] = 1u << b;

  unsigned int *d_in;
  BitResult *d_out;
  CUDA_CHECK(cudaMalloc(&d_in, n * sizeof(unsigned int)));
  CUDA_CHECK(cudaMalloc(&d_out, n * sizeof(BitResult)));
  CUDA_CHECK(cudaMemcpy(d_in, h_in, n * sizeof(unsigned int), cudaMemcpyHostToDevice));
  bits<<<n / 256, 256>>>(d_in, d_out, n);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());
  BitResult *h_out = (BitResult *)malloc(n * sizeof(BitResult));
  CUDA_CHECK(cudaMemcpy(h_out, d_out, n * sizeof(BitResult), cudaMemcpyDeviceToHost));

  int bad = 0;
  long long sum_clz = 0, sum_ffs = 0, sum_popc = 0;
  for (int i = 0; i < n; i++) {
    unsigned int x = h_in[i];
    BitResult r = h_out[i];
    if (r.clz != host_clz(x) || r.ffs != host_ffs(x) || r.popc != host_popc(x) || r.brev != host_brev(x) ||
        r.lowest != (x ? 1u << (host_ffs(x) - 1) : 0u) || r.pow2up != host_pow2up(x) || r.bswap != host_bswap(x)) {
      if (bad < 5) fprintf(stderr, "mismatch for %08x\n", x);
      bad++;
    }
    sum_clz += r.clz;
    sum_ffs += r.ffs;
    sum_popc += r.popc;
  }
  cudaFree(d_in);
  cudaFree(d_out);
  free(h_in);
  free(h_out);
  printf("bit_tricks: n=%d sum_clz=%lld sum_ffs=%lld sum_popc=%lld bad=%d %s\n", n, sum_clz, sum_ffs, sum_popc, bad,
         bad == 0 ? "PASSED" : "FAILED");
  return bad == 0 ? 0 : 1;
}
