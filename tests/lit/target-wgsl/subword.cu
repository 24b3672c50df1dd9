// Bytes: a buffer accessed with 8-bit types is an array of u32 words; a
// byte load shifts its word; a byte store into memory other threads may
// write clears and sets its bits with atomicAnd/atomicOr on the containing
// word (so the buffer's words are atomic), while a byte store into a
// thread's own local array is a plain read-modify-write.
// RUN: cuwasm-opt --emit=wgsl %s -o %t.wgsl
// RUN: naga %t.wgsl
// RUN: cuwasm-opt --emit=wgsl %s | FileCheck %s

// CHECK: var<storage, read_write> p0: array<atomic<u32>>;
// CHECK: var<storage, read> p1: array<u32>;
// CHECK: var [[LOCAL:a[0-9]+]]: array<u32, 2>;
// CHECK: bitcast<i32>(p1[({{.*}} >> 2u)] >> (({{.*}} & 3u) * 8u))
// CHECK: [[LOCAL]][({{.*}} >> 2u)] = ([[LOCAL]][({{.*}} >> 2u)] & ~(0xffu << ((
// CHECK: atomicAnd(&p0[({{.*}} >> 2u)], ~(0xffu << ((
// CHECK-NEXT: atomicOr(&p0[({{.*}} >> 2u)], ((bitcast<u32>(
__global__ void bytes(unsigned char *out, const unsigned char *in, int k) {
  int i = threadIdx.x;
  unsigned char local[8];
  for (int j = 0; j < 8; j++) local[j] = in[i + j];
  out[i] = local[k & 7] + 1;
}
