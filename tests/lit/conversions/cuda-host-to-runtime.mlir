// convert-cuda-host-to-runtime: every host op of the cuda dialect becomes a
// func.call of the runtime (or the C library), as docs/cpu-abi.md's table says;
// each callee is declared once, privately, and device code is left alone.

// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(convert-cuda-host-to-runtime)' | FileCheck %s
// RUN: cuwasm-opt %s --split-input-file --pass-pipeline='builtin.module(convert-cuda-host-to-runtime)' | FileCheck %s --check-prefix=DECL

// CHECK-LABEL: sym_name = "memory"
// CHECK: ^bb0(%[[N:[^:]+]]: i64, %[[H:[^:]+]]: !ptr.ptr<#ptr.generic_space>):
// cudaMalloc: a slot for the pointer, the call with its address, the pointer loaded back.
// CHECK-NEXT: %[[SLOT:[^ ]+]] = "cuda.alloca"() <{count = 1 : i64, element_type = !ptr.ptr<#ptr.generic_space>}>
// CHECK-NEXT: %[[E0:[^ ]+]] = "func.call"(%[[SLOT]], %[[N]]) <{callee = @cuwasm_rt_malloc}> : (!ptr.ptr<#ptr.generic_space>, i64) -> i32
// CHECK-NEXT: %[[D:[^ ]+]] = "ptr.load"(%[[SLOT]]) : (!ptr.ptr<#ptr.generic_space>) -> !ptr.ptr<#ptr.generic_space>
// cudaMallocManaged passes its flags.
// CHECK: %[[MSLOT:[^ ]+]] = "cuda.alloca"()
// CHECK-NEXT: "func.call"(%[[MSLOT]], %[[N]], %{{[^)]+}}) <{callee = @cuwasm_rt_malloc_managed}> : (!ptr.ptr<#ptr.generic_space>, i64, i32) -> i32
// CHECK-NEXT: %[[M:[^ ]+]] = "ptr.load"(%[[MSLOT]])
// The cudaMemcpyKind of each direction.
// CHECK: %[[K1:[^ ]+]] = "arith.constant"() <{value = 1 : i32}>
// CHECK-NEXT: "func.call"(%[[D]], %[[H]], %[[N]], %[[K1]]) <{callee = @cuwasm_rt_memcpy}> : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, i64, i32) -> i32
// CHECK: %[[K2:[^ ]+]] = "arith.constant"() <{value = 2 : i32}>
// CHECK-NEXT: "func.call"(%[[H]], %[[D]], %[[N]], %[[K2]]) <{callee = @cuwasm_rt_memcpy}>
// CHECK: "arith.constant"() <{value = 3 : i32}>
// CHECK: "arith.constant"() <{value = 0 : i32}>
// CHECK: "arith.constant"() <{value = 4 : i32}>
// CHECK: "func.call"(%[[D]], %{{[^,]+}}, %[[N]]) <{callee = @cuwasm_rt_memset}> : (!ptr.ptr<#ptr.generic_space>, i32, i64) -> i32
// CHECK: "func.call"(%[[D]]) <{callee = @cuwasm_rt_free}> : (!ptr.ptr<#ptr.generic_space>) -> i32
// CHECK: "func.call"(%[[M]]) <{callee = @cuwasm_rt_free}>
// The results keep their uses.
// CHECK: "func.return"(%[[E0]]) : (i32) -> ()

