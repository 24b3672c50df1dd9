// builtin: named/unnamed/nested builtin.module with dialect-prefixed attributes and visibility, empty modules, builtin.unrealized_conversion_cast (0..n operands, 1..n results)
"builtin.module"() <{sym_name = "top"}> ({
  "builtin.module"() ({
  ^bb0:
  }) : () -> ()
  "builtin.module"() <{sym_name = "inner"}> ({
    "func.func"() <{function_type = () -> i32, sym_name = "f", sym_visibility = "private"}> ({
    }) : () -> ()
  }) {corpus.note = "inner"} : () -> ()
  "builtin.module"() <{sym_name = "private_mod", sym_visibility = "private"}> ({
  ^bb0:
  }) : () -> ()
  "func.func"() <{function_type = (i32, f32) -> i64, sym_name = "casts"}> ({
  ^bb0(%arg0: i32, %arg1: f32):
    %0 = "builtin.unrealized_conversion_cast"(%arg0) : (i32) -> i64
    %1 = "builtin.unrealized_conversion_cast"() : () -> i8
    %2:2 = "builtin.unrealized_conversion_cast"(%arg0, %arg1) : (i32, f32) -> (tensor<2xf32>, none)
    %3 = "builtin.unrealized_conversion_cast"(%2#0, %2#1) : (tensor<2xf32>, none) -> i64
    %4 = "builtin.unrealized_conversion_cast"(%0) {corpus.extra = 1 : i64} : (i64) -> memref<?xf32>
    "func.return"(%3) : (i64) -> ()
  }) : () -> ()
}) {corpus.flag, corpus.version = 3 : i32} : () -> ()
