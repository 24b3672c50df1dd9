// EXPECT: 5:10 using value defined outside the region
"func.func"() <{function_type = () -> (), sym_name = "f"}> ({
  %0 = "arith.constant"() <{value = 1 : i32}> : () -> i32
  "func.func"() <{function_type = () -> (), sym_name = "g", sym_visibility = "private"}> ({
    %1 = "arith.addi"(%0, %0) : (i32, i32) -> i32
    "func.return"() : () -> ()
  }) : () -> ()
  "func.return"() : () -> ()
}) : () -> ()
