// Warp shuffles go through workgroup memory with CUDA's 32 lanes (the WGSL
// target's lowering). Its exchange array is sized by the block's thread
// count, which SPIR-V computes from the block's spec constants where it is
// used, and whose array gets CUDA's limit of 1024 threads (an
// OpSpecConstantOp would do, but naga's SPIR-V reader, the runtime's, takes
// none).
// RUN: cuwasm-opt --emit=spirv %s -o %t.spv
// RUN: spirv-val --target-env vulkan1.1 %t.spv
// RUN: cuwasm-opt --emit=spvasm %s | FileCheck %s

// CHECK-LABEL: ; kernel: kernels.warp_sum
// CHECK-DAG: OpName %[[BX:[0-9]+]] "cuwasm_block_x"
// CHECK-DAG: OpName %[[BY:[0-9]+]] "cuwasm_block_y"
// CHECK-DAG: OpName %[[BZ:[0-9]+]] "cuwasm_block_z"
// CHECK-DAG: OpName %[[LANES:[0-9]+]] "cuwasm_lanes"
// CHECK-DAG: OpName %[[THREADS:[0-9]+]] "cuwasm_threads"
// CHECK-NOT: OpSpecConstantOp
// CHECK: %[[UINT:[0-9]+]] = OpTypeInt 32 0
// CHECK: %[[MAX:[0-9]+]] = OpConstant %[[UINT]] 1024
// CHECK-NEXT: %[[ARRAY:[0-9]+]] = OpTypeArray %[[UINT]] %[[MAX]]
// CHECK: %[[LANES]] = OpVariable %{{[0-9]+}} Workgroup
// CHECK: OpFunction
// CHECK: %[[XY:[0-9]+]] = OpIMul %[[UINT]] %[[BX]] %[[BY]]
// CHECK-NEXT: %[[THREADS]] = OpIMul %[[UINT]] %[[XY]] %[[BZ]]
// CHECK-NOT: OpSpecConstantOp

__global__ void warp_sum(const float *in, float *out) {
  float v = in[blockIdx.x * blockDim.x + threadIdx.x];
  for (int o = 16; o > 0; o /= 2) v += __shfl_down_sync(0xffffffffu, v, o);
  if ((threadIdx.x & 31) == 0) out[(blockIdx.x * blockDim.x + threadIdx.x) / 32] = v;
}
