// EXPECT: 3:13 reference to an undefined block
"func.func"() <{function_type = () -> (), sym_name = "f"}> ({
  "cf.br"()[^bb7] : () -> ()
}) : () -> ()
