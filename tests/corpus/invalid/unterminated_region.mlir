// EXPECT: 5:1 expected '}' to end region
"func.func"() <{function_type = () -> (), sym_name = "f"}> ({
  "func.return"() : () -> ()

