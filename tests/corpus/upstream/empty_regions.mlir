// empty_regions: region/block printing edge cases: zero-block regions (declarations, empty else, gpu.all_reduce with op), empty entry block (^bb0:), entry block without label followed by labelled blocks, implicit terminators made explicit
"builtin.module"() ({
  "builtin.module"() ({
  ^bb0:
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "decl", sym_visibility = "private"}> ({
  }) : () -> ()
  "func.func"() <{function_type = (i1, f32) -> f32, sym_name = "f"}> ({
  ^bb0(%arg0: i1, %arg1: f32):
    "scf.if"(%arg0) ({
      "scf.yield"() : () -> ()
    }, {
    }) : (i1) -> ()
    %0 = "gpu.all_reduce"(%arg1) <{op = #gpu<all_reduce_op add>}> ({
    }) : (f32) -> f32
    "scf.forall"() <{operandSegmentSizes = array<i32: 0, 0, 0, 0>, staticLowerBound = array<i64: 0>, staticStep = array<i64: 1>, staticUpperBound = array<i64: 2>}> ({
    ^bb0(%arg2: index):
      "scf.forall.in_parallel"() ({
      ^bb0:
      }) : () -> ()
    }) : () -> ()
    "cf.br"()[^bb1] : () -> ()
  ^bb1:  // pred: ^bb0
    "func.return"(%0) : (f32) -> ()
  }) : () -> ()
  "gpu.module"() <{sym_name = "g"}> ({
  ^bb0:
  }) : () -> ()
}) : () -> ()
