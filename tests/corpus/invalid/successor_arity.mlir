// EXPECT: 4:3 branch has 1 operands for successor #0, but target block has 2
"func.func"() <{function_type = (i32) -> (), sym_name = "f"}> ({
^bb0(%arg0: i32):
  "cf.br"(%arg0)[^bb1] : (i32) -> ()
^bb1(%a: i32, %b: i32):
  "func.return"() : () -> ()
}) : () -> ()
