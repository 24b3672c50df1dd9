// simd: every op of cuwasm's simd dialect: lane_id, splat, extract/insert, select, masked gather/scatter (i32 and i64 offsets), reduce (every kind), any/all, barrier_region (with and without results) and yield
"builtin.module"() ({
  "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, f32, i32) -> (f32, i32, i1, i1), sym_name = "block_as_lanes"}> ({
  ^bb0(%arg0: !ptr.ptr<#ptr.generic_space>, %arg1: f32, %arg2: i32):
    %0 = "simd.lane_id"() : () -> vector<8xi32>
    %1 = "simd.splat"(%arg2) : (i32) -> vector<8xi32>
    %2 = "arith.cmpi"(%0, %1) <{predicate = 2 : i64}> : (vector<8xi32>, vector<8xi32>) -> vector<8xi1>
    %3 = "arith.constant"() <{value = dense<4> : vector<8xi32>}> : () -> vector<8xi32>
    %4 = "arith.muli"(%0, %3) <{overflowFlags = #arith.overflow<none>}> : (vector<8xi32>, vector<8xi32>) -> vector<8xi32>
    %5 = "simd.splat"(%arg1) : (f32) -> vector<8xf32>
    %6 = "simd.barrier_region"() ({
      %24 = "simd.gather"(%arg0, %4, %2, %5) : (!ptr.ptr<#ptr.generic_space>, vector<8xi32>, vector<8xi1>, vector<8xf32>) -> vector<8xf32>
      %25 = "simd.select"(%2, %24, %5) : (vector<8xi1>, vector<8xf32>, vector<8xf32>) -> vector<8xf32>
      %26 = "simd.reduce"(%25) <{kind = #simd<reduce add>}> : (vector<8xf32>) -> f32
      "simd.yield"(%26) : (f32) -> ()
    }) : () -> f32
    "simd.barrier_region"() ({
      %21 = "simd.gather"(%arg0, %4, %2, %5) : (!ptr.ptr<#ptr.generic_space>, vector<8xi32>, vector<8xi1>, vector<8xf32>) -> vector<8xf32>
      %22 = "simd.extract"(%21) <{lane = 0 : i32}> : (vector<8xf32>) -> f32
      %23 = "simd.insert"(%21, %6) <{lane = 7 : i32}> : (vector<8xf32>, f32) -> vector<8xf32>
      "simd.scatter"(%23, %arg0, %4, %2) : (vector<8xf32>, !ptr.ptr<#ptr.generic_space>, vector<8xi32>, vector<8xi1>) -> ()
      "simd.yield"() : () -> ()
    }) : () -> ()
    %7 = "simd.reduce"(%0) <{kind = #simd<reduce maxsi>}> : (vector<8xi32>) -> i32
    %8 = "simd.reduce"(%0) <{kind = #simd<reduce minui>}> : (vector<8xi32>) -> i32
    %9 = "simd.reduce"(%0) <{kind = #simd<reduce mul>}> : (vector<8xi32>) -> i32
    %10 = "simd.reduce"(%5) <{kind = #simd<reduce minnumf>}> : (vector<8xf32>) -> f32
    %11 = "simd.reduce"(%5) <{kind = #simd<reduce maxnumf>}> : (vector<8xf32>) -> f32
    %12 = "simd.reduce"(%0) <{kind = #simd<reduce and>}> : (vector<8xi32>) -> i32
    %13 = "simd.reduce"(%0) <{kind = #simd<reduce or>}> : (vector<8xi32>) -> i32
    %14 = "simd.reduce"(%0) <{kind = #simd<reduce xor>}> : (vector<8xi32>) -> i32
    %15 = "simd.reduce"(%0) <{kind = #simd<reduce maxui>}> : (vector<8xi32>) -> i32
    %16 = "simd.reduce"(%0) <{kind = #simd<reduce minsi>}> : (vector<8xi32>) -> i32
    %17 = "simd.any"(%2) : (vector<8xi1>) -> i1
    %18 = "simd.all"(%2) : (vector<8xi1>) -> i1
    %19 = "arith.extsi"(%4) : (vector<8xi32>) -> vector<8xi64>
    %20 = "simd.gather"(%arg0, %19, %2, %0) : (!ptr.ptr<#ptr.generic_space>, vector<8xi64>, vector<8xi1>, vector<8xi32>) -> vector<8xi32>
    "func.return"(%6, %7, %17, %18) : (f32, i32, i1, i1) -> ()
  }) : () -> ()
}) : () -> ()