// DECL-LABEL: sym_name = "memory"
// DECL: sym_name = "cuwasm_rt_malloc", sym_visibility = "private"
// DECL: sym_name = "cuwasm_rt_malloc_managed", sym_visibility = "private"
// DECL: sym_name = "cuwasm_rt_memcpy", sym_visibility = "private"
// DECL-NOT: sym_name = "cuwasm_rt_memcpy"
// DECL: sym_name = "cuwasm_rt_memset", sym_visibility = "private"
// DECL: sym_name = "cuwasm_rt_free", sym_visibility = "private"
// DECL-NOT: sym_name = "cuwasm_rt_free"
"builtin.module"() ({
  "func.func"() <{function_type = (i64, !ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "memory"}> ({
  ^bb0(%n: i64, %h: !ptr.ptr<#ptr.generic_space>):
    %d, %e0 = "cuda.rt_malloc"(%n) : (i64) -> (!ptr.ptr<#ptr.generic_space>, i32)
    %flags = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %m, %e1 = "cuda.rt_malloc_managed"(%n, %flags) : (i64, i32) -> (!ptr.ptr<#ptr.generic_space>, i32)
    %e2 = "cuda.rt_memcpy"(%d, %h, %n) <{kind = #cuda<memcpy_kind host_to_device>}> : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, i64) -> i32
    %e3 = "cuda.rt_memcpy"(%h, %d, %n) <{kind = #cuda<memcpy_kind device_to_host>}> : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, i64) -> i32
    %e4 = "cuda.rt_memcpy"(%m, %d, %n) <{kind = #cuda<memcpy_kind device_to_device>}> : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, i64) -> i32
    %e5 = "cuda.rt_memcpy"(%h, %h, %n) <{kind = #cuda<memcpy_kind host_to_host>}> : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, i64) -> i32
    %e6 = "cuda.rt_memcpy"(%h, %d, %n) <{kind = #cuda<memcpy_kind default>}> : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, i64) -> i32
    %zero = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %e7 = "cuda.rt_memset"(%d, %zero, %n) : (!ptr.ptr<#ptr.generic_space>, i32, i64) -> i32
    %e8 = "cuda.rt_free"(%d) : (!ptr.ptr<#ptr.generic_space>) -> i32
    %e9 = "cuda.rt_free"(%m) : (!ptr.ptr<#ptr.generic_space>) -> i32
    "func.return"(%e0) : (i32) -> ()
  }) : () -> ()
}) : () -> ()

// -----

// Symbol copies name the device variable by its flat name (after convert-gpu-to-simd).
// CHECK-LABEL: sym_name = "symbols"
// CHECK: ^bb0(%[[SRC:[^:]+]]: !ptr.ptr<#ptr.generic_space>, %[[N:[^:]+]]: i64, %[[OFF:[^:]+]]: i64):
// CHECK-NEXT: %[[SYM:[^ ]+]] = "cuda.global_addr"() <{global_name = @kernels.table}>
// CHECK-NEXT: %[[K:[^ ]+]] = "arith.constant"() <{value = 1 : i32}>
// CHECK-NEXT: "func.call"(%[[SYM]], %[[SRC]], %[[N]], %[[OFF]], %[[K]]) <{callee = @cuwasm_rt_memcpy_to_symbol}> : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, i64, i64, i32) -> i32
// CHECK-NEXT: %[[SYM2:[^ ]+]] = "cuda.global_addr"() <{global_name = @kernels.table}>
// CHECK-NEXT: %[[K2:[^ ]+]] = "arith.constant"() <{value = 2 : i32}>
// CHECK-NEXT: "func.call"(%[[SRC]], %[[SYM2]], %[[N]], %[[OFF]], %[[K2]]) <{callee = @cuwasm_rt_memcpy_from_symbol}>
"builtin.module"() ({
  "cuda.global_var"() <{count = 16 : i64, element_type = f32, space = #cuda<space constant>, sym_name = "kernels.table"}> : () -> ()
  "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, i64, i64) -> (), sym_name = "symbols"}> ({
  ^bb0(%src: !ptr.ptr<#ptr.generic_space>, %n: i64, %off: i64):
    %e0 = "cuda.rt_memcpy_to_symbol"(%src, %n, %off) <{kind = #cuda<memcpy_kind host_to_device>, symbol = @kernels::@table}> : (!ptr.ptr<#ptr.generic_space>, i64, i64) -> i32
    %e1 = "cuda.rt_memcpy_from_symbol"(%src, %n, %off) <{kind = #cuda<memcpy_kind device_to_host>, symbol = @kernels::@table}> : (!ptr.ptr<#ptr.generic_space>, i64, i64) -> i32
    "func.return"() : () -> ()
  }) : () -> ()
}) : () -> ()

// -----

// A launch: the flat kernel name, one slot per argument, an array of their
// addresses at 8-byte steps, the argument count. Device code stays as it is.
// CHECK-LABEL: "gpu.module"() <{sym_name = "kernels"}>
// CHECK: "cuda.rt_device_synchronize"
// CHECK-LABEL: sym_name = "kernels.k"
// CHECK: "cuda.libc_printf"
// CHECK-LABEL: sym_name = "launch"
// CHECK: ^bb0(%[[G:[^:]+]]: i32, %[[B:[^:]+]]: i32, %[[P:[^:]+]]: !ptr.ptr<#ptr.generic_space>, %[[F:[^:]+]]: f32):
// CHECK-NEXT: %[[ONE:[^ ]+]] = "arith.constant"() <{value = 1 : i32}>
// CHECK-NEXT: %[[SH:[^ ]+]] = "arith.constant"() <{value = 0 : i64}>
// CHECK-NEXT: %[[ST:[^ ]+]] = "ptr.constant"() <{value = #ptr.null}>
// CHECK-NEXT: %[[NAME:[^ ]+]] = "cuda.string_literal"() <{value = "kernels.k"}>
// CHECK-NEXT: %[[S0:[^ ]+]] = "cuda.alloca"() <{count = 1 : i64, element_type = !ptr.ptr<#ptr.generic_space>}>
// CHECK-NEXT: "ptr.store"(%[[P]], %[[S0]])
// CHECK-NEXT: %[[S1:[^ ]+]] = "cuda.alloca"() <{count = 1 : i64, element_type = f32}>
// CHECK-NEXT: "ptr.store"(%[[F]], %[[S1]])
// CHECK-NEXT: %[[S2:[^ ]+]] = "cuda.alloca"() <{count = 1 : i64, element_type = i32}>
// CHECK-NEXT: "ptr.store"(%[[G]], %[[S2]])
// CHECK-NEXT: %[[ARR:[^ ]+]] = "cuda.alloca"() <{count = 3 : i64, element_type = !ptr.ptr<#ptr.generic_space>}>
// CHECK-NEXT: %[[O0:[^ ]+]] = "arith.constant"() <{value = 0 : i64}>
// CHECK-NEXT: %[[A0:[^ ]+]] = "ptr.ptr_add"(%[[ARR]], %[[O0]])
// CHECK-NEXT: "ptr.store"(%[[S0]], %[[A0]])
// CHECK-NEXT: %[[O1:[^ ]+]] = "arith.constant"() <{value = 8 : i64}>
// CHECK-NEXT: %[[A1:[^ ]+]] = "ptr.ptr_add"(%[[ARR]], %[[O1]])
// CHECK-NEXT: "ptr.store"(%[[S1]], %[[A1]])
// CHECK-NEXT: %[[O2:[^ ]+]] = "arith.constant"() <{value = 16 : i64}>
// CHECK-NEXT: %[[A2:[^ ]+]] = "ptr.ptr_add"(%[[ARR]], %[[O2]])
// CHECK-NEXT: "ptr.store"(%[[S2]], %[[A2]])
// CHECK-NEXT: %[[NP:[^ ]+]] = "arith.constant"() <{value = 3 : i32}>
// CHECK-NEXT: "func.call"(%[[NAME]], %[[G]], %[[ONE]], %[[ONE]], %[[B]], %[[ONE]], %[[ONE]], %[[SH]], %[[ST]], %[[ARR]], %[[NP]]) <{callee = @cuwasm_rt_launch}> : (!ptr.ptr<#ptr.generic_space>, i32, i32, i32, i32, i32, i32, i64, !ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, i32) -> ()
// A launch without arguments passes a null array.
// CHECK: %[[NULL:[^ ]+]] = "ptr.constant"() <{value = #ptr.null}>
// CHECK-NEXT: %[[NP0:[^ ]+]] = "arith.constant"() <{value = 0 : i32}>
// CHECK-NEXT: "func.call"({{.*}}, %[[NULL]], %[[NP0]]) <{callee = @cuwasm_rt_launch}>
// CHECK: "func.call"() <{callee = @cuwasm_rt_get_last_error}> : () -> i32
// CHECK: "func.call"() <{callee = @cuwasm_rt_device_synchronize}> : () -> i32
// CHECK: "func.call"(%{{[^)]+}}) <{callee = @cuwasm_rt_get_error_string}> : (i32) -> !ptr.ptr<#ptr.generic_space>
// DECL-LABEL: sym_name = "launch"
// DECL: sym_name = "cuwasm_rt_launch", sym_visibility = "private"
// DECL-NOT: sym_name = "cuwasm_rt_launch"
"builtin.module"() ({
  "gpu.module"() <{sym_name = "kernels"}> ({
    "gpu.func"() <{function_type = () -> ()}> ({
      %e = "cuda.rt_device_synchronize"() : () -> i32
      "gpu.return"() : () -> ()
    }) {sym_name = "device_only"} : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> (), sym_name = "kernels.k"}> ({
  ^bb0(%params: !ptr.ptr<#ptr.generic_space>, %env: !ptr.ptr<#ptr.generic_space>):
    %r = "cuda.libc_printf"() <{format = "in a block function\0A", stream = #cuda<stream stdout>}> : () -> i32
    "func.return"() : () -> ()
  }) {cuwasm.kernel, cuwasm.per_thread_bytes = 0 : i64, cuwasm.static_shared_bytes = 0 : i64} : () -> ()
  "func.func"() <{function_type = (i32, i32, !ptr.ptr<#ptr.generic_space>, f32) -> (), sym_name = "launch"}> ({
  ^bb0(%g: i32, %b: i32, %p: !ptr.ptr<#ptr.generic_space>, %f: f32):
    %one = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %sh = "arith.constant"() <{value = 0 : i64}> : () -> i64
    %st = "ptr.constant"() <{value = #ptr.null}> : () -> !ptr.ptr<#ptr.generic_space>
    "cuda.launch"(%g, %one, %one, %b, %one, %one, %sh, %st, %p, %f, %g) <{kernel = @kernels::@k}> : (i32, i32, i32, i32, i32, i32, i64, !ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, f32, i32) -> ()
    "cuda.launch"(%g, %one, %one, %b, %one, %one, %sh, %st) <{kernel = @kernels::@k}> : (i32, i32, i32, i32, i32, i32, i64, !ptr.ptr<#ptr.generic_space>) -> ()
    %e = "cuda.rt_get_last_error"() : () -> i32
    %s = "cuda.rt_device_synchronize"() : () -> i32
    %msg = "cuda.rt_get_error_string"(%e) : (i32) -> !ptr.ptr<#ptr.generic_space>
    "func.return"() : () -> ()
  }) : () -> ()
}) : () -> ()

// -----

// printf: the format as a string literal, the arguments in 8-byte slots (i32
// sign-extended, f64 and pointers as they are), the stream number.
// CHECK-LABEL: sym_name = "print"
// CHECK: ^bb0(%[[I:[^:]+]]: i32, %[[L:[^:]+]]: i64, %[[D:[^:]+]]: f64, %[[S:[^:]+]]: !ptr.ptr<#ptr.generic_space>):
// CHECK-NEXT: %[[FMT:[^ ]+]] = "cuda.string_literal"() <{value = "%d %ld %f %s\0A"}>
// CHECK-NEXT: %[[IX:[^ ]+]] = "arith.extsi"(%[[I]]) : (i32) -> i64
// CHECK-NEXT: %[[ARGS:[^ ]+]] = "cuda.alloca"() <{count = 4 : i64, element_type = i64}>
// CHECK: "ptr.store"(%[[IX]], %{{[^)]+}}) : (i64,
// CHECK: "ptr.store"(%[[L]], %{{[^)]+}}) : (i64,
// CHECK: "ptr.store"(%[[D]], %{{[^)]+}}) : (f64,
// CHECK: "ptr.store"(%[[S]], %{{[^)]+}}) : (!ptr.ptr<#ptr.generic_space>,
// CHECK-NEXT: %[[OUT:[^ ]+]] = "arith.constant"() <{value = 1 : i32}>
// CHECK-NEXT: %[[NA:[^ ]+]] = "arith.constant"() <{value = 4 : i32}>
// CHECK-NEXT: %[[R:[^ ]+]] = "func.call"(%[[OUT]], %[[FMT]], %[[ARGS]], %[[NA]]) <{callee = @cuwasm_rt_printf}> : (i32, !ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, i32) -> i32
// fprintf(stderr, ...) is stream 2.
// CHECK: "cuda.string_literal"() <{value = "oops\0A"}>
// CHECK: %[[ERR:[^ ]+]] = "arith.constant"() <{value = 2 : i32}>
// CHECK-NEXT: "arith.constant"() <{value = 0 : i32}>
// CHECK-NEXT: "func.call"(%[[ERR]], {{.*}}) <{callee = @cuwasm_rt_printf}>
// The C library, and exit through the runtime.
// CHECK: %[[BUF:[^ ]+]] = "func.call"(%[[L]]) <{callee = @malloc}> : (i64) -> !ptr.ptr<#ptr.generic_space>
// CHECK: "func.call"(%[[BUF]], %[[I]], %[[L]]) <{callee = @memset}> : (!ptr.ptr<#ptr.generic_space>, i32, i64) -> !ptr.ptr<#ptr.generic_space>
// CHECK: "func.call"(%[[BUF]], %[[S]], %[[L]]) <{callee = @memcpy}> : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, i64) -> !ptr.ptr<#ptr.generic_space>
// CHECK: "func.call"(%[[BUF]]) <{callee = @free}> : (!ptr.ptr<#ptr.generic_space>) -> ()
// CHECK: "func.call"() <{callee = @clock}> : () -> i64
// CHECK: "func.call"(%[[S]]) <{callee = @time}> : (!ptr.ptr<#ptr.generic_space>) -> i64
// CHECK: "func.call"(%[[BUF]], %[[S]]) <{callee = @gettimeofday}> : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> i32
// CHECK: "func.call"(%[[I]]) <{callee = @cuwasm_rt_exit}> : (i32) -> ()
// CHECK: "func.return"(%[[R]])
// An existing declaration is reused, not repeated.
// DECL: sym_name = "malloc", sym_visibility = "private"
// DECL-NEXT: }) : () -> ()
// DECL-NEXT: sym_name = "print"
// DECL-NOT: sym_name = "malloc"
// DECL: sym_name = "memset", sym_visibility = "private"
"builtin.module"() ({
  "func.func"() <{function_type = (i64) -> !ptr.ptr<#ptr.generic_space>, sym_name = "malloc", sym_visibility = "private"}> ({
  }) : () -> ()
  "func.func"() <{function_type = (i32, i64, f64, !ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "print"}> ({
  ^bb0(%i: i32, %l: i64, %d: f64, %s: !ptr.ptr<#ptr.generic_space>):
    %r = "cuda.libc_printf"(%i, %l, %d, %s) <{format = "%d %ld %f %s\0A", stream = #cuda<stream stdout>}> : (i32, i64, f64, !ptr.ptr<#ptr.generic_space>) -> i32
    %r2 = "cuda.libc_printf"() <{format = "oops\0A", stream = #cuda<stream stderr>}> : () -> i32
    %buf = "cuda.libc_malloc"(%l) : (i64) -> !ptr.ptr<#ptr.generic_space>
    %b1 = "cuda.libc_memset"(%buf, %i, %l) : (!ptr.ptr<#ptr.generic_space>, i32, i64) -> !ptr.ptr<#ptr.generic_space>
    %b2 = "cuda.libc_memcpy"(%buf, %s, %l) : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, i64) -> !ptr.ptr<#ptr.generic_space>
    "cuda.libc_free"(%buf) : (!ptr.ptr<#ptr.generic_space>) -> ()
    %c = "cuda.libc_clock"() : () -> i64
    %t = "cuda.libc_time"(%s) : (!ptr.ptr<#ptr.generic_space>) -> i64
    %g = "cuda.libc_gettimeofday"(%buf, %s) : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> i32
    "cuda.libc_exit"(%i) : (i32) -> ()
    "func.return"(%r) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
