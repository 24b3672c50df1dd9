// EXPECT: 2:54 unbalanced
"func.func"() <{function_type = () -> (), sym_name = #foo<bar(baz>}> ({
}) : () -> ()
