// successors: CFG regions with block arguments, branch operands, loops, self-loops, duplicate edges, unreachable blocks, predecessor comments, cf.switch with case operands, multi-block regions nested in scf.execute_region
"builtin.module"() ({
  "func.func"() <{function_type = (i1, i32, i64, f32) -> i32, sym_name = "cfg"}> ({
  ^bb0(%arg2: i1, %arg3: i32, %arg4: i64, %arg5: f32):
    "cf.cond_br"(%arg2, %arg3, %arg3, %arg5)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 1, 2>}> : (i1, i32, i32, f32) -> ()
  ^bb1(%2: i32):  // pred: ^bb0
    "cf.br"(%2, %2)[^bb3] : (i32, i32) -> ()
  ^bb2(%3: i32, %4: f32):  // pred: ^bb0
    "cf.br"(%3, %arg3)[^bb3] : (i32, i32) -> ()
  ^bb3(%5: i32, %6: i32):  // 3 preds: ^bb1, ^bb2, ^bb3
    %7 = "arith.addi"(%5, %6) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "cf.switch"(%7, %7, %5, %6, %arg4, %6, %5)[^bb4, ^bb4, ^bb5, ^bb3, ^bb6] <{case_operand_segments = array<i32: 1, 2, 2, 0>, case_values = dense<[0, 1, 2, 3]> : vector<4xi32>, operandSegmentSizes = array<i32: 1, 1, 5>}> : (i32, i32, i32, i32, i64, i32, i32) -> ()
  ^bb4(%8: i32):  // 3 preds: ^bb3, ^bb3, ^bb4
    "cf.cond_br"(%arg2, %8)[^bb4, ^bb6] <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (i1, i32) -> ()
  ^bb5(%9: i32, %10: i64):  // pred: ^bb3
    "cf.cond_br"(%arg2)[^bb6, ^bb6] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb6:  // 4 preds: ^bb3, ^bb4, ^bb5, ^bb5
    "func.return"(%arg3) : (i32) -> ()
  ^bb7(%11: i32):  // pred: ^bb7
    "cf.br"(%11)[^bb7] : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "single_block_entry_no_args"}> ({
    "cf.br"()[^bb1] : () -> ()
  ^bb1:  // pred: ^bb0
    "cf.br"()[^bb2] : () -> ()
  ^bb2:  // pred: ^bb1
    "func.return"() : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i1, i32) -> i32, sym_name = "in_region"}> ({
  ^bb0(%arg0: i1, %arg1: i32):
    %0 = "scf.execute_region"() ({
      "cf.cond_br"(%arg0, %arg1)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (i1, i32) -> ()
    ^bb1(%1: i32):  // 2 preds: ^bb0, ^bb2
      "scf.yield"(%1) : (i32) -> ()
    ^bb2:  // pred: ^bb0
      "cf.br"(%arg1)[^bb1] : (i32) -> ()
    }) : () -> i32
    "func.return"(%0) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
