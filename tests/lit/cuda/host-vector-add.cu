// Host code: main becomes a func.func of the top-level module next to the
// gpu.module; the CUDA runtime calls and the launch are cuda host ops.
// RUN: cuwasm-opt %s | FileCheck %s

__global__ void add(const float *a, float *b, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) b[i] += a[i];
}

int main(void) {
  const int n = 1024;
  float *h = (float *)malloc(n * sizeof(float));
  float *d_a, *d_b;
  cudaMalloc((void **)&d_a, n * sizeof(float));
  cudaMalloc(&d_b, n * sizeof(float));
  cudaMemcpy(d_a, h, n * sizeof(float), cudaMemcpyHostToDevice);
  cudaMemset(d_b, 0, n * sizeof(float));
  add<<<(n + 255) / 256, 256>>>(d_a, d_b, n);
  cudaError_t err = cudaGetLastError();
  if (err != cudaSuccess) {
    fprintf(stderr, "error: %s\n", cudaGetErrorString(err));
    exit(1);
  }
  cudaDeviceSynchronize();
  cudaMemcpy(h, d_b, n * sizeof(float), cudaMemcpyDeviceToHost);
  printf("b[1] = %f\n", h[1]);
  cudaFree(d_a);
  cudaFree(d_b);
  free(h);
  return 0;
}

// CHECK: "gpu.module"() <{sym_name = "kernels"}>
// CHECK: {gpu.kernel, sym_name = "add"}
// CHECK: "func.func"() <{function_type = () -> i32, sym_name = "main"}>
// CHECK: "cuda.libc_malloc"(%{{.*}}) : (i64) -> !ptr.ptr<#ptr.generic_space>
// CHECK: "cuda.rt_malloc"(%{{.*}}) : (i64) -> (!ptr.ptr<#ptr.generic_space>, i32)
// CHECK: "cuda.rt_malloc"
// CHECK: "cuda.rt_memcpy"({{.*}}) <{kind = #cuda<memcpy_kind host_to_device>}> : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, i64) -> i32
// CHECK: "cuda.rt_memset"({{.*}}) : (!ptr.ptr<#ptr.generic_space>, i32, i64) -> i32
// CHECK: "cuda.launch"({{.*}}) <{kernel = @kernels::@add}> : (i32, i32, i32, i32, i32, i32, i64, !ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, i32) -> ()
// CHECK: "cuda.rt_get_last_error"() : () -> i32
// CHECK: "cuda.rt_get_error_string"(%{{.*}}) : (i32) -> !ptr.ptr<#ptr.generic_space>
// CHECK: "cuda.libc_printf"(%{{.*}}) <{format = "error: %s\0A", stream = #cuda<stream stderr>}> : (!ptr.ptr<#ptr.generic_space>) -> i32
// CHECK: "cuda.libc_exit"
// CHECK: "cuda.rt_device_synchronize"() : () -> i32
// CHECK: "cuda.rt_memcpy"({{.*}}) <{kind = #cuda<memcpy_kind device_to_host>}>
// CHECK: "cuda.libc_printf"(%{{.*}}) <{format = "b[1] = %f\0A", stream = #cuda<stream stdout>}> : (f64) -> i32
// CHECK: "cuda.rt_free"
// CHECK: "cuda.libc_free"
// CHECK: "func.return"
