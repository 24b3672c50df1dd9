// CUDA's sqrtf and float division are correctly rounded (nvcc's default
// -prec-sqrt=true, -prec-div=true); WGSL allows a few ulp, so the target
// corrects the hardware's result (cuwasm_sqrt, cuwasm_div). Every result
// here equals the host's bit for bit (NaN for NaN) on both devices: square
// roots of 0..65535 (25_grid_stride's), of random bit patterns (subnormals
// included) and of numbers whose root lies within 2^-11 ulp of a halfway
// point; quotients of random bit patterns (overflow, underflow to
// subnormals and zero), of significands whose quotient lies within 2^-11
// ulp of a halfway point, exact subnormal ties, and the special values.
// (tests/wgsl_ieee.rs runs these kernels with wrong estimates.)
// RUN: cuwasm-run --device=cpu %s | FileCheck %s
// RUN: cuwasm-run --device=webgpu %s | FileCheck %s

// CHECK: sqrt mismatches 0 of 81920; div mismatches 0 of 16384
// CHECK-NEXT: sqrt 0x1.6a09e6p+0 0x1.6a09e6p-75 -0x0p+0 div 0x1.555556p-2 0x1p-148 0x1p-148 -0x1p-148 0x1.fffffcp-127
#include <cstdio>
#include <cstdlib>

static unsigned long long rng = 88172645463325252ull;
static unsigned next32() {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng >> 32);
}
static float from_bits(unsigned u) { return *(float *)&u; }
static unsigned bits(float f) { return *(unsigned *)&f; }
static bool same(float got, float want) {
  return bits(got) == bits(want) || (got != got && want != want);
}

__global__ void roots(const float *x, float *r, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) r[i] = sqrtf(x[i]);
}

__global__ void quotients(const float *a, const float *b, float *q, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) q[i] = a[i] / b[i];
}

