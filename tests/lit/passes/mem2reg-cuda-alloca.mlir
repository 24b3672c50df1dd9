// mem2reg on the CUDA frontend's locals: registered cuda.alloca slots are
// promoted; a slot whose address escapes, or a shared-memory slot, is not.

// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(func.func(mem2reg))' | FileCheck %s

// CHECK-LABEL: sym_name = "local"
// CHECK-NEXT: ^bb0(%[[A:[^:]+]]: i32, %[[B:[^:]+]]: i32):
// CHECK-NEXT: %[[S:[^ ]+]] = "arith.addi"(%[[A]], %[[B]])
// CHECK-NEXT: "func.return"(%[[S]]) : (i32) -> ()
"func.func"() <{function_type = (i32, i32) -> i32, sym_name = "local"}> ({
^bb0(%a: i32, %b: i32):
  %x = "cuda.alloca"() <{count = 1 : i64, element_type = i32}> : () -> !ptr.ptr<#ptr.generic_space>
  "ptr.store"(%a, %x) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  %0 = "ptr.load"(%x) : (!ptr.ptr<#ptr.generic_space>) -> i32
  %1 = "arith.addi"(%0, %b) : (i32, i32) -> i32
  "ptr.store"(%1, %x) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  %2 = "ptr.load"(%x) : (!ptr.ptr<#ptr.generic_space>) -> i32
  "func.return"(%2) : (i32) -> ()
}) : () -> ()

// CHECK-LABEL: sym_name = "escapes"
// CHECK: "cuda.alloca"
// CHECK: "cuda.shared_alloc"
"func.func"() <{function_type = (i32, !ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "escapes"}> ({
^bb0(%a: i32, %out: !ptr.ptr<#ptr.generic_space>):
  %x = "cuda.alloca"() <{count = 1 : i64, element_type = i32}> : () -> !ptr.ptr<#ptr.generic_space>
  "ptr.store"(%a, %x) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  "ptr.store"(%x, %out) : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> ()
  %s = "cuda.shared_alloc"() <{count = 1 : i64, element_type = i32, name = "s"}> : () -> !ptr.ptr<#ptr.generic_space>
  "ptr.store"(%a, %s) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
  %0 = "ptr.load"(%s) : (!ptr.ptr<#ptr.generic_space>) -> i32
  "func.return"(%0) : (i32) -> ()
}) : () -> ()
