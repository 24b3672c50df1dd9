// multi_results: ops with several results (%N:K definitions, %N#i uses) across arith, math, func, scf, gpu, builtin, including uses inside nested regions and as successor operands
"builtin.module"() ({
  "func.func"() <{function_type = (i32) -> (i32, f32), sym_name = "pair", sym_visibility = "private"}> ({
  }) : () -> ()
  "func.func"() <{function_type = (i32, f32, i1) -> (i32, f32, i1), sym_name = "multi"}> ({
  ^bb0(%arg0: i32, %arg1: f32, %arg2: i1):
    %0:2 = "arith.addui_extended"(%arg0, %arg0) : (i32, i32) -> (i32, i1)
    %1:2 = "arith.mulsi_extended"(%0#0, %arg0) : (i32, i32) -> (i32, i32)
    %2:2 = "math.sincos"(%arg1) <{fastmath = #arith.fastmath<none>}> : (f32) -> (f32, f32)
    %3:2 = "func.call"(%1#1) <{callee = @pair}> : (i32) -> (i32, f32)
    %4:3 = "builtin.unrealized_conversion_cast"(%3#0, %3#1) : (i32, f32) -> (i64, i8, f16)
    %5:2 = "scf.if"(%arg2) ({
      "scf.yield"(%3#0, %2#1) : (i32, f32) -> ()
    }, {
      "scf.yield"(%1#0, %2#0) : (i32, f32) -> ()
    }) : (i1) -> (i32, f32)
    %6:2 = "gpu.shuffle"(%5#1, %arg0, %arg0) <{mode = #gpu<shuffle_mode xor>}> : (f32, i32, i32) -> (f32, i1)
    "cf.cond_br"(%0#1, %5#0, %6#0, %3#0, %3#1)[^bb1, ^bb1] <{operandSegmentSizes = array<i32: 1, 2, 2>}> : (i1, i32, f32, i32, f32) -> ()
  ^bb1(%7: i32, %8: f32):  // 2 preds: ^bb0, ^bb0
    "func.return"(%7, %8, %6#1) : (i32, f32, i1) -> ()
  }) : () -> ()
}) : () -> ()
