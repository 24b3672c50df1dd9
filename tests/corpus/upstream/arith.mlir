// arith: every op of the arith dialect (MLIR 22), all cmpi/cmpf predicates, overflow/fastmath/rounding/exact flags, vector and index forms
"builtin.module"() ({
  "func.func"() <{function_type = (i32, i32, i1, index, vector<4xi32>) -> (), sym_name = "int_ops"}> ({
  ^bb0(%arg15: i32, %arg16: i32, %arg17: i1, %arg18: index, %arg19: vector<4xi32>):
    %82 = "arith.addi"(%arg15, %arg16) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %83 = "arith.addi"(%arg15, %arg16) <{overflowFlags = #arith.overflow<nsw>}> : (i32, i32) -> i32
    %84 = "arith.addi"(%arg15, %arg16) <{overflowFlags = #arith.overflow<nuw>}> : (i32, i32) -> i32
    %85 = "arith.addi"(%arg15, %arg16) <{overflowFlags = #arith.overflow<nsw, nuw>}> : (i32, i32) -> i32
    %86 = "arith.subi"(%arg15, %arg16) <{overflowFlags = #arith.overflow<nsw>}> : (i32, i32) -> i32
    %87 = "arith.muli"(%arg15, %arg16) <{overflowFlags = #arith.overflow<nuw>}> : (i32, i32) -> i32
    %88 = "arith.divsi"(%arg15, %arg16) : (i32, i32) -> i32
    %89 = "arith.divui"(%arg15, %arg16) : (i32, i32) -> i32
    %90 = "arith.ceildivsi"(%arg15, %arg16) : (i32, i32) -> i32
    %91 = "arith.ceildivui"(%arg15, %arg16) : (i32, i32) -> i32
    %92 = "arith.floordivsi"(%arg15, %arg16) : (i32, i32) -> i32
    %93 = "arith.remsi"(%arg15, %arg16) : (i32, i32) -> i32
    %94 = "arith.remui"(%arg15, %arg16) : (i32, i32) -> i32
    %95 = "arith.andi"(%arg15, %arg16) : (i32, i32) -> i32
    %96 = "arith.ori"(%arg15, %arg16) : (i32, i32) -> i32
    %97 = "arith.xori"(%arg15, %arg16) : (i32, i32) -> i32
    %98 = "arith.shli"(%arg15, %arg16) <{overflowFlags = #arith.overflow<nsw, nuw>}> : (i32, i32) -> i32
    %99 = "arith.shrsi"(%arg15, %arg16) : (i32, i32) -> i32
    %100 = "arith.shrui"(%arg15, %arg16) : (i32, i32) -> i32
    %101 = "arith.maxsi"(%arg15, %arg16) : (i32, i32) -> i32
    %102 = "arith.maxui"(%arg15, %arg16) : (i32, i32) -> i32
    %103 = "arith.minsi"(%arg15, %arg16) : (i32, i32) -> i32
    %104 = "arith.minui"(%arg15, %arg16) : (i32, i32) -> i32
    %105:2 = "arith.addui_extended"(%arg15, %arg16) : (i32, i32) -> (i32, i1)
    %106:2 = "arith.mului_extended"(%arg15, %arg16) : (i32, i32) -> (i32, i32)
    %107:2 = "arith.mulsi_extended"(%arg15, %arg16) : (i32, i32) -> (i32, i32)
    %108 = "arith.addi"(%105#0, %106#1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %109 = "arith.select"(%arg17, %arg15, %arg16) : (i1, i32, i32) -> i32
    %110 = "arith.select"(%arg17, %arg19, %arg19) : (i1, vector<4xi32>, vector<4xi32>) -> vector<4xi32>
    %111 = "arith.addi"(%arg19, %arg19) <{overflowFlags = #arith.overflow<none>}> : (vector<4xi32>, vector<4xi32>) -> vector<4xi32>
    %112 = "arith.addi"(%arg18, %arg18) <{overflowFlags = #arith.overflow<none>}> : (index, index) -> index
    %113 = "arith.andi"(%arg17, %arg17) : (i1, i1) -> i1
    %114 = "arith.divsi"(%arg15, %arg16) <{isExact}> : (i32, i32) -> i32
    %115 = "arith.divui"(%arg15, %arg16) <{isExact}> : (i32, i32) -> i32
    %116 = "arith.shrsi"(%arg15, %arg16) <{isExact}> : (i32, i32) -> i32
    %117 = "arith.shrui"(%arg15, %arg16) <{isExact}> : (i32, i32) -> i32
    "func.return"() : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32, f64, vector<4xi32>, vector<4xf64>) -> (), sym_name = "cmp_ops"}> ({
  ^bb0(%arg11: i32, %arg12: f64, %arg13: vector<4xi32>, %arg14: vector<4xf64>):
    %54 = "arith.cmpi"(%arg11, %arg11) <{predicate = 0 : i64}> : (i32, i32) -> i1
    %55 = "arith.cmpi"(%arg11, %arg11) <{predicate = 1 : i64}> : (i32, i32) -> i1
    %56 = "arith.cmpi"(%arg11, %arg11) <{predicate = 2 : i64}> : (i32, i32) -> i1
    %57 = "arith.cmpi"(%arg11, %arg11) <{predicate = 3 : i64}> : (i32, i32) -> i1
    %58 = "arith.cmpi"(%arg11, %arg11) <{predicate = 4 : i64}> : (i32, i32) -> i1
    %59 = "arith.cmpi"(%arg11, %arg11) <{predicate = 5 : i64}> : (i32, i32) -> i1
    %60 = "arith.cmpi"(%arg11, %arg11) <{predicate = 6 : i64}> : (i32, i32) -> i1
    %61 = "arith.cmpi"(%arg11, %arg11) <{predicate = 7 : i64}> : (i32, i32) -> i1
    %62 = "arith.cmpi"(%arg11, %arg11) <{predicate = 8 : i64}> : (i32, i32) -> i1
    %63 = "arith.cmpi"(%arg11, %arg11) <{predicate = 9 : i64}> : (i32, i32) -> i1
    %64 = "arith.cmpf"(%arg12, %arg12) <{fastmath = #arith.fastmath<none>, predicate = 0 : i64}> : (f64, f64) -> i1
    %65 = "arith.cmpf"(%arg12, %arg12) <{fastmath = #arith.fastmath<none>, predicate = 1 : i64}> : (f64, f64) -> i1
    %66 = "arith.cmpf"(%arg12, %arg12) <{fastmath = #arith.fastmath<none>, predicate = 2 : i64}> : (f64, f64) -> i1
    %67 = "arith.cmpf"(%arg12, %arg12) <{fastmath = #arith.fastmath<none>, predicate = 3 : i64}> : (f64, f64) -> i1
    %68 = "arith.cmpf"(%arg12, %arg12) <{fastmath = #arith.fastmath<none>, predicate = 4 : i64}> : (f64, f64) -> i1
    %69 = "arith.cmpf"(%arg12, %arg12) <{fastmath = #arith.fastmath<none>, predicate = 5 : i64}> : (f64, f64) -> i1
    %70 = "arith.cmpf"(%arg12, %arg12) <{fastmath = #arith.fastmath<none>, predicate = 6 : i64}> : (f64, f64) -> i1
    %71 = "arith.cmpf"(%arg12, %arg12) <{fastmath = #arith.fastmath<none>, predicate = 7 : i64}> : (f64, f64) -> i1
    %72 = "arith.cmpf"(%arg12, %arg12) <{fastmath = #arith.fastmath<none>, predicate = 8 : i64}> : (f64, f64) -> i1
    %73 = "arith.cmpf"(%arg12, %arg12) <{fastmath = #arith.fastmath<none>, predicate = 9 : i64}> : (f64, f64) -> i1
    %74 = "arith.cmpf"(%arg12, %arg12) <{fastmath = #arith.fastmath<none>, predicate = 10 : i64}> : (f64, f64) -> i1
    %75 = "arith.cmpf"(%arg12, %arg12) <{fastmath = #arith.fastmath<none>, predicate = 11 : i64}> : (f64, f64) -> i1
    %76 = "arith.cmpf"(%arg12, %arg12) <{fastmath = #arith.fastmath<none>, predicate = 12 : i64}> : (f64, f64) -> i1
    %77 = "arith.cmpf"(%arg12, %arg12) <{fastmath = #arith.fastmath<none>, predicate = 13 : i64}> : (f64, f64) -> i1
    %78 = "arith.cmpf"(%arg12, %arg12) <{fastmath = #arith.fastmath<none>, predicate = 14 : i64}> : (f64, f64) -> i1
    %79 = "arith.cmpf"(%arg12, %arg12) <{fastmath = #arith.fastmath<nnan>, predicate = 15 : i64}> : (f64, f64) -> i1
    %80 = "arith.cmpi"(%arg13, %arg13) <{predicate = 2 : i64}> : (vector<4xi32>, vector<4xi32>) -> vector<4xi1>
    %81 = "arith.cmpf"(%arg14, %arg14) <{fastmath = #arith.fastmath<none>, predicate = 4 : i64}> : (vector<4xf64>, vector<4xf64>) -> vector<4xi1>
    "func.return"() : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = (f32, f32, f16, vector<[4]xf32>) -> (), sym_name = "float_ops"}> ({
  ^bb0(%arg7: f32, %arg8: f32, %arg9: f16, %arg10: vector<[4]xf32>):
    %41 = "arith.addf"(%arg7, %arg8) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
    %42 = "arith.subf"(%arg7, %arg8) <{fastmath = #arith.fastmath<fast>}> : (f32, f32) -> f32
    %43 = "arith.mulf"(%arg7, %arg8) <{fastmath = #arith.fastmath<reassoc>}> : (f32, f32) -> f32
    %44 = "arith.divf"(%arg7, %arg8) <{fastmath = #arith.fastmath<nnan,ninf>}> : (f32, f32) -> f32
    %45 = "arith.remf"(%arg7, %arg8) <{fastmath = #arith.fastmath<nsz,arcp>}> : (f32, f32) -> f32
    %46 = "arith.negf"(%arg7) <{fastmath = #arith.fastmath<contract,afn>}> : (f32) -> f32
    %47 = "arith.maximumf"(%arg7, %arg8) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
    %48 = "arith.minimumf"(%arg7, %arg8) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
    %49 = "arith.maxnumf"(%arg7, %arg8) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
    %50 = "arith.minnumf"(%arg7, %arg8) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
    %51 = "arith.addf"(%arg9, %arg9) <{fastmath = #arith.fastmath<none>}> : (f16, f16) -> f16
    %52 = "arith.mulf"(%arg10, %arg10) <{fastmath = #arith.fastmath<none>}> : (vector<[4]xf32>, vector<[4]xf32>) -> vector<[4]xf32>
    %53 = "arith.addf"(%arg7, %arg8) <{fastmath = #arith.fastmath<reassoc,nnan,ninf,nsz,arcp,contract>}> : (f32, f32) -> f32
    "func.return"() : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32, f32, index, f64, f8E8M0FNU, vector<4xf8E5M2>, vector<4xf8E8M0FNU>) -> (), sym_name = "casts"}> ({
  ^bb0(%arg0: i32, %arg1: f32, %arg2: index, %arg3: f64, %arg4: f8E8M0FNU, %arg5: vector<4xf8E5M2>, %arg6: vector<4xf8E8M0FNU>):
    %17 = "arith.extsi"(%arg0) : (i32) -> i64
    %18 = "arith.extui"(%arg0) : (i32) -> i64
    %19 = "arith.trunci"(%arg0) <{overflowFlags = #arith.overflow<none>}> : (i32) -> i8
    %20 = "arith.trunci"(%arg0) <{overflowFlags = #arith.overflow<nsw>}> : (i32) -> i8
    %21 = "arith.extf"(%arg1) : (f32) -> f64
    %22 = "arith.extf"(%arg1) <{fastmath = #arith.fastmath<fast>}> : (f32) -> f64
    %23 = "arith.truncf"(%arg3) : (f64) -> f32
    %24 = "arith.truncf"(%arg3) <{roundingmode = 0 : i32}> : (f64) -> f32
    %25 = "arith.truncf"(%arg3) <{roundingmode = 1 : i32}> : (f64) -> f32
    %26 = "arith.truncf"(%arg3) <{roundingmode = 2 : i32}> : (f64) -> f32
    %27 = "arith.truncf"(%arg3) <{roundingmode = 3 : i32}> : (f64) -> f32
    %28 = "arith.truncf"(%arg3) <{fastmath = #arith.fastmath<afn>, roundingmode = 4 : i32}> : (f64) -> f32
    %29 = "arith.sitofp"(%arg0) : (i32) -> f32
    %30 = "arith.uitofp"(%arg0) : (i32) -> f32
    %31 = "arith.fptosi"(%arg1) : (f32) -> i32
    %32 = "arith.fptoui"(%arg1) : (f32) -> i32
    %33 = "arith.index_cast"(%arg0) : (i32) -> index
    %34 = "arith.index_castui"(%arg2) : (index) -> i64
    %35 = "arith.bitcast"(%arg1) : (f32) -> i32
    %36 = "arith.scaling_extf"(%arg5, %arg6) : (vector<4xf8E5M2>, vector<4xf8E8M0FNU>) -> vector<4xf32>
    %37 = "arith.scaling_truncf"(%arg1, %arg4) : (f32, f8E8M0FNU) -> f8E5M2
    %38 = "arith.scaling_truncf"(%arg1, %arg4) <{fastmath = #arith.fastmath<fast>, roundingmode = 2 : i32}> : (f32, f8E8M0FNU) -> f8E5M2
    %39 = "arith.truncf"(%arg1) : (f32) -> bf16
    %40 = "arith.scaling_extf"(%arg5, %arg6) <{fastmath = #arith.fastmath<nnan>}> : (vector<4xf8E5M2>, vector<4xf8E8M0FNU>) -> vector<4xf32>
    "func.return"() : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "constants"}> ({
    %0 = "arith.constant"() <{value = 42 : i32}> : () -> i32
    %1 = "arith.constant"() <{value = -1 : i64}> : () -> i64
    %2 = "arith.constant"() <{value = true}> : () -> i1
    %3 = "arith.constant"() <{value = false}> : () -> i1
    %4 = "arith.constant"() <{value = 7 : index}> : () -> index
    %5 = "arith.constant"() <{value = 1.500000e+00 : f32}> : () -> f32
    %6 = "arith.constant"() <{value = 0x7FC00000 : f32}> : () -> f32
    %7 = "arith.constant"() <{value = -0.000000e+00 : f64}> : () -> f64
    %8 = "arith.constant"() <{value = 9.997550e-02 : f16}> : () -> f16
    %9 = "arith.constant"() <{value = 1.000000e+00 : bf16}> : () -> bf16
    %10 = "arith.constant"() <{value = dense<1> : vector<4xi32>}> : () -> vector<4xi32>
    %11 = "arith.constant"() <{value = dense<[1.000000e+00, 2.000000e+00]> : vector<2xf32>}> : () -> vector<2xf32>
    %12 = "arith.constant"() <{value = dense<[true, false]> : vector<2xi1>}> : () -> vector<2xi1>
    %13 = "arith.constant"() <{value = dense<0.000000e+00> : vector<[4]xf32>}> : () -> vector<[4]xf32>
    %14 = "arith.constant"() <{value = dense<[[1, 2], [3, 4]]> : vector<2x2xi8>}> : () -> vector<2x2xi8>
    %15 = "arith.constant"() <{value = -1 : i8}> : () -> i8
    %16 = "arith.constant"() <{value = 170141183460469231731687303715884105727 : i128}> : () -> i128
    "func.return"() : () -> ()
  }) : () -> ()
}) : () -> ()
