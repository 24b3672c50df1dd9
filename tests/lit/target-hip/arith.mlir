// arith and math as C++ with MLIR's semantics: integers in unsigned types
// (wrapping), widths below 32 computed in uint32_t and truncated, signed
// ops through the signed type, shift amounts modulo the width, unordered
// float predicates as negated ordered ones, bit casts through memcpy.
// RUN: cuwasm-opt %s --emit=hip | FileCheck %s
// RUN: cuwasm-opt %s --emit=hip -o %t.hip
// RUN: hipcc --offload-arch=gfx90a --cuda-device-only -O2 -w -c %t.hip -o %t.o

// CHECK: extern "C" __global__ void ops(char *[[P:v[0-9]+]], uint8_t [[A8:v[0-9]+]], uint8_t [[B8:v[0-9]+]], uint32_t [[A:v[0-9]+]], uint32_t [[B:v[0-9]+]], uint64_t [[A64:v[0-9]+]], float [[X:v[0-9]+]], float [[Y:v[0-9]+]], bool [[C:v[0-9]+]]) {
// CHECK-NEXT: const uint8_t {{v[0-9]+}} = (uint8_t)((uint32_t)[[A8]] * [[B8]]);
// CHECK-NEXT: const uint8_t {{v[0-9]+}} = (uint8_t)((int8_t)[[A8]] / (int8_t)[[B8]]);
// CHECK-NEXT: const uint8_t {{v[0-9]+}} = (uint8_t)((int8_t)[[A8]] >> ([[B8]] & 7u));
// CHECK-NEXT: const uint32_t {{v[0-9]+}} = [[A]] + [[B]];
// CHECK-NEXT: const uint32_t {{v[0-9]+}} = [[A]] << ([[B]] & 31u);
// CHECK-NEXT: const uint32_t {{v[0-9]+}} = [[A]] >> ([[B]] & 31u);
// CHECK-NEXT: const uint32_t {{v[0-9]+}} = (int32_t)[[A]] % (int32_t)[[B]];
// CHECK-NEXT: const uint32_t {{v[0-9]+}} = [[A]] / [[B]];
// CHECK-NEXT: const uint32_t {{v[0-9]+}} = cuwasm_floordivsi<int32_t>((int32_t)[[A]], (int32_t)[[B]]);
// CHECK-NEXT: const uint32_t {{v[0-9]+}} = ((int32_t)[[A]] < (int32_t)[[B]] ? [[A]] : [[B]]);
// CHECK-NEXT: const bool {{v[0-9]+}} = (int32_t)[[A]] <= (int32_t)[[B]];
// CHECK-NEXT: const bool {{v[0-9]+}} = [[A]] > [[B]];
// CHECK-NEXT: const uint64_t {{v[0-9]+}} = (uint64_t)(int32_t)[[A]];
// CHECK-NEXT: const uint64_t {{v[0-9]+}} = (uint64_t)[[A]];
// CHECK-NEXT: const uint32_t {{v[0-9]+}} = (uint32_t)(-(int32_t)[[C]]);
// CHECK-NEXT: const uint8_t {{v[0-9]+}} = (uint8_t)((uint32_t)[[A64]]);
// CHECK-NEXT: const bool {{v[0-9]+}} = (bool)(((uint32_t)[[A]]) & 1u);
// CHECK-NEXT: const float {{v[0-9]+}} = (float)(int32_t)[[A]];
// CHECK-NEXT: const float {{v[0-9]+}} = (float)[[A]];
// CHECK-NEXT: const uint32_t {{v[0-9]+}} = (int32_t)[[X]];
// CHECK-NEXT: const uint32_t {{v[0-9]+}} = cuwasm_bitcast<uint32_t>([[X]]);
// CHECK-NEXT: const bool {{v[0-9]+}} = !([[X]] >= [[Y]]);
// CHECK-NEXT: const bool {{v[0-9]+}} = ([[X]] < [[Y]] || [[X]] > [[Y]]);
// CHECK-NEXT: const bool {{v[0-9]+}} = ([[X]] != [[X]] || [[Y]] != [[Y]]);
// CHECK-NEXT: const bool {{v[0-9]+}} = [[X]] != [[Y]];
// CHECK-NEXT: const float {{v[0-9]+}} = -([[X]]);
// CHECK-NEXT: const float {{v[0-9]+}} = cuwasm_maximumf([[X]], [[Y]]);
// CHECK-NEXT: const float {{v[0-9]+}} = fmaxf([[X]], [[Y]]);
// CHECK-NEXT: const float {{v[0-9]+}} = fmaf([[X]], [[Y]], 0.1f);
// CHECK-NEXT: const double [[XD:v[0-9]+]] = (double)[[X]];
// CHECK-NEXT: const double {{v[0-9]+}} = sqrt([[XD]]);
// CHECK-NEXT: const float {{v[0-9]+}} = rsqrtf([[X]]);
// CHECK-NEXT: const uint32_t {{v[0-9]+}} = cuwasm_clz32([[A]]);
// CHECK-NEXT: const uint8_t {{v[0-9]+}} = (uint8_t)(cuwasm_ctz32((uint32_t)[[A8]] | 256u));
// CHECK-NEXT: const uint32_t {{v[0-9]+}} = [[A]] * [[B]];
// CHECK-NEXT: const uint32_t {{v[0-9]+}} = (uint32_t)(((int64_t)(int32_t)[[A]] * (int32_t)[[B]]) >> 32);
// CHECK-NEXT: const float {{v[0-9]+}} = ([[C]] ? [[X]] : INFINITY);
"builtin.module"() ({
  "gpu.module"() <{sym_name = "kernels"}> ({
    "gpu.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, i8, i8, i32, i32, i64, f32, f32, i1) -> ()}> ({
    ^bb0(%p: !ptr.ptr<#ptr.generic_space>, %a8: i8, %b8: i8, %a: i32, %b: i32, %a64: i64, %x: f32, %y: f32, %c: i1):
      %0 = "arith.muli"(%a8, %b8) : (i8, i8) -> i8
      %1 = "arith.divsi"(%a8, %b8) : (i8, i8) -> i8
      %2 = "arith.shrsi"(%a8, %b8) : (i8, i8) -> i8
      %3 = "arith.addi"(%a, %b) : (i32, i32) -> i32
      %4 = "arith.shli"(%a, %b) : (i32, i32) -> i32
      %5 = "arith.shrui"(%a, %b) : (i32, i32) -> i32
      %6 = "arith.remsi"(%a, %b) : (i32, i32) -> i32
      %7 = "arith.divui"(%a, %b) : (i32, i32) -> i32
      %8 = "arith.floordivsi"(%a, %b) : (i32, i32) -> i32
      %9 = "arith.minsi"(%a, %b) : (i32, i32) -> i32
      %10 = "arith.cmpi"(%a, %b) <{predicate = 3 : i64}> : (i32, i32) -> i1
      %11 = "arith.cmpi"(%a, %b) <{predicate = 8 : i64}> : (i32, i32) -> i1
      %12 = "arith.extsi"(%a) : (i32) -> i64
      %13 = "arith.extui"(%a) : (i32) -> i64
      %14 = "arith.extsi"(%c) : (i1) -> i32
      %15 = "arith.trunci"(%a64) : (i64) -> i8
      %16 = "arith.trunci"(%a) : (i32) -> i1
      %17 = "arith.sitofp"(%a) : (i32) -> f32
      %18 = "arith.uitofp"(%a) : (i32) -> f32
      %19 = "arith.fptosi"(%x) : (f32) -> i32
      %20 = "arith.bitcast"(%x) : (f32) -> i32
      %21 = "arith.cmpf"(%x, %y) <{predicate = 11 : i64}> : (f32, f32) -> i1
      %22 = "arith.cmpf"(%x, %y) <{predicate = 6 : i64}> : (f32, f32) -> i1
      %23 = "arith.cmpf"(%x, %y) <{predicate = 14 : i64}> : (f32, f32) -> i1
      %24 = "arith.cmpf"(%x, %y) <{predicate = 13 : i64}> : (f32, f32) -> i1
      %25 = "arith.negf"(%x) : (f32) -> f32
      %26 = "arith.maximumf"(%x, %y) : (f32, f32) -> f32
      %27 = "arith.maxnumf"(%x, %y) : (f32, f32) -> f32
      %k = "arith.constant"() <{value = 0.1 : f32}> : () -> f32
      %28 = "math.fma"(%x, %y, %k) : (f32, f32, f32) -> f32
      %xd = "arith.extf"(%x) : (f32) -> f64
      %29 = "math.sqrt"(%xd) : (f64) -> f64
      %30 = "math.rsqrt"(%x) : (f32) -> f32
      %31 = "math.ctlz"(%a) : (i32) -> i32
      %32 = "math.cttz"(%a8) : (i8) -> i8
      %33:2 = "arith.mulsi_extended"(%a, %b) : (i32, i32) -> (i32, i32)
      %inf = "arith.constant"() <{value = 0x7F800000 : f32}> : () -> f32
      %34 = "arith.select"(%c, %x, %inf) : (i1, f32, f32) -> f32
      "ptr.store"(%0, %p) : (i8, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%1, %p) : (i8, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%2, %p) : (i8, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%3, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%4, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%5, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%6, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%7, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%8, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%9, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%10, %p) : (i1, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%11, %p) : (i1, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%12, %p) : (i64, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%13, %p) : (i64, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%14, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%15, %p) : (i8, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%16, %p) : (i1, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%17, %p) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%18, %p) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%19, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%20, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%21, %p) : (i1, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%22, %p) : (i1, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%23, %p) : (i1, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%24, %p) : (i1, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%25, %p) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%26, %p) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%27, %p) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%28, %p) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%29, %p) : (f64, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%30, %p) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%31, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%32, %p) : (i8, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%33#0, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%33#1, %p) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "ptr.store"(%34, %p) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "ops"} : () -> ()
  }) : () -> ()
}) {gpu.container_module} : () -> ()
