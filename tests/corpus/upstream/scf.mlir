// scf: for (index/integer iv, iter_args, unsignedCmp), while/condition, if/else/yield, execute_region (multi-block, no_inline), parallel/reduce/reduce.return, forall/forall.in_parallel, index_switch
"builtin.module"() ({
  "func.func"() <{function_type = (index, i1, i32, f32, tensor<4xf32>) -> i32, sym_name = "loops"}> ({
  ^bb0(%arg18: index, %arg19: i1, %arg20: i32, %arg21: f32, %arg22: tensor<4xf32>):
    %14 = "arith.constant"() <{value = 0 : index}> : () -> index
    %15 = "arith.constant"() <{value = 1 : index}> : () -> index
    "scf.for"(%14, %arg18, %15) ({
    ^bb0(%arg36: index):
      "scf.yield"() : () -> ()
    }) : (index, index, index) -> ()
    %16:2 = "scf.for"(%14, %arg18, %15, %arg20, %arg21) ({
    ^bb0(%arg33: index, %arg34: i32, %arg35: f32):
      %25 = "arith.addi"(%arg34, %arg34) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%25, %arg35) : (i32, f32) -> ()
    }) : (index, index, index, i32, f32) -> (i32, f32)
    %17 = "scf.for"(%14, %arg18, %15, %arg20) <{unsignedCmp}> ({
    ^bb0(%arg31: index, %arg32: i32):
      "scf.yield"(%arg32) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    %18 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %19 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %20 = "scf.for"(%18, %arg20, %19, %arg20) ({
    ^bb0(%arg29: i32, %arg30: i32):
      %24 = "arith.addi"(%arg30, %arg29) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%24) : (i32) -> ()
    }) : (i32, i32, i32, i32) -> i32
    %21:2 = "scf.while"(%arg20, %arg21) ({
    ^bb0(%arg27: i32, %arg28: f32):
      %23 = "arith.cmpi"(%arg27, %arg20) <{predicate = 2 : i64}> : (i32, i32) -> i1
      "scf.condition"(%23, %arg28, %arg27) : (i1, f32, i32) -> ()
    }, {
    ^bb0(%arg25: f32, %arg26: i32):
      "scf.yield"(%arg26, %arg25) : (i32, f32) -> ()
    }) : (i32, f32) -> (f32, i32)
    %22 = "scf.while"(%arg20) ({
    ^bb0(%arg24: i32):
      "scf.condition"(%arg19, %arg24) : (i1, i32) -> ()
    }, {
    ^bb0(%arg23: i32):
      "scf.yield"(%arg23) : (i32) -> ()
    }) : (i32) -> i32
    "func.return"(%16#0) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i1, i32, index) -> i32, sym_name = "branches"}> ({
  ^bb0(%arg15: i1, %arg16: i32, %arg17: index):
    "scf.if"(%arg15) ({
      %13 = "arith.addi"(%arg16, %arg16) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"() : () -> ()
    }, {
    }) : (i1) -> ()
    "scf.if"(%arg15) ({
      "scf.yield"() : () -> ()
    }, {
      "scf.yield"() : () -> ()
    }) : (i1) -> ()
    %6 = "scf.if"(%arg15) ({
      "scf.yield"(%arg16) : (i32) -> ()
    }, {
      %12 = "arith.muli"(%arg16, %arg16) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%12) : (i32) -> ()
    }) : (i1) -> i32
    %7 = "scf.execute_region"() ({
      "scf.yield"(%arg16) : (i32) -> ()
    }) : () -> i32
    %8:2 = "scf.execute_region"() <{no_inline}> ({
      "cf.cond_br"(%arg15, %arg16)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 1>}> : (i1, i32) -> ()
    ^bb1:  // pred: ^bb0
      "scf.yield"(%arg16, %arg15) : (i32, i1) -> ()
    ^bb2(%11: i32):  // pred: ^bb0
      "scf.yield"(%11, %arg15) : (i32, i1) -> ()
    }) : () -> (i32, i1)
    "scf.execute_region"() ({
      "scf.yield"() : () -> ()
    }) : () -> ()
    %9 = "scf.index_switch"(%arg17) <{cases = array<i64: 2, 5>}> ({
      "scf.yield"(%6) : (i32) -> ()
    }, {
      "scf.yield"(%arg16) : (i32) -> ()
    }, {
      %10 = "arith.addi"(%arg16, %arg16) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%10) : (i32) -> ()
    }) : (index) -> i32
    "scf.index_switch"(%arg17) <{cases = array<i64>}> ({
      "scf.yield"() : () -> ()
    }) : (index) -> ()
    "func.return"(%9) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (index, f32, tensor<4xf32>) -> f32, sym_name = "parallel"}> ({
  ^bb0(%arg0: index, %arg1: f32, %arg2: tensor<4xf32>):
    %0 = "arith.constant"() <{value = 0 : index}> : () -> index
    %1 = "arith.constant"() <{value = 1 : index}> : () -> index
    "scf.parallel"(%0, %0, %arg0, %arg0, %1, %1) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}> ({
    ^bb0(%arg13: index, %arg14: index):
      "scf.reduce"() : () -> ()
    }) : (index, index, index, index, index, index) -> ()
    %2:2 = "scf.parallel"(%0, %arg0, %1, %arg1, %arg1) <{operandSegmentSizes = array<i32: 1, 1, 1, 2>}> ({
    ^bb0(%arg8: index):
      "scf.reduce"(%arg1, %arg1) ({
      ^bb0(%arg11: f32, %arg12: f32):
        %5 = "arith.addf"(%arg11, %arg12) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
        "scf.reduce.return"(%5) : (f32) -> ()
      }, {
      ^bb0(%arg9: f32, %arg10: f32):
        %4 = "arith.maximumf"(%arg9, %arg10) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
        "scf.reduce.return"(%4) : (f32) -> ()
      }) : (f32, f32) -> ()
    }) : (index, index, index, f32, f32) -> (f32, f32)
    "scf.forall"(%arg0) <{operandSegmentSizes = array<i32: 0, 1, 0, 0>, staticLowerBound = array<i64: 0, 0>, staticStep = array<i64: 1, 1>, staticUpperBound = array<i64: -9223372036854775808, 4>}> ({
    ^bb0(%arg6: index, %arg7: index):
      "scf.forall.in_parallel"() ({
      ^bb0:
      }) : () -> ()
    }) : (index) -> ()
    "scf.forall"(%arg0) <{mapping = [#gpu.thread<x>], operandSegmentSizes = array<i32: 0, 1, 0, 0>, staticLowerBound = array<i64: 0>, staticStep = array<i64: 2>, staticUpperBound = array<i64: -9223372036854775808>}> ({
    ^bb0(%arg5: index):
      "scf.forall.in_parallel"() ({
      ^bb0:
      }) : () -> ()
    }) : (index) -> ()
    %3 = "scf.forall"(%arg2) <{mapping = [#gpu.block<y>], operandSegmentSizes = array<i32: 0, 0, 0, 1>, staticLowerBound = array<i64: 0>, staticStep = array<i64: 1>, staticUpperBound = array<i64: 4>}> ({
    ^bb0(%arg3: index, %arg4: tensor<4xf32>):
      "scf.forall.in_parallel"() ({
      ^bb0:
      }) : () -> ()
    }) : (tensor<4xf32>) -> tensor<4xf32>
    "func.return"(%2#1) : (f32) -> ()
  }) : () -> ()
}) : () -> ()
