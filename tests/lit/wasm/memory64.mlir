// convert-simd-to-wasm{memory64=true}: a 64-bit memory, addressed by the
// i64 offset from memory_base (no 32-bit saturation), which wasmparser (in
// the emitter) and wasm-validate accept with the memory64 proposal.
// RUN: cuwasm-opt --convert-simd-to-wasm=memory64=true %s | FileCheck %s --check-prefix=IR
// RUN: cuwasm-opt --convert-simd-to-wasm=memory64=true --emit=wat %s | FileCheck %s
// RUN: cuwasm-opt --convert-simd-to-wasm=memory64=true --emit=wasm %s -o %t.wasm
// RUN: wasm-validate --enable-threads --enable-memory64 %t.wasm

// IR: "wasm.module"() <{memory64, min_pages = 1 : i64, shared_memory, sym_name = "kernels"}>
// IR-NOT: i32.wrap_i64
// IR: "wasm.load"({{.*}}) <{align = 8 : i32, memtype = i64, offset = 0 : i64}> : (i64) -> i64
// CHECK: (import "env" "memory" (memory (;0;) i64 1 16777216 shared))
// CHECK: i64.load
"builtin.module"() ({
  "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> (), sym_name = "m.k"}> ({
  ^bb0(%params: !ptr.ptr<#ptr.generic_space>, %env: !ptr.ptr<#ptr.generic_space>):
    %c0 = "arith.constant"() <{value = 0 : index}> : () -> index
    %c1 = "arith.constant"() <{value = 1 : index}> : () -> index
    %c4 = "arith.constant"() <{value = 4 : index}> : () -> index
    %p = "ptr.load"(%params) : (!ptr.ptr<#ptr.generic_space>) -> !ptr.ptr<#ptr.generic_space>
    %out = "ptr.load"(%p) : (!ptr.ptr<#ptr.generic_space>) -> !ptr.ptr<#ptr.generic_space>
    "scf.for"(%c0, %c4, %c1) ({
    ^bb0(%i: index):
      %x = "ptr.load"(%out) : (!ptr.ptr<#ptr.generic_space>) -> i32
      %two = "arith.constant"() <{value = 2 : i32}> : () -> i32
      %q = "arith.divsi"(%x, %two) : (i32, i32) -> i32
      %b = "arith.trunci"(%q) : (i32) -> i8
      %s = "arith.addi"(%b, %b) : (i8, i8) -> i8
      "ptr.store"(%s, %out) : (i8, !ptr.ptr<#ptr.generic_space>) -> ()
      "scf.yield"() : () -> ()
    }) : (index, index, index) -> ()
    "func.return"() : () -> ()
  }) {cuwasm.kernel, cuwasm.num_params = 1 : i64, cuwasm.param_sizes = array<i64: 8>, cuwasm.per_thread_bytes = 0 : i64, cuwasm.static_shared_bytes = 0 : i64} : () -> ()
}) : () -> ()
