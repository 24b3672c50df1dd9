// convert-simd-to-wasm: a kernel of the CPU level into a wasm.module: an
// exported (i64, i64) function whose accesses go through memory_base, scf.for
// as block/loop with locals, narrow integers masked, division made safe.
// RUN: cuwasm-opt --convert-simd-to-wasm %s | FileCheck %s

// CHECK: "wasm.module"() <{min_pages = 1 : i64, shared_memory, sym_name = "kernels"}>
// CHECK: "wasm.func"() <{export_name = "m.k", function_type = (i64, i64) -> (), locals = [{{.*}}], sym_name = "m.k"}>
// CHECK: %[[BASE:.*]] = "wasm.global_get"() <{index = 0 : i32}> : () -> i64
// CHECK: "wasm.block"()
// CHECK: "wasm.loop"()
// CHECK: "wasm.compare"({{.*}}) <{opcode = "i64.ge_s"}>
// CHECK: "wasm.br_if"({{.*}}) <{depth = 1 : i64}>
// CHECK: "wasm.binary"({{.*}}, %[[BASE]]) <{opcode = "i64.sub"}>
// CHECK: "wasm.compare"({{.*}}) <{opcode = "i64.gt_u"}>
// CHECK: "wasm.convert"({{.*}}) <{opcode = "i32.wrap_i64"}>
// CHECK: "wasm.load"({{.*}}) <{align = 4 : i32, memtype = i32, offset = 0 : i64}>
// CHECK: "wasm.binary"({{.*}}) <{opcode = "i32.div_s"}>
// CHECK: "wasm.binary"({{.*}}) <{opcode = "i32.add"}>
// CHECK: "wasm.binary"({{.*}}) <{opcode = "i32.and"}>
// CHECK: "wasm.store"({{.*}}) <{align = 1 : i32, memtype = i8, offset = 0 : i64}>
// CHECK: "wasm.br"() <{depth = 0 : i64}>
// CHECK: "wasm.export_i32"() <{export_name = "m.k#num_params", value = 1 : i64}>
// CHECK: "wasm.export_i32"() <{export_name = "cuwasm_data_end", value = {{[0-9]+}} : i64}>
// CHECK-NOT: "func.func"
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
