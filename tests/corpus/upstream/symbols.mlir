// symbols: symbol definitions with visibility, quoted symbol names, func.call/func.constant references, nested symbol references (@mod::@fn, @a::@b::@c) in gpu.launch_func and in attributes, nested symbol tables
"builtin.module"() <{sym_name = "root"}> ({
  "builtin.module"() <{sym_name = "a"}> ({
    "builtin.module"() <{sym_name = "b"}> ({
      "func.func"() <{function_type = () -> (), sym_name = "c", sym_visibility = "private"}> ({
      }) : () -> ()
    }) : () -> ()
    "func.func"() <{function_type = () -> (), sym_name = "d", sym_visibility = "nested"}> ({
      "func.return"() : () -> ()
    }) : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "name with space", sym_visibility = "private"}> ({
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "0starts_with_digit", sym_visibility = "private"}> ({
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "with$dollar.and_dot", sym_visibility = "private"}> ({
  }) : () -> ()
  "gpu.module"() <{sym_name = "gpu_mod"}> ({
    "gpu.func"() <{function_type = (i32) -> ()}> ({
    ^bb0(%arg1: i32):
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "kern", workgroup_attributions = 0 : i64} : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "user"}> ({
  ^bb0(%arg0: i32):
    %0 = "func.call"(%arg0) <{callee = @"name with space"}> : (i32) -> i32
    "func.call"() <{callee = @"0starts_with_digit"}> : () -> ()
    "func.call"() <{callee = @with$dollar.and_dot}> : () -> ()
    %1 = "func.constant"() <{value = @"name with space"}> : () -> ((i32) -> i32)
    %2 = "arith.constant"() <{value = 1 : index}> : () -> index
    "gpu.launch_func"(%2, %2, %2, %2, %2, %2, %0) <{kernel = @gpu_mod::@kern, operandSegmentSizes = array<i32: 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0>}> : (index, index, index, index, index, index, i32) -> ()
    "func.return"(%0) : (i32) -> ()
  }) {refs = [@a, @a::@b, @a::@b::@c, @a::@d, @"name with space", @gpu_mod::@kern]} : () -> ()
}) {gpu.container_module} : () -> ()
