// Each kernel is one WGSL module (docs/webgpu-abi.md): the parameter block
// is a uniform array of vec4<u32> at binding 0 (grid size in words 0..3,
// the dispatch's block-id offset in 4..7, parameters from word 8); pointer
// parameters are storage buffers from binding 1 in order, read-only where
// the kernel never writes through them, and each reads its byte offset from
// its word; a by-value struct is read from its words of the block; thread,
// block and grid ids come from the builtins, the overrides and the block.
// RUN: cuwasm-opt --emit=wgsl %s -o %t.wgsl
// RUN: naga %t.wgsl
// RUN: cuwasm-opt --emit=wgsl %s | FileCheck %s

// Before the module, its KernelLayout as one line of JSON (for hosts that
// launch it themselves: examples/webgpu-browser).
// CHECK-LABEL: // kernel: kernels.scale
// CHECK-NEXT: // layout: {"name":"kernels.scale","entry":"main","params":[{"buffer":{"binding":1,"word":8,"writable":true}},{"buffer":{"binding":2,"word":9,"writable":false}},{"value":{"word":10,"bytes":8}}],"by_value":[2],"param_words":12,"variables":[],"static_shared_bytes":0}
// CHECK: override cuwasm_block_x: u32 = 1u;
// CHECK: @group(0) @binding(0) var<uniform> cuwasm_params: array<vec4<u32>, 3>;
// CHECK-NEXT: @group(0) @binding(1) var<storage, read_write> p0: array<f32>;
// CHECK-NEXT: @group(0) @binding(2) var<storage, read> p1: array<f32>;
// CHECK: @compute @workgroup_size(cuwasm_block_x, cuwasm_block_y, cuwasm_block_z)
// CHECK-NEXT: fn main(@builtin(local_invocation_id) cuwasm_tid: vec3<u32>
// The pointers' byte offsets (words 8 and 9), then the struct (8 bytes,
// aligned to two words: words 10 and 11), copied into a local array.
// CHECK: var [[S:a[0-9]+]]: array<u32, 2>;
// CHECK: let [[Y:v[0-9]+]] = cuwasm_params[2].x;
// CHECK-NEXT: let [[X:v[0-9]+]] = cuwasm_params[2].y;
// CHECK-NEXT: let [[F:v[0-9]+]] = bitcast<f32>(cuwasm_params[2].z);
// CHECK-NEXT: [[S]][0u] = bitcast<u32>([[F]]);
// CHECK-NEXT: let [[N:v[0-9]+]] = bitcast<i32>(cuwasm_params[2].w);
// CHECK: i32(cuwasm_wid.x + cuwasm_params[1].x)
// CHECK: i32(cuwasm_block_x)
// CHECK: i32(cuwasm_tid.x)
// CHECK: loop {
// CHECK: = p1[({{.*}} >> 2u)];
// CHECK: p0[({{.*}} >> 2u)] =
// CHECK: i32(cuwasm_params[0].x)
struct Scale {
  float factor;
  int n;
};

__global__ void scale(float *y, const float *x, Scale s) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < s.n; i += gridDim.x * blockDim.x)
    y[i] = s.factor * x[i];
}
