// func: func.func (public/private/nested, declarations, arg/res attrs, no_inline), func.return, func.call, func.call_indirect, func.constant
"builtin.module"() ({
  "func.func"() <{function_type = (i32) -> i32, sym_name = "decl", sym_visibility = "private"}> ({
  }) : () -> ()
  "func.func"() <{function_type = (i32, f32) -> (i32, f32), sym_name = "decl_multi", sym_visibility = "private"}> ({
  }) {sym.extra = "x"} : () -> ()
  "func.func"() <{arg_attrs = [{arg.attr = 1 : i32}, {}], function_type = (i32, f32) -> (i32, f32), no_inline, res_attrs = [{res.attr}, {}], sym_name = "nested_vis", sym_visibility = "nested"}> ({
  ^bb0(%arg3: i32, %arg4: f32):
    "func.return"(%arg3, %arg4) : (i32, f32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "explicit_public", sym_visibility = "public"}> ({
    "func.return"() : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> (), sym_name = "no_results"}> ({
  ^bb0(%arg2: i32):
    "func.return"() : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32, f32) -> i32, sym_name = "caller"}> ({
  ^bb0(%arg0: i32, %arg1: f32):
    %1 = "func.call"(%arg0) <{callee = @decl}> : (i32) -> i32
    %2 = "func.call"(%1) <{callee = @decl, no_inline}> : (i32) -> i32
    %3:2 = "func.call"(%2, %arg1) <{arg_attrs = [{call.a}, {}], callee = @decl_multi, res_attrs = [{}, {call.r = 2 : i64}]}> : (i32, f32) -> (i32, f32)
    %4 = "func.constant"() <{value = @decl}> : () -> ((i32) -> i32)
    %5 = "func.call_indirect"(%4, %3#0) : ((i32) -> i32, i32) -> i32
    %6 = "func.constant"() <{value = @no_results}> : () -> ((i32) -> ())
    "func.call_indirect"(%6, %5) : ((i32) -> (), i32) -> ()
    "func.call"(%5) <{callee = @no_results}> : (i32) -> ()
    %7 = "func.constant"() <{value = @decl_multi}> : () -> ((i32, f32) -> (i32, f32))
    %8:2 = "func.call_indirect"(%7, %5, %3#1) : ((i32, f32) -> (i32, f32), i32, f32) -> (i32, f32)
    "func.return"(%8#0) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> ((i32) -> i32), sym_name = "returns_function"}> ({
    %0 = "func.constant"() <{value = @decl}> : () -> ((i32) -> i32)
    "func.return"(%0) : ((i32) -> i32) -> ()
  }) : () -> ()
}) : () -> ()
