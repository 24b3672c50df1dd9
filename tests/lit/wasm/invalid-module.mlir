// A wasm.module that verifies but makes an invalid binary (two exports of
// one name) is reported as a compiler bug by the emitter, which validates
// every module, and nothing is written.
// RUN: not cuwasm-opt --emit=wasm %s -o %t.wasm 2>&1 | FileCheck %s
// RUN: not test -e %t.wasm

// CHECK: error: 'wasm.module' op internal compiler error: the Wasm emitter made an invalid module (a cuwasm bug, please report it): duplicate export name
"builtin.module"() ({
  "wasm.module"() <{sym_name = "kernels"}> ({
    "wasm.export_i32"() <{export_name = "twice", value = 1 : i64}> : () -> ()
    "wasm.export_i32"() <{export_name = "twice", value = 2 : i64}> : () -> ()
  }) : () -> ()
}) : () -> ()
