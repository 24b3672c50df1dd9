// attributes: every builtin attribute kind (integer, float incl. hex, string escapes, array, dictionary, symbol refs, type, unit, dense splat/array, array<...>, strided, affine_map) and upstream dialect attributes #d<...> / #d.name<...> in discardable dictionaries
"builtin.module"() ({
  "func.func"() <{function_type = () -> (), sym_name = "integers", sym_visibility = "private"}> ({
  }) {int_default = 7 : i64, int_hex = 16 : i32, int_i128 = 170141183460469231731687303715884105727 : i128, int_i16 = 32767 : i16, int_i1_false = false, int_i1_one = true, int_i1_true = true, int_i3 = 3 : i3, int_i3_7 = -1 : i3, int_i64_min = -9223372036854775808 : i64, int_i8 = -1 : i8, int_i8_255 = -1 : i8, int_index = -3 : index, int_si1 = -1 : si1, int_si8 = -128 : si8, int_ui1 = 1 : ui1, int_ui128 = 340282366920938463463374607431768211455 : ui128, int_ui8 = 255 : ui8} : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "floats", sym_visibility = "private"}> ({
  }) {float_bf16 = 1.000980e-01 : bf16, float_big = 0x4CEB79A3 : f32, float_default = 1.500000e+00 : f64, float_f128 = 0.100000000000000005551115123125782702 : f128, float_f16 = 9.997550e-02 : f16, float_f32 = 1.000000e-01 : f32, float_f64 = 1.000000e-01 : f64, float_f8 = 2.000000e+00 : f8E4M3FN, float_f80 = 1.000000e+00 : f80, float_hexone = 1.000000e+00 : f32, float_inf = 0x7F800000 : f32, float_nan = 0x7FC00000 : f32, float_negzero = -0.000000e+00 : f32, float_ninf = 0xFFF0000000000000 : f64, float_small = 9.99999974E-6 : f32, float_tf32 = 5.000000e-01 : tf32, float_third = 0.33333333333333331 : f64} : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "strings", sym_visibility = "private"}> ({
  }) {str_empty = "", str_escapes = "quote\22 backslash\\ newline\0A tab\09 nul\00 high\FF", str_plain = "hello", str_typed = "typed" : i32, str_utf8 = "\C3\A9"} : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "containers", sym_visibility = "private"}> ({
  }) {arr_empty = [], arr_mixed = [1, 2 : i32, "s", 1.000000e+00 : f32, unit, [], {}, @sym, i32], arr_nested = [[1], [[2]]], dict_empty = {}, dict_nested = {_u = 3 : i64, a = {c, d = [true]}, "a-b" = 2 : i64, b = 1 : i64, "quoted key" = "v"}} : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "symbols", sym_visibility = "private"}> ({
  }) {sym_dollar = @name$1.x, sym_flat = @flat, sym_nested = @outer::@inner::@leaf, sym_quoted = @"has space", sym_quoted_nested = @"a b"::@"c\22d"} : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "types_and_unit", sym_visibility = "private"}> ({
  }) {type_fn = (i32, f32) -> (index, i1), type_fn1 = (i32) -> i32, type_i32 = i32, type_none = none, type_vec = vector<2x[4]xf32>, unit_attr} : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "dense", sym_visibility = "private"}> ({
  }) {dense_2d = dense<[[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf64>, dense_arr = dense<[1, 2, 3]> : tensor<3xi64>, dense_bf16 = dense<-1.000000e+00> : vector<2xbf16>, dense_empty = dense<> : tensor<0xi32>, dense_f16 = dense<[0x7E00, 1.000000e+00]> : vector<2xf16>, dense_hex = dense<[1, 2, 3, 4]> : tensor<4xi8>, dense_i1 = dense<[true, false]> : vector<2xi1>, dense_i1_splat = dense<true> : vector<3xi1>, dense_index = dense<[0, 1]> : vector<2xindex>, dense_same = dense<4> : tensor<2xi8>, dense_scalable = dense<0.000000e+00> : vector<[4]xf32>, dense_scalar = dense<5> : tensor<i32>, dense_splat_f32 = dense<2.500000e+00> : tensor<2x3xf32>, dense_splat_i32 = dense<1> : vector<4xi32>, dense_ui8 = dense<[1, 255]> : tensor<2xui8>} : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "dense_arrays", sym_visibility = "private"}> ({
  }) {darr_empty = array<i64>, darr_f32 = array<f32: 1.000000e+00, 1.000000e-01>, darr_f64 = array<f64: -0.000000e+00, 0x7FF8000000000000>, darr_i1 = array<i1: true, false>, darr_i16 = array<i16: 1>, darr_i32 = array<i32: 1, 2, 3>, darr_i64 = array<i64: 9223372036854775807>, darr_i8 = array<i8: -128, 127>} : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "layouts", sym_visibility = "private"}> ({
  }) {map = affine_map<(d0, d1)[s0] -> (d0 + s0, d1 * 2)>, map_id = affine_map<(d0) -> (d0)>, strided = strided<[4, 1], offset: ?>, strided0 = strided<[?, 1]>} : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "dialect_attrs", sym_visibility = "private"}> ({
  }) {d_aspace = #gpu.address_space<workgroup>, d_block = #gpu.block<x>, d_dim = #gpu<dim y>, d_fast = #arith.fastmath<fast>, d_fastmath = #arith.fastmath<nnan,ninf>, d_overflow = #arith.overflow<nsw, nuw>, d_ptr_addr = #ptr.address<16> : !ptr.ptr<#ptr.generic_space>, d_ptr_null = #ptr.null : !ptr.ptr<#ptr.generic_space>, d_ptr_space = #ptr.generic_space, d_ptr_spec = #ptr.spec<size = 64, abi = 64, preferred = 64>, d_reduce = #gpu<all_reduce_op minsi>, d_shuffle = #gpu<shuffle_mode idx>, d_thread = #gpu.thread<z>} : () -> ()
  "func.func"() <{function_type = (i32) -> (), sym_name = "on_ops"}> ({
  ^bb0(%arg0: i32):
    %0 = "arith.constant"() <{value = 1 : i32}> {carrier = [@a::@b, dense<0> : vector<2xi32>], other = {x}} : () -> i32
    %1 = "arith.addi"(%arg0, %0) <{overflowFlags = #arith.overflow<none>}> {a_first = "first", z_last = 1 : i64} : (i32, i32) -> i32
    "func.return"() {ret.attr = #gpu<dim z>} : () -> ()
  }) : () -> ()
}) : () -> ()
