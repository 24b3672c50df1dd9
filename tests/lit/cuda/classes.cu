// Classes: member functions take `this` (the object's address) first,
// constructors run their member initializers, operators on class objects
// call the class's operators, references are addresses, default arguments
// are filled in, namespaces and scoped enums are looked through.
// RUN: cuwasm-opt %s | FileCheck %s
// RUN: not cuwasm-opt -DDTOR %s 2>&1 | FileCheck %s --check-prefix=DTOR

namespace geo {
struct Vec2 {
  float x, y;
  __device__ Vec2() : x(0.0f), y(0.0f) {}
  __device__ Vec2(float a, float b) : x(a), y(b) {}
  __device__ Vec2 operator+(const Vec2 &o) const { return Vec2(x + o.x, y + o.y); }
  __device__ Vec2 &operator+=(const Vec2 &o) { x += o.x; y += o.y; return *this; }
  __device__ float dot(const Vec2 &o) const { return x * o.x + y * o.y; }
  __device__ static float zero() { return 0.0f; }
};
enum class Mode { Add = 1, Dot = 4 };
}
__device__ void scale(geo::Vec2 &v, float s = 2.0f) { v.x *= s; v.y *= s; }

// CHECK-LABEL: sym_name = "kernels"
// `geo::Vec2 a(1.0f, 2.0f), b;`: the two-argument constructor, then the default one.
// CHECK: %[[A:.*]] = "cuda.alloca"() <{count = 2 : i64, element_type = i32}>
// CHECK: "func.call"(%[[A]], %{{.*}}, %{{.*}}) <{callee = @Vec2__ctor_1}>
// CHECK: %[[B:.*]] = "cuda.alloca"() <{count = 2 : i64, element_type = i32}>
// CHECK: "func.call"(%[[B]]) <{callee = @Vec2__ctor}>
// `b += a` returns a reference (an address).
// CHECK: "func.call"(%[[B]], %[[A]]) <{callee = @Vec2__op_pe}> : {{.*}} -> !ptr.ptr<#ptr.generic_space>
// `scale(b)`: b by reference, the default 2.0f.
// CHECK: %[[TWO:.*]] = "arith.constant"() <{value = 2.000000e+00 : f32}>
// CHECK: "func.call"(%[[B]], %[[TWO]]) <{callee = @scale}>
// `geo::Mode::Dot` is 4.
// CHECK: "arith.constant"() <{value = 4 : i32}>
// CHECK: "func.call"(%[[A]], %[[B]]) <{callee = @Vec2__dot}>
// A static member has no `this`.
// CHECK: "func.call"() <{callee = @Vec2__zero}>
// `a + b` returns a Vec2: through a slot of the caller, before `this`.
// CHECK: %[[T:.*]] = "cuda.alloca"() <{count = 2 : i64, element_type = i32}>
// CHECK: "func.call"(%[[T]], %[[A]], %[[B]]) <{callee = @Vec2__op_p}>
// CHECK: sym_name = "k"
__global__ void k(float *out, geo::Mode m) {
  geo::Vec2 a(1.0f, 2.0f), b;
  b += a;
  scale(b);
  if (m == geo::Mode::Dot) out[0] = a.dot(b) + geo::Vec2::zero();
  else out[0] = (a + b).x;
}
// The constructor stores its initializers through `this`.
// CHECK: sym_name = "Vec2__ctor_1"
// CHECK: ^bb0(%[[THIS:.*]]: !ptr.ptr<#ptr.generic_space>, %{{.*}}: f32, %{{.*}}: f32):
// CHECK: "ptr.store"(%{{.*}}, %[[THIS]])
// `return *this;` returns the object's address.
// CHECK: sym_name = "Vec2__op_pe"
// CHECK: ^bb0(%[[SELF:.*]]: !ptr.ptr<#ptr.generic_space>, %{{.*}}: !ptr.ptr<#ptr.generic_space>):
// CHECK: "func.return"(%[[SELF]])

#ifdef DTOR
struct Owner {
  float *p;
  __device__ ~Owner() { p[0] = 0.0f; }
};
// DTOR: classes.cu:[[@LINE-2]]:3: error: a destructor with a body is not supported yet by cuwasm
__global__ void d(Owner o) {}
#endif
