// Dynamic shared memory is a Workgroup array whose length is the named spec
// constant cuwasm_dynamic_shared_words (SpecId 3), set per launch.
// RUN: cuwasm-opt --emit=spirv %s -o %t.spv
// RUN: spirv-val --target-env vulkan1.1 %t.spv
// RUN: cuwasm-opt --emit=spvasm %s | FileCheck %s

// CHECK-LABEL: ; kernel: kernels.reverse
// CHECK-DAG: OpName %[[WORDS:[0-9]+]] "cuwasm_dynamic_shared_words"
// CHECK-DAG: OpName %[[DYN:[0-9]+]] "cuwasm_dynamic_shared"
// CHECK-DAG: OpDecorate %[[WORDS]] SpecId 3
// CHECK: %[[WORDS]] = OpSpecConstant %{{[0-9]+}} 1
// CHECK: %[[ARRAY:[0-9]+]] = OpTypeArray %{{[0-9]+}} %[[WORDS]]
// CHECK: %[[PTR:[0-9]+]] = OpTypePointer Workgroup %[[ARRAY]]
// CHECK: %[[DYN]] = OpVariable %[[PTR]] Workgroup
// CHECK: OpControlBarrier

__global__ void reverse(int *data, int n) {
  extern __shared__ int tile[];
  int t = threadIdx.x;
  if (t < n) tile[t] = data[t];
  __syncthreads();
  if (t < n) data[t] = tile[n - 1 - t];
}
