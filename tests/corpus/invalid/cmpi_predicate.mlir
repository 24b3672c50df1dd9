// EXPECT: 4:8 attribute 'predicate' failed to satisfy constraint
"func.func"() <{function_type = (i32) -> (), sym_name = "f"}> ({
^bb0(%arg0: i32):
  %0 = "arith.cmpi"(%arg0, %arg0) <{predicate = 12 : i64}> : (i32, i32) -> i1
  "func.return"() : () -> ()
}) : () -> ()
