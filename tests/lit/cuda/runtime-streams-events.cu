// The device, stream and event calls of the CUDA runtime in host code: one
// cuda.rt_* op each with an i32 error result; what CUDA returns through a
// pointer (a count, a device, a stream or event handle, milliseconds) is a
// result the frontend stores. A launch's fourth argument is its stream.
// RUN: cuwasm-opt %s | FileCheck %s

#include <cuda_runtime.h>

__global__ void k(float *p) { p[threadIdx.x] = 1.0f; }

// CHECK-LABEL: sym_name = "main"
int main() {
  int count, dev;
  // CHECK: %[[C:.*]]:2 = "cuda.rt_get_device_count"() : () -> (i32, i32)
  // CHECK-NEXT: "ptr.store"(%[[C]]#0, %{{.*}}) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  cudaGetDeviceCount(&count);
  // CHECK: "cuda.rt_set_device"(%{{.*}}) : (i32) -> i32
  cudaSetDevice(0);
  // CHECK: %[[D:.*]]:2 = "cuda.rt_get_device"() : () -> (i32, i32)
  // CHECK-NEXT: "ptr.store"(%[[D]]#0,
  cudaGetDevice(&dev);
  cudaDeviceProp prop;
  // CHECK: "cuda.rt_get_device_properties"(%{{.*}}, %{{.*}}) : (!ptr.ptr<#ptr.generic_space>, i32) -> i32
  cudaGetDeviceProperties(&prop, dev);
  cudaStream_t s;
  // CHECK: %[[S:.*]]:2 = "cuda.rt_stream_create"() : () -> (!ptr.ptr<#ptr.generic_space>, i32)
  // CHECK-NEXT: "ptr.store"(%[[S]]#0, %[[SLOT:.*]]) : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> ()
  cudaStreamCreate(&s);
  cudaEvent_t a;
  // CHECK: %[[A:.*]]:2 = "cuda.rt_event_create"() : () -> (!ptr.ptr<#ptr.generic_space>, i32)
  cudaEventCreate(&a);
  float *d;
  cudaMalloc(&d, 128);
  // CHECK: "cuda.rt_event_record"(%{{.*}}, %{{.*}}) : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> i32
  cudaEventRecord(a, s);
  // CHECK: %[[STREAM:.*]] = "ptr.load"(%[[SLOT]])
  // CHECK: "cuda.launch"({{.*}}, %[[STREAM]], %{{.*}}) <{kernel = @kernels::@k}>
  k<<<1, 32, 0, s>>>(d);
  // CHECK: "cuda.rt_event_synchronize"(%{{.*}}) : (!ptr.ptr<#ptr.generic_space>) -> i32
  cudaEventSynchronize(a);
  // CHECK: "cuda.rt_stream_synchronize"(%{{.*}}) : (!ptr.ptr<#ptr.generic_space>) -> i32
  cudaStreamSynchronize(s);
  float ms;
  // CHECK: %[[MS:.*]]:2 = "cuda.rt_event_elapsed_time"(%{{.*}}, %{{.*}}) : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> (f32, i32)
  // CHECK-NEXT: "ptr.store"(%[[MS]]#0, %{{.*}}) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
  cudaEventElapsedTime(&ms, a, a);
  // CHECK: "cuda.rt_event_destroy"(%{{.*}}) : (!ptr.ptr<#ptr.generic_space>) -> i32
  cudaEventDestroy(a);
  // CHECK: "cuda.rt_stream_destroy"(%{{.*}}) : (!ptr.ptr<#ptr.generic_space>) -> i32
  cudaStreamDestroy(s);
  return 0;
}
