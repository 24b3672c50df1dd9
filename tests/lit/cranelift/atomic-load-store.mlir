// ptr.load/ptr.store with an atomic `ordering` (LLVM's numbering: 2
// monotonic, 4 acquire, 5 release, 7 seq_cst) become Cranelift's
// atomic_load/atomic_store (sequentially consistent, so at least as strong
// as each); a float goes through its bits; plain accesses stay plain.
// RUN: cuwasm-opt %s --emit=clif | FileCheck %s

// CHECK-LABEL: ; @copy
// CHECK: atomic_load.i32 aligned
// CHECK: atomic_load.i32 aligned
// CHECK: bitcast.f32
// CHECK: bitcast.i64
// CHECK: atomic_store aligned
// CHECK: atomic_store aligned
// CHECK: store aligned
// CHECK: return
"func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> (), sym_name = "copy"}> ({
^bb0(%in: !ptr.ptr<#ptr.generic_space>, %out: !ptr.ptr<#ptr.generic_space>):
  %a = "ptr.load"(%in) <{ordering = 2 : i32}> : (!ptr.ptr<#ptr.generic_space>) -> i32
  %f = "ptr.load"(%in) <{ordering = 4 : i32}> : (!ptr.ptr<#ptr.generic_space>) -> f32
  %d = "arith.extf"(%f) : (f32) -> f64
  "ptr.store"(%d, %out) <{ordering = 5 : i32}> : (f64, !ptr.ptr<#ptr.generic_space>) -> ()
  "ptr.store"(%a, %out) <{ordering = 7 : i32}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  "ptr.store"(%a, %out) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  "func.return"() : () -> ()
}) : () -> ()
