// EXPECT: 4:8 'arith.addi' op requires 2 operands, but found 1
"func.func"() <{function_type = (i32) -> (), sym_name = "f"}> ({
^bb0(%arg0: i32):
  %0 = "arith.addi"(%arg0) : (i32) -> i32
  "func.return"() : () -> ()
}) : () -> ()
