// EXPECT: 4:3 type of return operand 0 ('i32') doesn't match function result type ('f32')
"func.func"() <{function_type = (i32) -> f32, sym_name = "f"}> ({
^bb0(%arg0: i32):
  "func.return"(%arg0) : (i32) -> ()
}) : () -> ()
