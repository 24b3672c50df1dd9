// EXPECT: 7:10 'cuda.shfl_sync' op width must be i32, but got 'i64'
"builtin.module"() ({
  "func.func"() <{function_type = (f32, i64) -> f32, sym_name = "shfl"}> ({
  ^bb0(%arg0: f32, %arg1: i64):
    %0 = "arith.constant"() <{value = -1 : i32}> : () -> i32
    %1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %2 = "cuda.shfl_sync"(%0, %arg0, %1, %arg1) <{mode = #cuda<shfl_mode down>}> : (i32, f32, i32, i64) -> f32
    "func.return"(%2) : (f32) -> ()
  }) : () -> ()
}) : () -> ()
