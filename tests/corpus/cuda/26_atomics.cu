// 26_atomics: atomics beyond atomicAdd: atomicMax/atomicMin on int, a float
// maximum built from atomicCAS on the bit pattern (__float_as_int), atomicExch
// into a few slots (checked by conservation: old values returned plus final
// values equal initial values plus values written), atomicInc with wrap-around,
// atomicDec, atomicSub, atomicAnd/Or/Xor, and a 64-bit CAS-loop counter
// (incremented by every 256th thread). All results are independent of the
// order in which threads run and are checked exactly.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

#define SLOTS 64
#define INC_LIMIT 999u
#define CAS_EVERY 256

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

struct Results {
  int imax, imin;
  float fmax;
  unsigned int inc_counter, dec_counter;
  int sub_counter;
  unsigned int and_all, or_all, xor_all;
  unsigned long long cas_counter;
};

__device__ float atomic_max_float(float *addr, float value) {
  int *addr_as_int = (int *)addr;
  int old = *addr_as_int, assumed;
  do {
    assumed = old;
    if (__int_as_float(assumed) >= value) break;
    old = atomicCAS(addr_as_int, assumed, __float_as_int(value));
  } while (assumed != old);
  return __int_as_float(old);
}

__global__ void atomics_kernel(const int *vals, const float *fvals, int n, Results *r, int *slots,
                               long long *exch_returned) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  int v = vals[i];
  atomicMax(&r->imax, v);
  atomicMin(&r->imin, v);
  atomic_max_float(&r->fmax, fvals[i]);
  atomicInc(&r->inc_counter, INC_LIMIT);
  atomicDec(&r->dec_counter, 1000000u);
  atomicSub(&r->sub_counter, v & 15);
  atomicAnd(&r->and_all, (unsigned int)v | 0xF0000000u);
  atomicOr(&r->or_all, (unsigned int)v & 0x0FFFFFFFu);
  atomicXor(&r->xor_all, (unsigned int)v);
  if (i % CAS_EVERY == 0) {  // a subset: a CAS loop on one address costs O(contenders^2)
    unsigned long long old = r->cas_counter, assumed;
    do {
      assumed = old;
      old = atomicCAS(&r->cas_counter, assumed, assumed + 1ull);
    } while (old != assumed);
  }
  int prev = atomicExch(&slots[i % SLOTS], i + 1);
  atomicAdd((unsigned long long *)&exch_returned[i % SLOTS], (unsigned long long)prev);
}

int main() {
  const int n = 1 << 18;
  int *h_vals = (int *)malloc(n * sizeof(int));
  float *h_f = (float *)malloc(n * sizeof(float));
  unsigned int s = 123456789u;
  for (int i = 0; i < n; i++) {
    s = s * 1664525u + 1013904223u;
    h_vals[i] = (int)(s >> 1) - (1 << 30);  // both signs
    h_f[i] = (float)(int)(s >> 9) / 1024.0f - 2048.0f;
  }
  Results init;
  init.imax = -2147483647 - 1;
  init.imin = 2147483647;
  init.fmax = -1.0e30f;
  init.inc_counter = 0;
  init.dec_counter = 500;
  init.sub_counter = 0;
  init.and_all = 0xFFFFFFFFu;
  init.or_all = 0;
  init.xor_all = 0;
  init.cas_counter = 0;
  int h_slots[SLOTS];
  long long h_ret[SLOTS];
  for (int k = 0; k < SLOTS; k++) {
    h_slots[k] = -(k + 1);
    h_ret[k] = 0;
  }

  int *d_vals, *d_slots;
  float *d_f;
  Results *d_r;
  long long *d_ret;
  CUDA_CHECK(cudaMalloc(&d_vals, n * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&d_f, n * sizeof(float)));
  CUDA_CHECK(cudaMalloc(&d_r, sizeof(Results)));
  CUDA_CHECK(cudaMalloc(&d_slots, sizeof(h_slots)));
  CUDA_CHECK(cudaMalloc(&d_ret, sizeof(h_ret)));
  CUDA_CHECK(cudaMemcpy(d_vals, h_vals, n * sizeof(int), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_f, h_f, n * sizeof(float), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_r, &init, sizeof(Results), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_slots, h_slots, sizeof(h_slots), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_ret, h_ret, sizeof(h_ret), cudaMemcpyHostToDevice));

  atomics_kernel<<<n / 256, 256>>>(d_vals, d_f, n, d_r, d_slots, d_ret);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());
  Results r;
  int final_slots[SLOTS];
  CUDA_CHECK(cudaMemcpy(&r, d_r, sizeof(Results), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(final_slots, d_slots, sizeof(final_slots), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(h_ret, d_ret, sizeof(h_ret), cudaMemcpyDeviceToHost));

  // host reference
  int imax = init.imax, imin = init.imin, sub = 0;
  float fmax = init.fmax;
  unsigned int band = 0xFFFFFFFFu, bor = 0, bxor = 0;
  for (int i = 0; i < n; i++) {
    if (h_vals[i] > imax) imax = h_vals[i];
    if (h_vals[i] < imin) imin = h_vals[i];
    if (h_f[i] > fmax) fmax = h_f[i];
    sub -= h_vals[i] & 15;
    band &= (unsigned int)h_vals[i] | 0xF0000000u;
    bor |= (unsigned int)h_vals[i] & 0x0FFFFFFFu;
    bxor ^= (unsigned int)h_vals[i];
  }
  // atomicInc wraps to 0 after reaching the limit: n increments from 0 end at n % (limit + 1)
  unsigned int inc_expect = (unsigned int)n % (INC_LIMIT + 1u);
  // atomicDec from 500 with limit 1e6: 500 -> 0 -> 1e6 -> ... ; after n decrements
  unsigned int dec_expect = 500u;
  for (int i = 0; i < n; i++) dec_expect = (dec_expect == 0u || dec_expect > 1000000u) ? 1000000u : dec_expect - 1u;

  int bad = 0;
  if (r.imax != imax) bad++;
  if (r.imin != imin) bad++;
  if (r.fmax != fmax) bad++;
  if (r.inc_counter != inc_expect) bad++;
  if (r.dec_counter != dec_expect) bad++;
  if (r.sub_counter != sub) bad++;
  if (r.and_all != band || r.or_all != bor || r.xor_all != bxor) bad++;
  if (r.cas_counter != (unsigned long long)(n / CAS_EVERY)) bad++;
  int bad_exch = 0;
  for (int k = 0; k < SLOTS; k++) {
    long long written = 0;
    int final_ok = 0;
    for (int i = k; i < n; i += SLOTS) {
      written += i + 1;
      if (final_slots[k] == i + 1) final_ok = 1;
    }
    // conservation: returned + final == initial + written
    if (h_ret[k] + final_slots[k] != h_slots[k] + written || !final_ok) bad_exch++;
  }
  printf("atomics: n=%d inc=%u dec=%u cas=%llu bad=%d bad_exch=%d\n", n, r.inc_counter, r.dec_counter,
         r.cas_counter, bad, bad_exch);
  int ok = bad == 0 && bad_exch == 0;
  printf("atomics: %s\n", ok ? "PASSED" : "FAILED");
  cudaFree(d_vals);
  cudaFree(d_f);
  cudaFree(d_r);
  cudaFree(d_slots);
  cudaFree(d_ret);
  free(h_vals);
  free(h_f);
  return ok ? 0 : 1;
}
