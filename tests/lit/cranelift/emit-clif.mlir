// cuwasm-opt --emit=clif prints the Cranelift IR of every function instead of
// MLIR; divisions by a non-constant are guarded against traps; an scf.for
// header branches to its exit first (so that Cranelift's loop-invariant code
// motion sees the body while the loop is on its stack).
// RUN: cuwasm-opt %s --emit=clif | FileCheck %s
// RUN: cuwasm-opt %s --canonicalize --emit=clif | FileCheck %s --check-prefix=CANON
// RUN: cuwasm-opt %s --emit=mlir | FileCheck %s --check-prefix=MLIR
// RUN: not cuwasm-opt %s --emit=nope 2>&1 | FileCheck %s --check-prefix=BAD

// CHECK-LABEL: ; @scale
// CHECK: function u0:{{[0-9]+}}(i64, f32) -> f32 system_v
// CHECK: load.f32 aligned
// CHECK: fmul
// CHECK: return
// CHECK-LABEL: ; @safe_div
// CHECK: icmp eq
// CHECK: select
// CHECK: sdiv
// CHECK-LABEL: ; @sum_to
// CHECK: [[STOP:v[0-9]+]] = icmp sge
// CHECK: brif [[STOP]], block[[EXIT:[0-9]+]](v{{[0-9]+}}), block
// CHECK: iadd
// CHECK: block[[EXIT]](
// CHECK-NEXT: return

// CANON-LABEL: ; @scale
// CANON: fmul

// MLIR: "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, f32) -> f32, sym_name = "scale"}>

// BAD: error: invalid value 'nope' for '--emit <EMIT>'

"func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, f32) -> f32, sym_name = "scale"}> ({
^bb0(%p: !ptr.ptr<#ptr.generic_space>, %s: f32):
  %x = "ptr.load"(%p) : (!ptr.ptr<#ptr.generic_space>) -> f32
  %y = "arith.mulf"(%x, %s) : (f32, f32) -> f32
  "func.return"(%y) : (f32) -> ()
}) : () -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "safe_div"}> ({
^bb0(%a: i32, %b: i32):
  %q = "arith.divsi"(%a, %b) : (i32, i32) -> i32
  "func.return"(%q) : (i32) -> ()
}) : () -> ()
"func.func"() <{function_type = (index) -> index, sym_name = "sum_to"}> ({
^bb0(%n: index):
  %c0 = "arith.constant"() <{value = 0 : index}> : () -> index
  %c1 = "arith.constant"() <{value = 1 : index}> : () -> index
  %s = "scf.for"(%c0, %n, %c1, %c0) ({
  ^bb0(%i: index, %acc: index):
    %t = "arith.addi"(%acc, %i) : (index, index) -> index
    "scf.yield"(%t) : (index) -> ()
  }) : (index, index, index, index) -> index
  "func.return"(%s) : (index) -> ()
}) : () -> ()
