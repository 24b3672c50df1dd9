// The C library's clocks in host code (cuda.libc_clock / libc_time /
// libc_gettimeofday, called as the C library's clock, time and gettimeofday):
// the wall clocks agree with each other and with the date this test was
// written, time stores through its pointer, the processor time grows while
// the program spins, and kernels timed with them still compute.
// RUN: cuwasm-run --device=cpu %s | FileCheck %s
// RUN: cuwasm-run --device=wasm %s | FileCheck %s
// RUN: cuwasm-opt %s | FileCheck %s --check-prefix=IR
// RUN: cuwasm-opt %s --emit=hip | FileCheck %s --check-prefix=HIP
// RUN: cuwasm-opt %s --emit=hip -o %t.hip
// RUN: hipcc --offload-arch=gfx90a -O2 -w %t.hip -o %t.exe

// IR: "cuda.libc_clock"() : () -> i64
// IR: "cuda.libc_gettimeofday"(%{{[0-9]+}}, %{{[0-9]+}}) : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> i32
// IR: "cuda.libc_time"(%{{[0-9]+}}) : (!ptr.ptr<#ptr.generic_space>) -> i64
// HIP: = (int64_t)clock();
// HIP: = gettimeofday((struct timeval *)
// HIP: = (int64_t)time((time_t *)

#include <stdio.h>
#include <sys/time.h>
#include <time.h>

__global__ void square(int *p, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i] = p[i] * p[i];
}

static double seconds(struct timeval tv) { return tv.tv_sec + tv.tv_usec * 1e-6; }

int main() {
  struct timeval start, now;
  time_t stored = 0;
  clock_t c0 = clock();
  // CHECK: gettimeofday 0 usec in range 1
  int status = gettimeofday(&start, NULL);
  printf("gettimeofday %d usec in range %d\n", status,
         start.tv_usec >= 0 && start.tv_usec < 1000000);
  // After 2026-01-01 (1767225600), and within two seconds of gettimeofday.
  // CHECK-NEXT: time after 2026 1 agrees 1 stored 1
  time_t t = time(&stored);
  long diff = (long)t - (long)start.tv_sec;
  printf("time after 2026 %d agrees %d stored %d\n", t > 1767225600L, diff >= 0 && diff <= 2,
         stored == t);
  // CHECK-NEXT: time(NULL) agrees 1
  time_t u = time(NULL);
  printf("time(NULL) agrees %d\n", u >= t && u - t <= 2);

  // Spin for 20 ms of wall-clock time: the wall clock never goes back and
  // the processor time grows.
  int backwards = 0;
  double prev = seconds(start);
  do {
    gettimeofday(&now, 0);
    backwards |= seconds(now) < prev;
    prev = seconds(now);
  } while (seconds(now) - seconds(start) < 0.02);
  clock_t c1 = clock();
  // CHECK-NEXT: clock grew 1 wall backwards 0 CLOCKS_PER_SEC 1000000
  printf("clock grew %d wall backwards %d CLOCKS_PER_SEC %ld\n", c0 >= 0 && c1 > c0, backwards,
         (long)CLOCKS_PER_SEC);

  const int n = 256;
  int h[n];
  for (int i = 0; i < n; i++) h[i] = i - 100;
  int *d;
  cudaMalloc(&d, n * sizeof(int));
  cudaMemcpy(d, h, n * sizeof(int), cudaMemcpyHostToDevice);
  clock_t k0 = clock();
  square<<<(n + 63) / 64, 64>>>(d, n);
  cudaDeviceSynchronize();
  clock_t k1 = clock();
  cudaMemcpy(h, d, n * sizeof(int), cudaMemcpyDeviceToHost);
  long sum = 0;
  for (int i = 0; i < n; i++) sum += h[i];
  // Worked by hand: the sum of (i - 100)^2 over i in [0, 256) is
  // 100*101*201/6 + 155*156*311/6 = 338350 + 1253330.
  // CHECK-NEXT: sum 1591680 timed 1
  printf("sum %ld timed %d\n", sum, k1 >= k0);
  cudaFree(d);
  return 0;
}