int main() {
  const int ns = 81920, nd = 16384;
  float *x = (float *)malloc(ns * 4), *r = (float *)malloc(ns * 4);
  float *a = (float *)malloc(nd * 4), *b = (float *)malloc(nd * 4), *q = (float *)malloc(nd * 4);
  int i = 0;
  for (; i < 65536; i++) x[i] = (float)i;
  unsigned special[10] = {0x80000000u, 0x7f800000u, 0xff800000u, 0xbf800000u, 0x7fc00000u,
                        0x00000001u, 0x007fffffu, 0x00800000u, 0x7f7fffffu, 0x80000001u};
  for (int j = 0; j < 10; j++) x[i++] = from_bits(special[j]);
  // x = M * 2^E whose root is within 2^-11 ulp of halfway: M * 2^k (k of
  // E's parity) within 2^13 of (R + 1/2)^2 - 1/4 = R * (R + 1).
  for (int found = 0; found < 256;) {
    unsigned long long R = (1ull << 23) | (next32() & 0x7fffffu);
    int k = 23 + (int)(next32() & 1u);
    unsigned long long t = R * (R + 1);
    unsigned long long m = (t + (1ull << (k - 1))) >> k;
    long long d = (long long)(m << k) - (long long)t;
    if (m < (1ull << 23) || m >= (1ull << 24) || d < -8192 || d > 8192) continue;
    unsigned e = 2 + 2 * (next32() % 125u) + (unsigned)(k & 1);
    x[i++] = from_bits((e << 23) | (unsigned)(m & 0x7fffffu));
    found++;
  }
  // Exact squares and their neighbours.
  for (int j = 0; j < 128; j++) {
    float s = (float)(next32() & 0xfffu) * from_bits((97u + (next32() & 63u)) << 23);
    unsigned sq = bits(s * s);
    x[i++] = from_bits(sq);
    x[i++] = from_bits(sq + 1u);
    x[i++] = from_bits(sq - 1u);
  }
  while (i < ns) x[i++] = from_bits(next32() & (i & 1 ? 0x7fffffffu : 0xffffffffu));

  i = 0;
  float specials[8][2] = {{0.0f, 0.0f}, {1.0f, 0.0f}, {-1.0f, 0.0f}, {0.0f, -3.0f},
                         {-0.0f, 5.0f}, {3.0f, -1e30f}, {1e30f, 1e-30f}, {1.0f, 3.0f}};
  for (int j = 0; j < 8; j++, i++) { a[i] = specials[j][0]; b[i] = specials[j][1]; }
  unsigned special_bits[14][2] = {{0x7f800000u, 0x7f800000u}, {0x7f800000u, 0xc0000000u},
                                {0x40400000u, 0x7f800000u}, {0x7fc00000u, 0x3f800000u},
                                {0x3f800000u, 0x7fc00000u}, {0x00000001u, 0x00000001u},
                                {0x00000003u, 0x40000000u}, {0x00000005u, 0x40000000u},
                                {0x00000003u, 0x40800000u}, {0x80000007u, 0x40800000u},
                                {0x00c00000u, 0x40400000u}, {0x007fffffu, 0x3f7fffffu},
                                {0x7f7fffffu, 0x3f7fffffu}, {0x7f7fffffu, 0x00000001u}};
  for (int j = 0; j < 14; j++, i++) {
    a[i] = from_bits(special_bits[j][0]);
    b[i] = from_bits(special_bits[j][1]);
  }
  // Significands whose quotient is within 2^-11 ulp of halfway, at random
  // exponents that keep the quotient normal.
  for (int found = 0; found < 256;) {
    unsigned long long ma = (1ull << 23) | (next32() & 0x7fffffu);
    unsigned long long mb = (1ull << 23) | (next32() & 0x7fffffu);
    unsigned long long nn = ma << (ma >= mb ? 23 : 24);
    long long d = 2 * (long long)(nn % mb) - (long long)mb;
    long long lim = (long long)(mb >> 10);
    if (d < -lim || d > lim) continue;
    unsigned ea = 64 + next32() % 128u, eb = 64 + next32() % 128u;
    a[i] = from_bits((next32() & 0x80000000u) | (ea << 23) | (unsigned)(ma & 0x7fffffu));
    b[i] = from_bits((next32() & 0x80000000u) | (eb << 23) | (unsigned)(mb & 0x7fffffu));
    i++;
    found++;
  }
  while (i < nd) {
    a[i] = from_bits(next32());
    b[i] = from_bits(next32());
    i++;
  }

  float *dx, *dr, *da, *db, *dq;
  cudaMalloc(&dx, ns * 4); cudaMalloc(&dr, ns * 4);
  cudaMalloc(&da, nd * 4); cudaMalloc(&db, nd * 4); cudaMalloc(&dq, nd * 4);
  cudaMemcpy(dx, x, ns * 4, cudaMemcpyHostToDevice);
  cudaMemcpy(da, a, nd * 4, cudaMemcpyHostToDevice);
  cudaMemcpy(db, b, nd * 4, cudaMemcpyHostToDevice);
  roots<<<ns / 256, 256>>>(dx, dr, ns);
  quotients<<<nd / 256, 256>>>(da, db, dq, nd);
  cudaMemcpy(r, dr, ns * 4, cudaMemcpyDeviceToHost);
  cudaMemcpy(q, dq, nd * 4, cudaMemcpyDeviceToHost);

  int bad_s = 0, bad_d = 0;
  for (int j = 0; j < ns; j++) {
    float w = sqrtf(x[j]);
    if (!same(r[j], w)) {
      if (bad_s < 5) printf("sqrtf(%a) = %a, want %a\n", x[j], r[j], w);
      bad_s++;
    }
  }
  for (int j = 0; j < nd; j++) {
    float w = a[j] / b[j];
    if (!same(q[j], w)) {
      if (bad_d < 5) printf("%a / %a = %a, want %a\n", a[j], b[j], q[j], w);
      bad_d++;
    }
  }
  printf("sqrt mismatches %d of %d; div mismatches %d of %d\n", bad_s, ns, bad_d, nd);
  // As the device computed them: sqrtf(2), of the smallest subnormal, of
  // -0; 1/3, 3 * 2^-149 / 2 and 5 * 2^-149 / 2 (ties to even),
  // -7 * 2^-149 / 4, and the largest subnormal over 1 - 2^-24 (just under
  // halfway up).
  printf("sqrt %a %a %a div %a %a %a %a %a\n", r[2], r[65536 + 5], r[65536], q[7], q[14],
         q[15], q[17], q[19]);
  return 0;
}
