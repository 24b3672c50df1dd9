// Structs: C layout, locals are byte slots aligned as the struct, member
// access is ptr_add by the field offset, copies are field by field, by-value
// parameters are the caller's address copied into the callee's slot.
// RUN: cuwasm-opt %s | FileCheck %s
// RUN: cuwasm-opt -DRETURN %s | FileCheck %s --check-prefix=RET
// RUN: not cuwasm-opt -DUNION %s 2>&1 | FileCheck %s --check-prefix=UNION

struct Inner {
  char c;
  double d;
};
typedef struct {
  int n;
  Inner in;  // at 8
  float w[3];  // at 24
} Outer;  // 40 bytes, 8-aligned

__device__ float sum(Outer o) { return o.w[0] + o.w[2] + (float)o.in.d; }

// CHECK: %[[S:.*]] = "cuda.alloca"() <{count = 5 : i64, element_type = i64}>
// CHECK: "arith.constant"() <{value = 24 : i64}>
// CHECK: "ptr.ptr_add"
// The copy o = *p loads and stores each of the 6 scalars.
// CHECK-COUNT-6: "ptr.store"
// CHECK: "func.call"(%[[S]]) <{callee = @sum}>
// CHECK: {gpu.kernel, sym_name = "k"}
// The callee copies its argument into its own slot.
// CHECK: sym_name = "sum"
// CHECK: ^bb0(%[[A:.*]]: !ptr.ptr<#ptr.generic_space>):
// CHECK: "cuda.alloca"() <{count = 5 : i64, element_type = i64}>
__global__ void k(Outer *p, float *out) {
  Outer o;
  o.w[2] = 1.0f;
  o = *p;
  p[1].in.d = sizeof(Outer) + sizeof(Inner);
  out[0] = sum(o);
}

#ifdef RETURN
// A struct result is written through a hidden first parameter, the
// address of a slot of the caller.
// RET: %[[R:.*]] = "cuda.alloca"() <{count = 2 : i64, element_type = i64}>
// RET: "func.call"(%[[R]]) <{callee = @make}> : (!ptr.ptr<#ptr.generic_space>) -> ()
// RET: function_type = (!ptr.ptr<#ptr.generic_space>) -> (), sym_name = "make"
// RET: "func.return"() : () -> ()
__device__ Inner make() { Inner i = {1, 2.0}; return i; }
__global__ void r(Inner *p) { *p = make(); }
#endif

#ifdef UNION
union U { int i; float f; };
// UNION: structs.cu:[[@LINE+1]]:{{[0-9]+}}: error: type 'U' (a union) is not supported yet by cuwasm
__global__ void u(U *p) { p->i = 1; }
#endif
