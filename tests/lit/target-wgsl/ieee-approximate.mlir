// Fastmath flags that allow an approximation (afn, arcp for a division,
// fast) keep WGSL's sqrt and /, as do cuda.approx and cuda.fast_math
// (__fdividef); a module that needs no IEEE helper declares none
// (ieee.mlir: the correctly rounded ops).
// RUN: cuwasm-opt --emit=wgsl %s -o %t.wgsl
// RUN: naga %t.wgsl
// RUN: cuwasm-opt --emit=wgsl %s | FileCheck %s

// CHECK-NOT: fn cuwasm_
// CHECK-NOT: cuwasm_div
// CHECK-NOT: cuwasm_sqrt
// CHECK: let [[Y:v[0-9]+]] = p0[
// CHECK: = sqrt(f32([[Y]]));
// CHECK: = ([[Y]] / [[Y]]);
// CHECK: = ([[Y]] / [[Y]]);
// CHECK: = ([[Y]] / [[Y]]);
// CHECK: = ([[Y]] / [[Y]]);
// CHECK: = sqrt([[Y]]);
// CHECK: = ([[Y]] / [[Y]]);
// CHECK-NOT: cuwasm_div
// CHECK-NOT: cuwasm_sqrt
"builtin.module"() ({
  "gpu.module"() <{sym_name = "kernels"}> ({
    "gpu.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>) -> ()}> ({
    ^bb0(%io: !ptr.ptr<#ptr.generic_space>):
      %x = "ptr.load"(%io) : (!ptr.ptr<#ptr.generic_space>) -> f32
      %s = "math.sqrt"(%x) <{fastmath = #arith.fastmath<afn>}> : (f32) -> f32
      %d1 = "arith.divf"(%x, %x) <{fastmath = #arith.fastmath<arcp>}> : (f32, f32) -> f32
      %d2 = "arith.divf"(%x, %x) <{fastmath = #arith.fastmath<nnan,afn>}> : (f32, f32) -> f32
      %d3 = "arith.divf"(%x, %x) <{fastmath = #arith.fastmath<fast>}> : (f32, f32) -> f32
      %d4 = "cuda.fast_math"(%x, %x) <{intrinsic = #cuda<fast_math __fdividef>}> : (f32, f32) -> f32
      %as = "cuda.approx"(%x) <{function = #cuda<approx sqrt>}> : (f32) -> f32
      %ad = "cuda.approx"(%x, %x) <{function = #cuda<approx div>}> : (f32, f32) -> f32
      %a1 = "arith.addf"(%s, %d1) : (f32, f32) -> f32
      %a2 = "arith.addf"(%a1, %d2) : (f32, f32) -> f32
      %a3 = "arith.addf"(%a2, %d3) : (f32, f32) -> f32
      %a4 = "arith.addf"(%a3, %d4) : (f32, f32) -> f32
      %a5 = "arith.addf"(%a4, %as) : (f32, f32) -> f32
      %a6 = "arith.addf"(%a5, %ad) : (f32, f32) -> f32
      "ptr.store"(%a6, %io) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "approximate"} : () -> ()
  }) : () -> ()
}) : () -> ()
