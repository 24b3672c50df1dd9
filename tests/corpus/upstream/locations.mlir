// locations: every location kind printed by --mlir-print-debuginfo --mlir-print-local-scope (file:line:col, ranges, unknown, name-only, name(child), callsite (nested), fused with/without metadata) on ops, regions' ops and block arguments
"builtin.module"() <{sym_name = "locs"}> ({
  "func.func"() <{function_type = (i32, i1) -> i32, sym_name = "f"}> ({
  ^bb0(%arg0: i32 loc("args.mlir":1:2), %arg1: i1 loc(unknown)):
    %0 = "arith.addi"(%arg0, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32 loc("file.mlir":10:5)
    %1 = "arith.addi"(%0, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32 loc("file.mlir":0:0)
    %2 = "arith.addi"(%1, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32 loc("range.mlir":1:2 to 3:4)
    %3 = "arith.addi"(%2, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32 loc("range.mlir":1:2 to :9)
    %4 = "arith.addi"(%3, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32 loc("name")
    %5 = "arith.addi"(%4, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32 loc("name"("child.mlir":3:4))
    %6 = "arith.addi"(%5, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32 loc("outer"("inner"))
    %7 = "arith.addi"(%6, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32 loc(callsite("callee.mlir":1:1 at "caller.mlir":2:2))
    %8 = "arith.addi"(%7, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32 loc(callsite("n"("f":1:1) at callsite("g":2:2 at "h":3:3)))
    %9 = "arith.addi"(%8, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32 loc(unknown)
    %10 = "arith.addi"(%9, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32 loc(fused["a.mlir":1:1, "b.mlir":2:2])
    %11 = "arith.addi"(%10, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32 loc(fused<"metadata">["a.mlir":1:1])
    %12 = "arith.addi"(%11, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32 loc(fused<{k = 1 : i64}>["a.mlir":1:1, "named"("b.mlir":2:2), callsite("c":3:3 at "d":4:4)])
    %13 = "arith.addi"(%12, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32 loc("file with \22quote\22\0A.mlir":7:8)
    %14 = "arith.addi"(%13, %arg0) <{overflowFlags = #arith.overflow<none>}> {loc_attr = loc("attr.mlir":5:6)} : (i32, i32) -> i32 loc("with_attr.mlir":1:1)
    %15 = "scf.if"(%arg1) ({
      "scf.yield"(%14) : (i32) -> () loc("yield.mlir":1:1)
    }, {
      "scf.yield"(%arg0) : (i32) -> () loc("yield.mlir":2:1)
    }) : (i1) -> i32 loc("if.mlir":1:1)
    "cf.br"(%15)[^bb1] : (i32) -> () loc("br.mlir":1:1)
  ^bb1(%16: i32 loc("blockarg.mlir":4:4)):  // pred: ^bb0
    "func.return"(%16) : (i32) -> () loc(fused["ret.mlir":7:8, "ret2.mlir":9:9])
  }) : () -> () loc("func.mlir":1:1)
}) : () -> () loc("module.mlir":0:0)
