// math.sqrt and arith.divf mean IEEE's correctly rounded operations (CUDA's
// sqrtf and /, PTX's sqrt.rn and div.rn), which WGSL's sqrt and / are not:
// they call cuwasm_sqrt and cuwasm_div (targets/src/wgsl/ieee.rs), as does
// cuda.rounded with rn; f16 goes through them in f32, rounded back by the
// bits (cuwasm_f16). The contract flag
// allows no approximation. (ieee-approximate.mlir: the ops that do.)
// RUN: cuwasm-opt --emit=wgsl %s -o %t.wgsl
// RUN: naga %t.wgsl
// RUN: cuwasm-opt --emit=wgsl %s | FileCheck %s

// CHECK: fn cuwasm_div(a: f32, b: f32) -> f32 {
// CHECK: fn cuwasm_div_est(a: f32, b: f32) -> f32 {
// CHECK: fn cuwasm_f32_unpack(u: u32) -> vec2<i32> {
// CHECK: fn cuwasm_sqrt(x: f32) -> f32 {
// CHECK: fn cuwasm_sqrt_est(m: f32) -> f32 {
// CHECK: let [[X:v[0-9]+]] = p0[
// CHECK: = cuwasm_sqrt(f32([[X]]));
// CHECK: = cuwasm_div([[X]], [[X]]);
// CHECK: = cuwasm_div([[X]], [[X]]);
// CHECK: = cuwasm_div(f32([[X]]), f32([[X]]));
// CHECK: = cuwasm_sqrt(f32([[X]]));
// CHECK: = cuwasm_div(1.0f, f32([[X]]));
// CHECK: let [[H:v[0-9]+]] = cuwasm_f16(f32([[X]]), 0u);
// CHECK-NEXT: let [[HD:v[0-9]+]] = cuwasm_f16(f32(cuwasm_div(f32([[H]]), f32([[H]]))), 0u);
// CHECK-NEXT: = cuwasm_f16(f32(cuwasm_sqrt(f32([[HD]]))), 0u);
"builtin.module"() ({
  "gpu.module"() <{sym_name = "kernels"}> ({
    "gpu.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>) -> ()}> ({
    ^bb0(%io: !ptr.ptr<#ptr.generic_space>):
      %x = "ptr.load"(%io) : (!ptr.ptr<#ptr.generic_space>) -> f32
      %s = "math.sqrt"(%x) : (f32) -> f32
      %d = "arith.divf"(%x, %x) : (f32, f32) -> f32
      %dn = "arith.divf"(%x, %x) <{fastmath = #arith.fastmath<contract>}> : (f32, f32) -> f32
      %rd = "cuda.rounded"(%x, %x) <{op = #cuda<rounded_op div>, rounding = #cuda<rounding rn>}> : (f32, f32) -> f32
      %rs = "cuda.rounded"(%x) <{op = #cuda<rounded_op sqrt>, rounding = #cuda<rounding rn>}> : (f32) -> f32
      %rr = "cuda.rounded"(%x) <{op = #cuda<rounded_op rcp>, rounding = #cuda<rounding rn>}> : (f32) -> f32
      %h = "arith.truncf"(%x) : (f32) -> f16
      %hd = "arith.divf"(%h, %h) : (f16, f16) -> f16
      %hs = "math.sqrt"(%hd) : (f16) -> f16
      %he = "arith.extf"(%hs) : (f16) -> f32
      %a1 = "arith.addf"(%s, %d) : (f32, f32) -> f32
      %a2 = "arith.addf"(%a1, %dn) : (f32, f32) -> f32
      %a3 = "arith.addf"(%a2, %rd) : (f32, f32) -> f32
      %a4 = "arith.addf"(%a3, %rs) : (f32, f32) -> f32
      %a5 = "arith.addf"(%a4, %rr) : (f32, f32) -> f32
      %a6 = "arith.addf"(%a5, %he) : (f32, f32) -> f32
      "ptr.store"(%a6, %io) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "exact"} : () -> ()
  }) : () -> ()
}) : () -> ()
