// Addresses in host code: a function's name (or &f) is cuda.func_addr,
// a call through a pointer cuda.call_indirect, qsort cuda.libc_qsort; a
// host variable of pointers initialized with constant addresses holds them
// as its initial_value (strings, @functions, @variables, #ptr.null), which
// the target placing it fills in. isnan/isinf/isfinite/signbit are compares.
// RUN: cuwasm-opt %s | FileCheck %s
// RUN: not cuwasm-opt -DELEMENT %s 2>&1 | FileCheck %s --check-prefix=ELEMENT
// RUN: not cuwasm-opt -DCALL %s 2>&1 | FileCheck %s --check-prefix=CALL
// RUN: not cuwasm-opt -DVALUE %s 2>&1 | FileCheck %s --check-prefix=VALUE
// RUN: not cuwasm-opt -DDEVICE_ADDRESS %s 2>&1 | FileCheck %s --check-prefix=DEVICE_ADDRESS
// RUN: not cuwasm-opt -DDEVICE_FUNCTION %s 2>&1 | FileCheck %s --check-prefix=DEVICE_FUNCTION
// RUN: not cuwasm-opt -DDEVICE_POINTER %s 2>&1 | FileCheck %s --check-prefix=DEVICE_POINTER

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int twice(int x) { return 2 * x; }
static int square(int x) { return x * x; }
static int by_value(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

// Made on first use, each variable it names first; missing elements are null.
// CHECK: "cuda.global_var"() <{count = 3 : i64, element_type = !ptr.ptr<#ptr.generic_space>, initial_value = [@twice, @square, #ptr.null], space = #cuda<space host>, sym_name = "ops"}>
// CHECK: "cuda.global_var"() <{count = 4 : i64, element_type = i32, initial_value = dense<[4, 3, 2, 1]> : tensor<4xi32>, space = #cuda<space host>, sym_name = "table"}>
// CHECK: "cuda.global_var"() <{count = 3 : i64, element_type = !ptr.ptr<#ptr.generic_space>, initial_value = [@table, #ptr.null, #ptr.null], space = #cuda<space host>, sym_name = "rows"}>
// CHECK: "cuda.global_var"() <{count = 3 : i64, element_type = !ptr.ptr<#ptr.generic_space>, initial_value = ["twice", "square", #ptr.null], space = #cuda<space host>, sym_name = "names"}>
// CHECK: "cuda.global_var"() <{count = 1 : i64, element_type = !ptr.ptr<#ptr.generic_space>, initial_value = [@self], space = #cuda<space host>, sym_name = "self"}>
static int (*ops[])(int) = {twice, &square, 0};
static const char *names[3] = {"twice", "square"};
static int table[4] = {4, 3, 2, 1};
static int *rows[] = {table, (int *)NULL, nullptr};
static void *self = &self;

#ifdef ELEMENT
// ELEMENT: host-addresses.cu:[[@LINE+1]]:22: error: the address of anything but a function or a file-scope variable in an initializer is not supported yet by cuwasm
static int *second = &table[1];
#define USE second
#endif
#ifdef CALL
// CALL: host-addresses.cu:[[@LINE+1]]:20: error: a pointer initializer other than a string literal, the address of a function or file-scope variable, or a null pointer is not supported yet by cuwasm
static int *heap = (int *)malloc(4);
#define USE heap
#endif
#ifdef VALUE
static int one = 1;
// VALUE: host-addresses.cu:[[@LINE+1]]:19: error: the value of 'one' is not a constant: write '&one' for its address
static int *ptr = (int *)one;
#define USE ptr
#endif
#ifdef DEVICE_ADDRESS
__device__ int on_device;
// DEVICE_ADDRESS: host-addresses.cu:[[@LINE+1]]:21: error: the address of a __device__ or __constant__ variable in a host variable's initializer is not supported yet by cuwasm
static int *there = &on_device;
#define USE there
#endif
#ifdef DEVICE_FUNCTION
__device__ int device_twice(int x) { return 2 * x; }
// DEVICE_FUNCTION: host-addresses.cu:[[@LINE+1]]:29: error: the address of the __device__ function 'device_twice' cannot be taken in host code
static int (*dev_op)(int) = device_twice;
#define USE dev_op
#endif
#ifdef DEVICE_POINTER
// DEVICE_POINTER: host-addresses.cu:[[@LINE+1]]:1: error: a file-scope variable of type 'float *' is not supported yet by cuwasm
__device__ float *device_ptr;
__global__ void k(float *p) { p[0] = *device_ptr; }
#endif
#ifndef USE
#define USE self
#endif

// CHECK-LABEL: sym_name = "main"
int main() {
  // CHECK: "cuda.call_indirect"(%{{[0-9]+}}, %{{[0-9]+}}) <{function_type = (i32) -> i32}> : (!ptr.ptr<#ptr.generic_space>, i32) -> i32
  int (*f)(int) = ops[1];
  printf("%d\n", f(3));
  // CHECK: %[[CMP:.*]] = "cuda.func_addr"() <{callee = @by_value}> : () -> !ptr.ptr<#ptr.generic_space>
  // CHECK-NEXT: "cuda.libc_qsort"(%{{.*}}, %{{.*}}, %{{.*}}, %[[CMP]]) : (!ptr.ptr<#ptr.generic_space>, i64, i64, !ptr.ptr<#ptr.generic_space>) -> ()
  qsort(table, 4, sizeof(int), by_value);
  double x = rows[0][0];
  // CHECK: %[[X:.*]] = "ptr.load"(%{{.*}}) : (!ptr.ptr<#ptr.generic_space>) -> f64
  // CHECK-NEXT: "arith.cmpf"(%[[X]], %[[X]]) <{predicate = 14 : i64}> : (f64, f64) -> i1
  // CHECK: %[[ABS:.*]] = "math.absf"(%{{.*}}) : (f64) -> f64
  // CHECK: "arith.cmpf"(%[[ABS]], %{{.*}}) <{predicate = 1 : i64}> : (f64, f64) -> i1
  // CHECK: %[[ABSF:.*]] = "math.absf"(%{{.*}}) : (f32) -> f32
  // CHECK: "arith.cmpf"(%[[ABSF]], %{{.*}}) <{predicate = 4 : i64}> : (f32, f32) -> i1
  // CHECK: %[[BITS:.*]] = "arith.bitcast"(%{{.*}}) : (f64) -> i64
  // CHECK: "arith.cmpi"(%[[BITS]], %{{.*}}) <{predicate = 2 : i64}> : (i64, i64) -> i1
  printf("%d %d %d %d %s %d\n", isnan(x), isinf(x), isfinite((float)x), signbit(x), names[0], !USE);
  return 0;
}
