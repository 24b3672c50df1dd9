// What the WGSL lowering cannot express is a located error for SPIR-V too
// (one lowering, two writers): f64 here. A binary SPIR-V file holds one
// kernel's module: --emit=spirv of a module with two kernels is an error
// naming them (--emit=spvasm writes both).
// RUN: not cuwasm-opt --emit=spirv %s 2>&1 | FileCheck %s
// RUN: not cuwasm-opt --emit=spvasm %s -o %t.spvasm 2>&1 | FileCheck %s
// RUN: not test -e %t.spvasm
// RUN: not cuwasm-opt --emit=spirv -DNO_F64 %s 2>&1 | FileCheck %s --check-prefix=TWO
// RUN: cuwasm-opt --emit=spvasm -DNO_F64 %s | FileCheck %s --check-prefix=BOTH

// CHECK: errors.cu:[[@LINE+10]]:{{[0-9]+}}: error: {{.*}}uses f64, which the WGSL target does not support (WebGPU has no 64-bit floats)
// TWO: error: --emit=spirv writes the SPIR-V module of one kernel, and this module has 2 (kernels.first, kernels.second): give it a module with one kernel, or use --emit=spvasm for all of them
// BOTH: ; kernel: kernels.first
// BOTH: OpEntryPoint GLCompute %{{[0-9]+}} "main"
// BOTH: ; kernel: kernels.second
// BOTH: OpEntryPoint GLCompute %{{[0-9]+}} "main"

__global__ void first(float *x) { x[threadIdx.x] += 1.0f; }

#ifndef NO_F64
__global__ void second(double *x) { x[threadIdx.x] *= 2.0; }
#else
__global__ void second(float *x) { x[threadIdx.x] *= 2.0f; }
#endif
