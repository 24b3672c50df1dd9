// wasm: every op of cuwasm's wasm dialect: func (locals, export), block/loop/if with end/br/br_if/return, locals, global_get, load/store (full, extending, wrapping, v128), const (scalar, v128), unary/binary/compare/convert, v128_splat, f32x4_fma
"builtin.module"() ({
  "wasm.func"() <{export_name = "saxpy", function_type = (i32, f32, i32, i32) -> (), locals = [i32], sym_name = "saxpy"}> ({
    %33 = "wasm.const"() <{value = 0 : i32}> : () -> i32
    "wasm.local_set"(%33) <{index = 4 : i32}> : (i32) -> ()
    "wasm.block"() ({
      "wasm.loop"() ({
        %34 = "wasm.local_get"() <{index = 4 : i32}> : () -> i32
        %35 = "wasm.local_get"() <{index = 0 : i32}> : () -> i32
        %36 = "wasm.compare"(%34, %35) <{opcode = "i32.ge_u"}> : (i32, i32) -> i32
        "wasm.br_if"(%36) <{depth = 1 : i32}> : (i32) -> ()
        %37 = "wasm.const"() <{value = 4 : i32}> : () -> i32
        %38 = "wasm.binary"(%34, %37) <{opcode = "i32.mul"}> : (i32, i32) -> i32
        %39 = "wasm.local_get"() <{index = 2 : i32}> : () -> i32
        %40 = "wasm.binary"(%39, %38) <{opcode = "i32.add"}> : (i32, i32) -> i32
        %41 = "wasm.load"(%40) <{align = 4 : i32, memtype = f32, offset = 0 : i64}> : (i32) -> f32
        %42 = "wasm.local_get"() <{index = 1 : i32}> : () -> f32
        %43 = "wasm.binary"(%42, %41) <{opcode = "f32.mul"}> : (f32, f32) -> f32
        %44 = "wasm.local_get"() <{index = 3 : i32}> : () -> i32
        %45 = "wasm.binary"(%44, %38) <{opcode = "i32.add"}> : (i32, i32) -> i32
        %46 = "wasm.load"(%45) <{align = 4 : i32, memtype = f32, offset = 0 : i64}> : (i32) -> f32
        %47 = "wasm.binary"(%43, %46) <{opcode = "f32.add"}> : (f32, f32) -> f32
        "wasm.store"(%45, %47) <{align = 4 : i32, memtype = f32, offset = 0 : i64}> : (i32, f32) -> ()
        %48 = "wasm.const"() <{value = 1 : i32}> : () -> i32
        %49 = "wasm.binary"(%34, %48) <{opcode = "i32.add"}> : (i32, i32) -> i32
        "wasm.local_set"(%49) <{index = 4 : i32}> : (i32) -> ()
        "wasm.br"() <{depth = 0 : i32}> : () -> ()
      }) : () -> ()
      "wasm.end"() : () -> ()
    }) : () -> ()
    "wasm.return"() : () -> ()
  }) : () -> ()
  "wasm.func"() <{function_type = (i32, f32) -> f32, sym_name = "vectors"}> ({
    %0 = "wasm.local_get"() <{index = 0 : i32}> : () -> i32
    %1 = "wasm.local_get"() <{index = 1 : i32}> : () -> f32
    %2 = "wasm.load"(%0) <{align = 16 : i32, memtype = vector<4xf32>, offset = 16 : i64}> : (i32) -> vector<4xf32>
    %3 = "wasm.v128_splat"(%1) : (f32) -> vector<4xf32>
    %4 = "wasm.f32x4_fma"(%2, %3, %2) : (vector<4xf32>, vector<4xf32>, vector<4xf32>) -> vector<4xf32>
    %5 = "wasm.binary"(%4, %2) <{opcode = "f32x4.max"}> : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
    %6 = "wasm.compare"(%5, %2) <{opcode = "f32x4.lt"}> : (vector<4xf32>, vector<4xf32>) -> vector<4xi32>
    %7 = "wasm.binary"(%6, %6) <{opcode = "v128.and"}> : (vector<4xi32>, vector<4xi32>) -> vector<4xi32>
    %8 = "wasm.unary"(%7) <{opcode = "v128.not"}> : (vector<4xi32>) -> vector<4xi32>
    %9 = "wasm.binary"(%8, %7) <{opcode = "i32x4.add"}> : (vector<4xi32>, vector<4xi32>) -> vector<4xi32>
    %10 = "wasm.v128_splat"(%0) : (i32) -> vector<16xi8>
    %11 = "wasm.unary"(%5) <{opcode = "f32x4.sqrt"}> : (vector<4xf32>) -> vector<4xf32>
    %12 = "wasm.convert"(%9) <{opcode = "f32x4.convert_i32x4_s"}> : (vector<4xi32>) -> vector<4xf32>
    %13 = "wasm.const"() <{value = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : vector<4xf32>}> : () -> vector<4xf32>
    "wasm.store"(%0, %13) <{align = 16 : i32, memtype = vector<4xf32>, offset = 0 : i64}> : (i32, vector<4xf32>) -> ()
    %14 = "wasm.load"(%0) <{align = 1 : i32, memtype = i8, offset = 3 : i64, signed}> : (i32) -> i32
    %15 = "wasm.load"(%0) <{align = 2 : i32, memtype = i16, offset = 0 : i64}> : (i32) -> i64
    "wasm.store"(%0, %14) <{align = 1 : i32, memtype = i8, offset = 0 : i64}> : (i32, i32) -> ()
    "wasm.store"(%0, %10) <{align = 8 : i32, memtype = vector<16xi8>, offset = 32 : i64}> : (i32, vector<16xi8>) -> ()
    %16 = "wasm.global_get"() <{index = 0 : i32}> : () -> i32
    %17 = "wasm.unary"(%16) <{opcode = "i32.eqz"}> : (i32) -> i32
    %18 = "wasm.unary"(%16) <{opcode = "i32.clz"}> : (i32) -> i32
    %19 = "wasm.convert"(%15) <{opcode = "i32.wrap_i64"}> : (i64) -> i32
    %20 = "wasm.convert"(%18) <{opcode = "i64.extend_i32_u"}> : (i32) -> i64
    %21 = "wasm.const"() <{value = 1099511627776 : i64}> : () -> i64
    %22 = "wasm.binary"(%20, %21) <{opcode = "i64.shr_u"}> : (i64, i64) -> i64
    %23 = "wasm.const"() <{value = 2.500000e-01 : f64}> : () -> f64
    %24 = "wasm.convert"(%23) <{opcode = "f32.demote_f64"}> : (f64) -> f32
    %25 = "wasm.if"(%17) ({
      %31 = "wasm.unary"(%1) <{opcode = "f32.sqrt"}> : (f32) -> f32
      %32 = "wasm.binary"(%31, %24) <{opcode = "f32.min"}> : (f32, f32) -> f32
      "wasm.end"(%32) : (f32) -> ()
    }, {
      %30 = "wasm.convert"(%19) <{opcode = "f32.convert_i32_s"}> : (i32) -> f32
      "wasm.br"(%30) <{depth = 0 : i32}> : (f32) -> ()
    }) : (i32) -> f32
    %26 = "wasm.block"() ({
      %27 = "wasm.const"() <{value = 1.000000e+00 : f32}> : () -> f32
      "wasm.br_if"(%17, %27) <{depth = 0 : i32}> : (i32, f32) -> ()
      %28 = "wasm.convert"(%25) <{opcode = "i32.trunc_sat_f32_s"}> : (f32) -> i32
      %29 = "wasm.compare"(%28, %19) <{opcode = "i32.eq"}> : (i32, i32) -> i32
      "wasm.if"(%29) ({
        "wasm.return"(%25) : (f32) -> ()
      }, {
      }) : (i32) -> ()
      "wasm.end"(%25) : (f32) -> ()
    }) : () -> f32
    "wasm.end"(%26) : (f32) -> ()
  }) : () -> ()
}) : () -> ()
