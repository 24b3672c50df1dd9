// wasm.br_table: a multi-way branch out of nested blocks, carrying a value;
// the emitter writes br_table and the module validates.
// RUN: cuwasm-opt --emit=wat %s | FileCheck %s
// RUN: cuwasm-opt --emit=wasm %s -o %t.wasm
// RUN: wasm-validate --enable-threads %t.wasm

// CHECK: (func (;0;) (type 0) (param i32) (result i32)
// CHECK: br_table 0 (;@2;) 1 (;@1;) 1 (;@1;)
"builtin.module"() ({
  "wasm.module"() <{sym_name = "kernels"}> ({
    "wasm.func"() <{export_name = "pick", function_type = (i32) -> i32, sym_name = "pick"}> ({
      %r = "wasm.block"() ({
        %s = "wasm.block"() ({
          %i = "wasm.local_get"() <{index = 0 : i32}> : () -> i32
          %ten = "wasm.const"() <{value = 10 : i32}> : () -> i32
          "wasm.br_table"(%i, %ten) <{default = 1 : i64, depths = array<i32: 0, 1>}> : (i32, i32) -> ()
        }) : () -> i32
        %one = "wasm.const"() <{value = 1 : i32}> : () -> i32
        %t = "wasm.binary"(%s, %one) <{opcode = "i32.add"}> : (i32, i32) -> i32
        "wasm.end"(%t) : (i32) -> ()
      }) : () -> i32
      "wasm.return"(%r) : (i32) -> ()
    }) : () -> ()
  }) : () -> ()
}) : () -> ()
