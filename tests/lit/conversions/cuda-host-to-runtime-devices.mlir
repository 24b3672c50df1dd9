// convert-cuda-host-to-runtime on the device, stream and event ops: what CUDA
// returns through a pointer goes through a stack slot the callee writes and
// that is loaded back (docs/cpu-abi.md); the others pass their operands on;
// qsort is the C library's; cuda.func_addr and cuda.call_indirect stay for
// the emitter.
// RUN: cuwasm-opt %s --pass-pipeline='builtin.module(convert-cuda-host-to-runtime)' | FileCheck %s

// CHECK: ^bb0(%[[PROP:[^:]+]]: !ptr.ptr<#ptr.generic_space>, %[[N:[^:]+]]: i64, %[[SIZE:[^:]+]]: i64, %[[BASE:[^:]+]]: !ptr.ptr<#ptr.generic_space>):
// CHECK-NEXT: %[[CS:[^ ]+]] = "cuda.alloca"() <{count = 1 : i64, element_type = i32}>
// CHECK-NEXT: "func.call"(%[[CS]]) <{callee = @cuwasm_rt_get_device_count}> : (!ptr.ptr<#ptr.generic_space>) -> i32
// CHECK-NEXT: %[[COUNT:[^ ]+]] = "ptr.load"(%[[CS]]) : (!ptr.ptr<#ptr.generic_space>) -> i32
// CHECK-NEXT: "func.call"(%[[COUNT]]) <{callee = @cuwasm_rt_set_device}> : (i32) -> i32
// CHECK-NEXT: %[[DS:[^ ]+]] = "cuda.alloca"() <{count = 1 : i64, element_type = i32}>
// CHECK-NEXT: "func.call"(%[[DS]]) <{callee = @cuwasm_rt_get_device}>
// CHECK-NEXT: %[[DEV:[^ ]+]] = "ptr.load"(%[[DS]])
// CHECK-NEXT: "func.call"(%[[PROP]], %[[DEV]]) <{callee = @cuwasm_rt_get_device_properties}> : (!ptr.ptr<#ptr.generic_space>, i32) -> i32
// CHECK-NEXT: %[[SS:[^ ]+]] = "cuda.alloca"() <{count = 1 : i64, element_type = !ptr.ptr<#ptr.generic_space>}>
// CHECK-NEXT: "func.call"(%[[SS]]) <{callee = @cuwasm_rt_stream_create}>
// CHECK-NEXT: %[[S:[^ ]+]] = "ptr.load"(%[[SS]]) : (!ptr.ptr<#ptr.generic_space>) -> !ptr.ptr<#ptr.generic_space>
// CHECK-NEXT: %[[ES:[^ ]+]] = "cuda.alloca"()
// CHECK-NEXT: "func.call"(%[[ES]]) <{callee = @cuwasm_rt_event_create}>
// CHECK-NEXT: %[[E:[^ ]+]] = "ptr.load"(%[[ES]])
// CHECK-NEXT: "func.call"(%[[E]], %[[S]]) <{callee = @cuwasm_rt_event_record}> : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> i32
// CHECK-NEXT: "func.call"(%[[E]]) <{callee = @cuwasm_rt_event_synchronize}>
// CHECK-NEXT: "func.call"(%[[S]]) <{callee = @cuwasm_rt_stream_synchronize}>
// CHECK-NEXT: %[[MSS:[^ ]+]] = "cuda.alloca"() <{count = 1 : i64, element_type = f32}>
// CHECK-NEXT: "func.call"(%[[MSS]], %[[E]], %[[E]]) <{callee = @cuwasm_rt_event_elapsed_time}> : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> i32
// CHECK-NEXT: "ptr.load"(%[[MSS]]) : (!ptr.ptr<#ptr.generic_space>) -> f32
// CHECK-NEXT: "func.call"(%[[E]]) <{callee = @cuwasm_rt_event_destroy}>
// CHECK-NEXT: "func.call"(%[[S]]) <{callee = @cuwasm_rt_stream_destroy}>
// CHECK-NEXT: %[[CMP:[^ ]+]] = "cuda.func_addr"() <{callee = @compare}>
// CHECK-NEXT: "func.call"(%[[BASE]], %[[N]], %[[SIZE]], %[[CMP]]) <{callee = @qsort}> : (!ptr.ptr<#ptr.generic_space>, i64, i64, !ptr.ptr<#ptr.generic_space>) -> ()
// CHECK-NEXT: "cuda.call_indirect"(%[[CMP]], %[[BASE]], %[[BASE]])
// CHECK: sym_name = "cuwasm_rt_get_device_count", sym_visibility = "private"
// CHECK: sym_name = "qsort", sym_visibility = "private"
"builtin.module"() ({
  "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, i64, i64, !ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "streams"}> ({
  ^bb0(%prop: !ptr.ptr<#ptr.generic_space>, %n: i64, %size: i64, %base: !ptr.ptr<#ptr.generic_space>):
    %c:2 = "cuda.rt_get_device_count"() : () -> (i32, i32)
    %e1 = "cuda.rt_set_device"(%c#0) : (i32) -> i32
    %d:2 = "cuda.rt_get_device"() : () -> (i32, i32)
    %e2 = "cuda.rt_get_device_properties"(%prop, %d#0) : (!ptr.ptr<#ptr.generic_space>, i32) -> i32
    %s:2 = "cuda.rt_stream_create"() : () -> (!ptr.ptr<#ptr.generic_space>, i32)
    %ev:2 = "cuda.rt_event_create"() : () -> (!ptr.ptr<#ptr.generic_space>, i32)
    %e3 = "cuda.rt_event_record"(%ev#0, %s#0) : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> i32
    %e4 = "cuda.rt_event_synchronize"(%ev#0) : (!ptr.ptr<#ptr.generic_space>) -> i32
    %e5 = "cuda.rt_stream_synchronize"(%s#0) : (!ptr.ptr<#ptr.generic_space>) -> i32
    %ms:2 = "cuda.rt_event_elapsed_time"(%ev#0, %ev#0) : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> (f32, i32)
    %e6 = "cuda.rt_event_destroy"(%ev#0) : (!ptr.ptr<#ptr.generic_space>) -> i32
    %e7 = "cuda.rt_stream_destroy"(%s#0) : (!ptr.ptr<#ptr.generic_space>) -> i32
    %cmp = "cuda.func_addr"() <{callee = @compare}> : () -> !ptr.ptr<#ptr.generic_space>
    "cuda.libc_qsort"(%base, %n, %size, %cmp) : (!ptr.ptr<#ptr.generic_space>, i64, i64, !ptr.ptr<#ptr.generic_space>) -> ()
    %r = "cuda.call_indirect"(%cmp, %base, %base) <{function_type = (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> i32}> : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> i32
    "func.return"(%r) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "compare"}> ({
  ^bb0(%a: !ptr.ptr<#ptr.generic_space>, %b: !ptr.ptr<#ptr.generic_space>):
    %z = "arith.constant"() <{value = 0 : i32}> : () -> i32
    "func.return"(%z) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
