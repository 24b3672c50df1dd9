// EXPECT: 6:9 'wasm.br' op branch depth 3 is out of range
"builtin.module"() ({
  "wasm.func"() <{function_type = () -> (), sym_name = "f"}> ({
    "wasm.block"() ({
      "wasm.loop"() ({
        "wasm.br"() <{depth = 3 : i32}> : () -> ()
      }) : () -> ()
      "wasm.end"() : () -> ()
    }) : () -> ()
    "wasm.return"() : () -> ()
  }) : () -> ()
}) : () -> ()
