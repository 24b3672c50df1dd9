// WebGPU has no 64-bit floats: a kernel computing in double is a located
// error that names f64 and the target.
// RUN: not cuwasm-opt --emit=wgsl %s 2>&1 | FileCheck %s

// CHECK: f64.cu:[[@LINE+1]]:{{[0-9]+}}: error: 'gpu.func' op uses f64, which the WGSL target does not support (WebGPU has no 64-bit floats)
__global__ void axpy(double *y, const double *x, double a) {
  int i = threadIdx.x;
  y[i] = a * x[i] + y[i];
}
