// EXPECT: 4:21 use of value '%0' expects different type than prior uses
"func.func"() <{function_type = () -> (), sym_name = "f"}> ({
  %0 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  %1 = "arith.addi"(%0, %0) : (i64, i64) -> i64
  "func.return"() : () -> ()
}) : () -> ()
