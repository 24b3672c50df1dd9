// types: every builtin type kind (iN/siN/uiN, index, all float kinds, vector incl. 0-d/multi-dim/scalable, tuple, function, none, complex, memref/tensor ranked/unranked/layout/memory space/encoding) and dialect types !d.name<...>, in block-argument, result and type-attribute positions
"builtin.module"() ({
  "func.func"() <{function_type = (i1, i8, i16, i32, i64, i128, si8, ui32, si64, ui1, index, i7, i0) -> (i1, ui32), sym_name = "integer_types"}> ({
  ^bb0(%arg57: i1, %arg58: i8, %arg59: i16, %arg60: i32, %arg61: i64, %arg62: i128, %arg63: si8, %arg64: ui32, %arg65: si64, %arg66: ui1, %arg67: index, %arg68: i7, %arg69: i0):
    "func.return"(%arg57, %arg64) : (i1, ui32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (f16, bf16, f32, f64, f80, f128, tf32, f8E4M3FN, f8E5M2, f8E8M0FNU, f4E2M1FN, f6E2M3FN, f8E4M3FNUZ, f8E5M2FNUZ, f8E4M3B11FNUZ, f8E3M4, f8E4M3, f6E3M2FN) -> (), sym_name = "float_types"}> ({
  ^bb0(%arg39: f16, %arg40: bf16, %arg41: f32, %arg42: f64, %arg43: f80, %arg44: f128, %arg45: tf32, %arg46: f8E4M3FN, %arg47: f8E5M2, %arg48: f8E8M0FNU, %arg49: f4E2M1FN, %arg50: f6E2M3FN, %arg51: f8E4M3FNUZ, %arg52: f8E5M2FNUZ, %arg53: f8E4M3B11FNUZ, %arg54: f8E3M4, %arg55: f8E4M3, %arg56: f6E3M2FN):
    "func.return"() : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = (vector<4xf32>, vector<2x3x4xi8>, vector<[4]xf32>, vector<2x[8]xi1>, vector<f32>, vector<1xindex>, vector<[2]x[2]xf64>, tensor<4xf32>, tensor<?x2xi8>, tensor<f32>, tensor<*xf32>, tensor<0xi32>, tensor<4xf32, "encoding">, tensor<2x?x?xcomplex<f64>>, memref<4xf32>, memref<?x4xf32>, memref<f32>, memref<*xf32>, memref<4xf32, 1>, memref<*xi8, 3>, memref<4x4xf32, strided<[4, 1]>>, memref<?xf32, strided<[?], offset: ?>>, memref<4xf32, affine_map<(d0) -> (d0 + 1)>>, memref<8xf32, #gpu.address_space<workgroup>>, memref<2x2xvector<4xf32>>) -> (), sym_name = "shaped_types"}> ({
  ^bb0(%arg14: vector<4xf32>, %arg15: vector<2x3x4xi8>, %arg16: vector<[4]xf32>, %arg17: vector<2x[8]xi1>, %arg18: vector<f32>, %arg19: vector<1xindex>, %arg20: vector<[2]x[2]xf64>, %arg21: tensor<4xf32>, %arg22: tensor<?x2xi8>, %arg23: tensor<f32>, %arg24: tensor<*xf32>, %arg25: tensor<0xi32>, %arg26: tensor<4xf32, "encoding">, %arg27: tensor<2x?x?xcomplex<f64>>, %arg28: memref<4xf32>, %arg29: memref<?x4xf32>, %arg30: memref<f32>, %arg31: memref<*xf32>, %arg32: memref<4xf32, 1>, %arg33: memref<*xi8, 3>, %arg34: memref<4x4xf32, strided<[4, 1]>>, %arg35: memref<?xf32, strided<[?], offset: ?>>, %arg36: memref<4xf32, affine_map<(d0) -> (d0 + 1)>>, %arg37: memref<8xf32, #gpu.address_space<workgroup>>, %arg38: memref<2x2xvector<4xf32>>):
    "func.return"() : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = (complex<f32>, complex<i32>, tuple<>, tuple<i32, f32>, tuple<i32, tuple<f32, index>>, () -> (), (i32) -> i32, (i32, f32) -> (f32, i32), (() -> ()) -> (() -> i32), none, !ptr.ptr<#ptr.generic_space>, !ptr.ptr_metadata<memref<?xf32, #ptr.generic_space>>, !gpu.async.token, vector<4x!ptr.ptr<#ptr.generic_space>>) -> (() -> ()), sym_name = "other_types"}> ({
  ^bb0(%arg0: complex<f32>, %arg1: complex<i32>, %arg2: tuple<>, %arg3: tuple<i32, f32>, %arg4: tuple<i32, tuple<f32, index>>, %arg5: () -> (), %arg6: (i32) -> i32, %arg7: (i32, f32) -> (f32, i32), %arg8: (() -> ()) -> (() -> i32), %arg9: none, %arg10: !ptr.ptr<#ptr.generic_space>, %arg11: !ptr.ptr_metadata<memref<?xf32, #ptr.generic_space>>, %arg12: !gpu.async.token, %arg13: vector<4x!ptr.ptr<#ptr.generic_space>>):
    %0 = "builtin.unrealized_conversion_cast"(%arg9) : (none) -> tuple<none, complex<f64>>
    %1:3 = "builtin.unrealized_conversion_cast"(%arg0, %arg3) : (complex<f32>, tuple<i32, f32>) -> (memref<*xf32>, tensor<*xi1>, !gpu.async.token)
    %2 = "builtin.unrealized_conversion_cast"(%arg6) {as_attr = [i1, si16, ui64, index, bf16, vector<[4]xf32>, tuple<>, none, complex<f16>, memref<?xf32>, tensor<*xf64>, (i32) -> (), !ptr.ptr<#ptr.generic_space>]} : ((i32) -> i32) -> ((f32) -> (f32, f32))
    "func.return"(%arg5) : (() -> ()) -> ()
  }) : () -> ()
}) : () -> ()
