// A kernel as SPIR-V for Vulkan compute (docs/webgpu-abi.md): one GLCompute
// entry point "main" whose LocalSize the runtime sets per launch; the
// parameter block a Uniform Block at set 0 binding 0; each pointer a
// StorageBuffer from binding 1 in order, NonWritable where the kernel never
// writes through it; the block shape three named u32 spec constants with
// SpecIds 0..2, used for blockDim. The binary passes spirv-val for Vulkan
// 1.1, and spirv-dis (an independent disassembler) sees the same.
// RUN: cuwasm-opt --emit=spirv %s -o %t.spv
// RUN: spirv-val --target-env vulkan1.1 %t.spv
// RUN: spirv-dis %t.spv | FileCheck %s --check-prefix=DIS
// RUN: cuwasm-opt --emit=spvasm %s | FileCheck %s

// CHECK-LABEL: ; kernel: kernels.scale
// CHECK: ; Version: 1.3
// CHECK: OpCapability Shader
// CHECK: OpMemoryModel Logical GLSL450
// CHECK-NEXT: OpEntryPoint GLCompute %[[MAIN:[0-9]+]] "main"
// CHECK-NEXT: OpExecutionMode %[[MAIN]] LocalSize 1 1 1
// CHECK-DAG: OpName %[[BX:[0-9]+]] "cuwasm_block_x"
// CHECK-DAG: OpName %[[BY:[0-9]+]] "cuwasm_block_y"
// CHECK-DAG: OpName %[[BZ:[0-9]+]] "cuwasm_block_z"
// CHECK-DAG: OpName %[[PARAMS:[0-9]+]] "cuwasm_params"
// CHECK-DAG: OpName %[[P0:[0-9]+]] "p0"
// CHECK-DAG: OpName %[[P1:[0-9]+]] "p1"
// CHECK-DAG: OpDecorate %[[PARAMS]] DescriptorSet 0
// CHECK-DAG: OpDecorate %[[PARAMS]] Binding 0
// CHECK-DAG: OpDecorate %[[P0]] DescriptorSet 0
// CHECK-DAG: OpDecorate %[[P0]] Binding 1
// CHECK-DAG: OpDecorate %[[P1]] NonWritable
// CHECK-DAG: OpDecorate %[[P1]] DescriptorSet 0
// CHECK-DAG: OpDecorate %[[P1]] Binding 2
// CHECK-DAG: OpDecorate %[[BX]] SpecId 0
// CHECK-DAG: OpDecorate %[[BY]] SpecId 1
// CHECK-DAG: OpDecorate %[[BZ]] SpecId 2
// CHECK-NOT: OpDecorate %[[P0]] NonWritable
// CHECK: %[[UINT:[0-9]+]] = OpTypeInt 32 0
// CHECK-DAG: %[[BX]] = OpSpecConstant %[[UINT]] 1
// CHECK-DAG: %[[BY]] = OpSpecConstant %[[UINT]] 1
// CHECK-DAG: %[[BZ]] = OpSpecConstant %[[UINT]] 1
// CHECK-DAG: %[[PARAMS]] = OpVariable %{{[0-9]+}} Uniform
// CHECK-DAG: %[[P0]] = OpVariable %{{[0-9]+}} StorageBuffer
// CHECK-DAG: %[[P1]] = OpVariable %{{[0-9]+}} StorageBuffer
// CHECK: %[[MAIN]] = OpFunction
// blockDim.x is the spec constant itself.
// CHECK: OpBitcast %{{[0-9]+}} %[[BX]]
// CHECK: OpFunctionEnd

// DIS: OpEntryPoint GLCompute %main "main"
// DIS: OpDecorate %p1 NonWritable
// DIS: OpDecorate %cuwasm_block_x SpecId 0
// DIS: %cuwasm_block_x = OpSpecConstant %uint 1

__global__ void scale(float *y, const float *x, float a, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i];
}
