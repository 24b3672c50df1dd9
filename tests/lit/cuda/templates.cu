// Templates are instantiated on use: a function template per argument list
// (explicit or deduced), a class template per argument list (its members
// with the parameters bound), and a kernel template per launch of the host
// code, its symbol the kernel's name mangled with the arguments, the same
// on the host's `cuda.launch` and the device's `gpu.func`.
// RUN: cuwasm-opt %s | FileCheck %s
// RUN: not cuwasm-opt -DDEDUCE %s 2>&1 | FileCheck %s --check-prefix=DEDUCE
// RUN: not cuwasm-opt -DCONFLICT %s 2>&1 | FileCheck %s --check-prefix=CONFLICT

template <typename T, int N>
struct Array {
  T data[N];
  __device__ T &operator[](int i) { return data[i]; }
  __device__ static constexpr int size() { return N; }
};
template <typename T>
__device__ T twice(T v) { return v + v; }
struct Neg {
  __device__ float operator()(float x) const { return -x; }
};

// One instance for the two launches; B = 4 sizes `a` (4 floats).
// CHECK-LABEL: sym_name = "kernels"
// CHECK: "cuda.alloca"() <{count = 4 : i64, element_type = i32}>
// CHECK: "func.call"() <{callee = @Array_float_4___size}>
// Deduced (`twice(p[i])`) and explicit (`twice<T>(1)`): one instance.
// CHECK: "func.call"(%{{.*}}) <{callee = @twice__float}>
// CHECK: "func.call"(%{{.*}}) <{callee = @twice__float}>
// CHECK: <{callee = @Array_float_4___op_i}> : (!ptr.ptr<#ptr.generic_space>, i32) -> !ptr.ptr<#ptr.generic_space>
// The functor's operator() on the by-value parameter `f`.
// CHECK: <{callee = @Neg__op_c}>
// CHECK: {cuwasm.byval_bytes = array<i64: 0, 1>, gpu.kernel, sym_name = "apply__float_4_Neg"}
// CHECK-NOT: sym_name = "apply__float_4_Neg"
// CHECK: sym_name = "Array_float_4___size"
// CHECK: "arith.constant"() <{value = 4 : i32}>
// CHECK: sym_name = "main"
// CHECK: "cuda.launch"{{.*}}<{kernel = @kernels::@apply__float_4_Neg}>
// CHECK: "cuda.launch"{{.*}}<{kernel = @kernels::@apply__float_4_Neg}>
template <typename T, int B, typename F>
__global__ void apply(T *p, F f) {
  Array<T, B> a;
  for (int i = 0; i < Array<T, B>::size(); i++) a[i] = twice(p[i]) + twice<T>(1);
  p[0] = f(a[B - 1]);
}
int main() {
  float *d;
  cudaMalloc(&d, 64);
  apply<float, 4><<<1, 1>>>(d, Neg());
  apply<float, 4><<<1, 1>>>(d, Neg());
  return 0;
}

#ifdef DEDUCE
template <typename T> __device__ T id(int x) { return (T)x; }
// DEDUCE: templates.cu:[[@LINE+1]]:42: error: cannot deduce the template argument 'T' of 'id'
__global__ void bad(float *p) { p[0] = id(1); }
#endif

#ifdef CONFLICT
template <typename T> __device__ T add(T a, T b) { return a + b; }
// CONFLICT: templates.cu:[[@LINE+1]]:43: error: conflicting types deduced for the template parameter 'T' of 'add'
__global__ void bad(float *p) { p[0] = add(1, 2.0f); }
#endif
