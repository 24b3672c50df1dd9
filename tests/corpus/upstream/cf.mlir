// cf: br (with/without operands), cond_br (operand segments, branch_weights), switch (no cases, cases with operands, i64 flag), assert with escaped message
"builtin.module"() ({
  "func.func"() <{function_type = (i1, i32, i64) -> i32, sym_name = "cf_ops"}> ({
  ^bb0(%arg0: i1, %arg1: i32, %arg2: i64):
    "cf.assert"(%arg0) <{msg = "must hold: \22quoted\22\0A"}> : (i1) -> ()
    "cf.br"()[^bb1] : () -> ()
  ^bb1:  // pred: ^bb0
    "cf.switch"(%arg1)[^bb2] <{case_operand_segments = array<i32>, operandSegmentSizes = array<i32: 1, 0, 0>}> : (i32) -> ()
  ^bb2:  // pred: ^bb1
    "cf.switch"(%arg2, %arg1, %arg1, %arg1, %arg2)[^bb3, ^bb3, ^bb4, ^bb5] <{case_operand_segments = array<i32: 1, 2, 0>, case_values = dense<[-1, 42, 7]> : vector<3xi64>, operandSegmentSizes = array<i32: 1, 1, 3>}> : (i64, i32, i32, i32, i64) -> ()
  ^bb3(%0: i32):  // 3 preds: ^bb2, ^bb2, ^bb3
    "cf.cond_br"(%arg0, %0, %0, %arg2)[^bb3, ^bb4] <{branch_weights = array<i32: 3, 5>, operandSegmentSizes = array<i32: 1, 1, 2>}> : (i1, i32, i32, i64) -> ()
  ^bb4(%1: i32, %2: i64):  // 2 preds: ^bb2, ^bb3
    "cf.cond_br"(%arg0, %1)[^bb5, ^bb6] <{operandSegmentSizes = array<i32: 1, 0, 1>}> : (i1, i32) -> ()
  ^bb5:  // 2 preds: ^bb2, ^bb4
    "cf.br"(%arg1)[^bb6] : (i32) -> ()
  ^bb6(%3: i32):  // 2 preds: ^bb4, ^bb5
    "func.return"(%3) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
