// EXPECT: 3:21 use of undeclared SSA value name
"func.func"() <{function_type = () -> (), sym_name = "f"}> ({
  %0 = "arith.addi"(%7, %7) : (i32, i32) -> i32
  "func.return"() : () -> ()
}) : () -> ()
