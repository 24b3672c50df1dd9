// EXPECT: 5:10 'simd.select' op mask must be 'vector<8xi1>', but got 'vector<4xi1>'
"builtin.module"() ({
  "func.func"() <{function_type = (vector<4xi1>, vector<8xf32>) -> vector<8xf32>, sym_name = "select"}> ({
  ^bb0(%arg0: vector<4xi1>, %arg1: vector<8xf32>):
    %0 = "simd.select"(%arg0, %arg1, %arg1) : (vector<4xi1>, vector<8xf32>, vector<8xf32>) -> vector<8xf32>
    "func.return"(%0) : (vector<8xf32>) -> ()
  }) : () -> ()
}) : () -> ()
