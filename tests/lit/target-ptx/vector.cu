// Adjacent accesses of one type become one vector access where the address
// is provably aligned: a float4 element of a shared array (16-byte aligned,
// index times 16) is one ld.shared.v4/st.shared.v4. A kernel's pointer
// parameter proves no alignment (the IR does not keep float4), so its
// accesses stay scalar.
// RUN: cuwasm-opt %s --emit=ptx | FileCheck %s

// CHECK: .visible .entry tile_sum(
// CHECK: ld.global.f32
// CHECK: ld.global.f32 {{%f[0-9]+}}, [{{%rd[0-9]+}}+4];
// CHECK: st.shared.v4.f32 [{{%r[0-9]+}}], {[[A:%f[0-9]+]], [[B:%f[0-9]+]], [[C:%f[0-9]+]], [[D:%f[0-9]+]]};
// CHECK: bar.sync 0;
// CHECK: ld.shared.v4.f32 {[[E:%f[0-9]+]], [[F:%f[0-9]+]], [[G:%f[0-9]+]], [[H:%f[0-9]+]]}, [{{%r[0-9]+}}];
// CHECK-NOT: ld.global.v4
__global__ void tile_sum(const float4 *in, float *out) {
  __shared__ float4 tile[64];
  tile[threadIdx.x] = in[blockIdx.x * 64 + threadIdx.x];
  __syncthreads();
  float4 t = tile[(threadIdx.x + 1) & 63];
  out[blockIdx.x * 64 + threadIdx.x] = t.x + t.y + t.z + t.w;
}

// In an unrolled loop whose body writes no memory, a load whose address
// advances by its size each iteration loads the next iterations' values
// too: as[ty][k] for k = 0..15 is four ld.shared.v4 (nvcc's tiled matmul).
// CHECK: .visible .entry tile_dot(
// CHECK: bar.sync 0;
// CHECK: ld.shared.v4.f32 {{.*}}, [[[ROW:%r[0-9]+]]];
// CHECK: ld.shared.v4.f32 {{.*}}, [[[ROW]]+16];
// CHECK: ld.shared.v4.f32 {{.*}}, [[[ROW]]+32];
// CHECK: ld.shared.v4.f32 {{.*}}, [[[ROW]]+48];
// CHECK-NOT: ld.shared.v4
// CHECK: ret;
__global__ void tile_dot(const float *a, const float *b, float *c) {
  __shared__ float as[16][16];
  __shared__ float bs[16][16];
  int tx = threadIdx.x, ty = threadIdx.y;
  as[ty][tx] = a[ty * 16 + tx];
  bs[ty][tx] = b[ty * 16 + tx];
  __syncthreads();
  float acc = 0.0f;
  for (int k = 0; k < 16; k++) acc += as[ty][k] * bs[k][tx];
  c[ty * 16 + tx] = acc;
}
