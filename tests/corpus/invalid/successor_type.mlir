// EXPECT: 4:3 type mismatch for bb argument #0 of successor #0
"func.func"() <{function_type = (i32) -> (), sym_name = "f"}> ({
^bb0(%arg0: i32):
  "cf.br"(%arg0)[^bb1] : (i32) -> ()
^bb1(%a: f32):
  "func.return"() : () -> ()
}) : () -> ()
