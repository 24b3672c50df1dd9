// EXPECT: 3:8 operand #0 does not dominate this use
"func.func"() <{function_type = () -> (), sym_name = "f"}> ({
  %0 = "arith.addi"(%1, %1) : (i32, i32) -> i32
  %1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  "func.return"() : () -> ()
}) : () -> ()
