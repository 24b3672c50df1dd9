// The CUDA math functions the built-in cuwasm_math.h defines, on the CPU and
// Wasm devices and in host code: exact ones (fdim, ldexp/scalbn into
// subnormals and overflow, frexp and ilogb of a subnormal, logb, modf,
// nextafter, remquo's remainder and quotient bits, remainder's ties to
// even), hypot without overflow, sinpi/cospi at exact points, lround and
// llrint. The CHECK values are Python's (math.frexp, math.remainder,
// math.nextafter, math.hypot, ...), printed as hex floats.
// RUN: cuwasm-run --device=cpu %s | FileCheck %s
// RUN: cuwasm-run --device=wasm %s | FileCheck %s

// CHECK: 0 0x0p+0
// CHECK-NEXT: 1 -0x1.7p+1002
// CHECK-NEXT: 2 0x0p+0
// CHECK-NEXT: 3 0x1.7b8p-1
// CHECK-NEXT: 4 -0x1.094p+10
// CHECK-NEXT: 5 -0x1.098p+10
// CHECK-NEXT: 6 0x1p+1
// CHECK-NEXT: 7 -0x1.8p-1
// CHECK-NEXT: 8 -0x1.4p+2
// CHECK-NEXT: 9 -0x1.6ffffffffffffp+2
// CHECK-NEXT: 10 0x1p-2
// CHECK-NEXT: 11 -0x1.8p+1
// CHECK-NEXT: 12 -0x1p-1
// CHECK-NEXT: 13 0x1.ddd4baa009303p+998
// CHECK-NEXT: 14 0x0p+0
// CHECK-NEXT: 15 -0x1p+0
// CHECK-NEXT: 16 0x1.cp+1
// CHECK-NEXT: 17 0x1.8p-140
// CHECK-NEXT: 18 0x1p-23
// CHECK-NEXT: 19 0x1p-1
// CHECK-NEXT: host 0x1.8p-1 6 0x1.ap+3 0x0p+0

#include <math.h>
#include <stdio.h>
__global__ void k(const double *x, double *out) {
  double a = x[0], b = x[1], c = x[2];
  int e = 0, q = 0;
  double ip = 0;
  out[0] = fdim(a, b);
  out[1] = ldexp(a, 1000);
  out[2] = scalbn(c, -1074);
  out[3] = frexp(c, &e);
  out[4] = e;
  out[5] = ilogb(c);
  out[6] = logb(a);
  out[7] = modf(a, &ip);
  out[8] = ip;
  out[9] = nextafter(a, b);
  out[10] = remquo(a, b, &q);
  out[11] = q;
  out[12] = remainder(7.5, 2.0);
  out[13] = hypot(3e300, 4e300);
  out[14] = sinpi(0.5) + cospi(1.0);
  out[15] = lround(-2.5) + llrint(2.5);
  out[16] = fdimf(1.5f, -2.0f);
  out[17] = ldexpf(1.5f, -140);
  out[18] = nextafterf(1.0f, 2.0f) - 1.0f;
  out[19] = remainderf(-7.5f, 2.0f);
}
int main() {
  double h[3] = {-5.75, 2.0, 3e-320}, o[20], *dx, *dout;
  cudaMalloc(&dx, sizeof h);
  cudaMalloc(&dout, sizeof o);
  cudaMemcpy(dx, h, sizeof h, cudaMemcpyHostToDevice);
  k<<<1, 1>>>(dx, dout);
  cudaMemcpy(o, dout, sizeof o, cudaMemcpyDeviceToHost);
  for (int i = 0; i < 20; i++) printf("%d %a\n", i, o[i]);
  int e;
  printf("host %a %d %a %a\n", frexp(48.0, &e), e, hypot(5.0, 12.0), fdim(1.0, 3.0));
  return 0;
}
