// floats: float literal printing rules for f16/bf16/f32/f64 (6-significant-digit exponent form, shortest-round-trip fallback with E, hex for nan/inf/non-decimal cases, -0.0, denormals) via arith.constant
"builtin.module"() ({
  "func.func"() <{function_type = () -> (), sym_name = "floats"}> ({
    %0 = "arith.constant"() <{value = 0.000000e+00 : f16}> {lit = "0.0"} : () -> f16
    %1 = "arith.constant"() <{value = -0.000000e+00 : f16}> {lit = "-0.0"} : () -> f16
    %2 = "arith.constant"() <{value = 1.000000e+00 : f16}> {lit = "1.0"} : () -> f16
    %3 = "arith.constant"() <{value = -1.500000e+00 : f16}> {lit = "-1.5"} : () -> f16
    %4 = "arith.constant"() <{value = 9.997550e-02 : f16}> {lit = "0.1"} : () -> f16
    %5 = "arith.constant"() <{value = 5.000000e-01 : f16}> {lit = "0.5"} : () -> f16
    %6 = "arith.constant"() <{value = 2.500000e+00 : f16}> {lit = "2.5"} : () -> f16
    %7 = "arith.constant"() <{value = 0.000000e+00 : f16}> {lit = "1.0e-10"} : () -> f16
    %8 = "arith.constant"() <{value = 1.001360e-05 : f16}> {lit = "1.0e-5"} : () -> f16
    %9 = "arith.constant"() <{value = 0x7C00 : f16}> {lit = "3.4e38"} : () -> f16
    %10 = "arith.constant"() <{value = 1.000000e+02 : f16}> {lit = "100.0"} : () -> f16
    %11 = "arith.constant"() <{value = 6.550400e+04 : f16}> {lit = "65504.0"} : () -> f16
    %12 = "arith.constant"() <{value = 1.099610e+00 : f16}> {lit = "1.1"} : () -> f16
    %13 = "arith.constant"() <{value = 3.140630e+00 : f16}> {lit = "3.14159"} : () -> f16
    %14 = "arith.constant"() <{value = 2.550000e+02 : f16}> {lit = "255.0"} : () -> f16
    %15 = "arith.constant"() <{value = 2.570000e+02 : f16}> {lit = "257.0"} : () -> f16
    %16 = "arith.constant"() <{value = 0x7C00 : f16}> {lit = "1.0e6"} : () -> f16
    %17 = "arith.constant"() <{value = 0x7C00 : f16}> {lit = "1.0e7"} : () -> f16
    %18 = "arith.constant"() <{value = 0x7C00 : f16}> {lit = "16777216.0"} : () -> f16
    %19 = "arith.constant"() <{value = 0x7C00 : f16}> {lit = "123456789.0"} : () -> f16
    %20 = "arith.constant"() <{value = 0x7C00 : f16}> {lit = "1234567.1"} : () -> f16
    %21 = "arith.constant"() <{value = 3.332520e-01 : f16}> {lit = "0.3333333333333333"} : () -> f16
    %22 = "arith.constant"() <{value = 1.234380e+01 : f16}> {lit = "12.3456789"} : () -> f16
    %23 = "arith.constant"() <{value = 0x7C00 : f16}> {lit = "1.0e23"} : () -> f16
    %24 = "arith.constant"() <{value = 0x7C00 : f16}> {lit = "99999999.0"} : () -> f16
    %25 = "arith.constant"() <{value = 1.235010e-04 : f16}> {lit = "0.000123456789012345"} : () -> f16
    %26 = "arith.constant"() <{value = 0x7C00 : f16}> {lit = "100000.5"} : () -> f16
    %27 = "arith.constant"() <{value = 0.000000e+00 : f16}> {lit = "2.0e-310"} : () -> f16
    %28 = "arith.constant"() <{value = 1.192090e-07 : f16}> {lit = "1.0e-7"} : () -> f16
    %29 = "arith.constant"() <{value = 0.000000e+00 : f16}> {lit = "4.9e-324"} : () -> f16
    %30 = "arith.constant"() <{value = 0.000000e+00 : bf16}> {lit = "0.0"} : () -> bf16
    %31 = "arith.constant"() <{value = -0.000000e+00 : bf16}> {lit = "-0.0"} : () -> bf16
    %32 = "arith.constant"() <{value = 1.000000e+00 : bf16}> {lit = "1.0"} : () -> bf16
    %33 = "arith.constant"() <{value = -1.500000e+00 : bf16}> {lit = "-1.5"} : () -> bf16
    %34 = "arith.constant"() <{value = 1.000980e-01 : bf16}> {lit = "0.1"} : () -> bf16
    %35 = "arith.constant"() <{value = 5.000000e-01 : bf16}> {lit = "0.5"} : () -> bf16
    %36 = "arith.constant"() <{value = 2.500000e+00 : bf16}> {lit = "2.5"} : () -> bf16
    %37 = "arith.constant"() <{value = 1.000440e-10 : bf16}> {lit = "1.0e-10"} : () -> bf16
    %38 = "arith.constant"() <{value = 1.001360e-05 : bf16}> {lit = "1.0e-5"} : () -> bf16
    %39 = "arith.constant"() <{value = 0x7F80 : bf16}> {lit = "3.4e38"} : () -> bf16
    %40 = "arith.constant"() <{value = 1.000000e+02 : bf16}> {lit = "100.0"} : () -> bf16
    %41 = "arith.constant"() <{value = 6.553600e+04 : bf16}> {lit = "65504.0"} : () -> bf16
    %42 = "arith.constant"() <{value = 1.101560e+00 : bf16}> {lit = "1.1"} : () -> bf16
    %43 = "arith.constant"() <{value = 3.140630e+00 : bf16}> {lit = "3.14159"} : () -> bf16
    %44 = "arith.constant"() <{value = 2.550000e+02 : bf16}> {lit = "255.0"} : () -> bf16
    %45 = "arith.constant"() <{value = 2.560000e+02 : bf16}> {lit = "257.0"} : () -> bf16
    %46 = "arith.constant"() <{value = 9.994240e+05 : bf16}> {lit = "1.0e6"} : () -> bf16
    %47 = "arith.constant"() <{value = 1.002700e+07 : bf16}> {lit = "1.0e7"} : () -> bf16
    %48 = "arith.constant"() <{value = 1.677720e+07 : bf16}> {lit = "16777216.0"} : () -> bf16
    %49 = "arith.constant"() <{value = 1.232080e+08 : bf16}> {lit = "123456789.0"} : () -> bf16
    %50 = "arith.constant"() <{value = 1.236990e+06 : bf16}> {lit = "1234567.1"} : () -> bf16
    %51 = "arith.constant"() <{value = 3.339840e-01 : bf16}> {lit = "0.3333333333333333"} : () -> bf16
    %52 = "arith.constant"() <{value = 1.237500e+01 : bf16}> {lit = "12.3456789"} : () -> bf16
    %53 = "arith.constant"() <{value = 9.975990e+22 : bf16}> {lit = "1.0e23"} : () -> bf16
    %54 = "arith.constant"() <{value = 1.001390e+08 : bf16}> {lit = "99999999.0"} : () -> bf16
    %55 = "arith.constant"() <{value = 1.230240e-04 : bf16}> {lit = "0.000123456789012345"} : () -> bf16
    %56 = "arith.constant"() <{value = 9.984000e+04 : bf16}> {lit = "100000.5"} : () -> bf16
    %57 = "arith.constant"() <{value = 0.000000e+00 : bf16}> {lit = "2.0e-310"} : () -> bf16
    %58 = "arith.constant"() <{value = 1.001170e-07 : bf16}> {lit = "1.0e-7"} : () -> bf16
    %59 = "arith.constant"() <{value = 0.000000e+00 : bf16}> {lit = "4.9e-324"} : () -> bf16
    %60 = "arith.constant"() <{value = 0.000000e+00 : f32}> {lit = "0.0"} : () -> f32
    %61 = "arith.constant"() <{value = -0.000000e+00 : f32}> {lit = "-0.0"} : () -> f32
    %62 = "arith.constant"() <{value = 1.000000e+00 : f32}> {lit = "1.0"} : () -> f32
    %63 = "arith.constant"() <{value = -1.500000e+00 : f32}> {lit = "-1.5"} : () -> f32
    %64 = "arith.constant"() <{value = 1.000000e-01 : f32}> {lit = "0.1"} : () -> f32
    %65 = "arith.constant"() <{value = 5.000000e-01 : f32}> {lit = "0.5"} : () -> f32
    %66 = "arith.constant"() <{value = 2.500000e+00 : f32}> {lit = "2.5"} : () -> f32
    %67 = "arith.constant"() <{value = 1.000000e-10 : f32}> {lit = "1.0e-10"} : () -> f32
    %68 = "arith.constant"() <{value = 9.99999974E-6 : f32}> {lit = "1.0e-5"} : () -> f32
    %69 = "arith.constant"() <{value = 3.400000e+38 : f32}> {lit = "3.4e38"} : () -> f32
    %70 = "arith.constant"() <{value = 1.000000e+02 : f32}> {lit = "100.0"} : () -> f32
    %71 = "arith.constant"() <{value = 6.550400e+04 : f32}> {lit = "65504.0"} : () -> f32
    %72 = "arith.constant"() <{value = 1.100000e+00 : f32}> {lit = "1.1"} : () -> f32
    %73 = "arith.constant"() <{value = 3.141590e+00 : f32}> {lit = "3.14159"} : () -> f32
    %74 = "arith.constant"() <{value = 2.550000e+02 : f32}> {lit = "255.0"} : () -> f32
    %75 = "arith.constant"() <{value = 2.570000e+02 : f32}> {lit = "257.0"} : () -> f32
    %76 = "arith.constant"() <{value = 1.000000e+06 : f32}> {lit = "1.0e6"} : () -> f32
    %77 = "arith.constant"() <{value = 1.000000e+07 : f32}> {lit = "1.0e7"} : () -> f32
    %78 = "arith.constant"() <{value = 0x4B800000 : f32}> {lit = "16777216.0"} : () -> f32
    %79 = "arith.constant"() <{value = 0x4CEB79A3 : f32}> {lit = "123456789.0"} : () -> f32
    %80 = "arith.constant"() <{value = 1234567.13 : f32}> {lit = "1234567.1"} : () -> f32
    %81 = "arith.constant"() <{value = 0.333333343 : f32}> {lit = "0.3333333333333333"} : () -> f32
    %82 = "arith.constant"() <{value = 12.3456793 : f32}> {lit = "12.3456789"} : () -> f32
    %83 = "arith.constant"() <{value = 9.99999977E+22 : f32}> {lit = "1.0e23"} : () -> f32
    %84 = "arith.constant"() <{value = 1.000000e+08 : f32}> {lit = "99999999.0"} : () -> f32
    %85 = "arith.constant"() <{value = 1.2345679E-4 : f32}> {lit = "0.000123456789012345"} : () -> f32
    %86 = "arith.constant"() <{value = 100000.5 : f32}> {lit = "100000.5"} : () -> f32
    %87 = "arith.constant"() <{value = 0.000000e+00 : f32}> {lit = "2.0e-310"} : () -> f32
    %88 = "arith.constant"() <{value = 1.000000e-07 : f32}> {lit = "1.0e-7"} : () -> f32
    %89 = "arith.constant"() <{value = 0.000000e+00 : f32}> {lit = "4.9e-324"} : () -> f32
    %90 = "arith.constant"() <{value = 0.000000e+00 : f64}> {lit = "0.0"} : () -> f64
    %91 = "arith.constant"() <{value = -0.000000e+00 : f64}> {lit = "-0.0"} : () -> f64
    %92 = "arith.constant"() <{value = 1.000000e+00 : f64}> {lit = "1.0"} : () -> f64
    %93 = "arith.constant"() <{value = -1.500000e+00 : f64}> {lit = "-1.5"} : () -> f64
    %94 = "arith.constant"() <{value = 1.000000e-01 : f64}> {lit = "0.1"} : () -> f64
    %95 = "arith.constant"() <{value = 5.000000e-01 : f64}> {lit = "0.5"} : () -> f64
    %96 = "arith.constant"() <{value = 2.500000e+00 : f64}> {lit = "2.5"} : () -> f64
    %97 = "arith.constant"() <{value = 1.000000e-10 : f64}> {lit = "1.0e-10"} : () -> f64
    %98 = "arith.constant"() <{value = 1.000000e-05 : f64}> {lit = "1.0e-5"} : () -> f64
    %99 = "arith.constant"() <{value = 3.400000e+38 : f64}> {lit = "3.4e38"} : () -> f64
    %100 = "arith.constant"() <{value = 1.000000e+02 : f64}> {lit = "100.0"} : () -> f64
    %101 = "arith.constant"() <{value = 6.550400e+04 : f64}> {lit = "65504.0"} : () -> f64
    %102 = "arith.constant"() <{value = 1.100000e+00 : f64}> {lit = "1.1"} : () -> f64
    %103 = "arith.constant"() <{value = 3.141590e+00 : f64}> {lit = "3.14159"} : () -> f64
    %104 = "arith.constant"() <{value = 2.550000e+02 : f64}> {lit = "255.0"} : () -> f64
    %105 = "arith.constant"() <{value = 2.570000e+02 : f64}> {lit = "257.0"} : () -> f64
    %106 = "arith.constant"() <{value = 1.000000e+06 : f64}> {lit = "1.0e6"} : () -> f64
    %107 = "arith.constant"() <{value = 1.000000e+07 : f64}> {lit = "1.0e7"} : () -> f64
    %108 = "arith.constant"() <{value = 0x4170000000000000 : f64}> {lit = "16777216.0"} : () -> f64
    %109 = "arith.constant"() <{value = 0x419D6F3454000000 : f64}> {lit = "123456789.0"} : () -> f64
    %110 = "arith.constant"() <{value = 1234567.1000000001 : f64}> {lit = "1234567.1"} : () -> f64
    %111 = "arith.constant"() <{value = 0.33333333333333331 : f64}> {lit = "0.3333333333333333"} : () -> f64
    %112 = "arith.constant"() <{value = 12.345678899999999 : f64}> {lit = "12.3456789"} : () -> f64
    %113 = "arith.constant"() <{value = 9.9999999999999991E+22 : f64}> {lit = "1.0e23"} : () -> f64
    %114 = "arith.constant"() <{value = 0x4197D783FC000000 : f64}> {lit = "99999999.0"} : () -> f64
    %115 = "arith.constant"() <{value = 1.2345678901234499E-4 : f64}> {lit = "0.000123456789012345"} : () -> f64
    %116 = "arith.constant"() <{value = 100000.5 : f64}> {lit = "100000.5"} : () -> f64
    %117 = "arith.constant"() <{value = 2.000000e-310 : f64}> {lit = "2.0e-310"} : () -> f64
    %118 = "arith.constant"() <{value = 9.9999999999999995E-8 : f64}> {lit = "1.0e-7"} : () -> f64
    %119 = "arith.constant"() <{value = 4.940660e-324 : f64}> {lit = "4.9e-324"} : () -> f64
    %120 = "arith.constant"() <{value = 0x7FC00000 : f32}> {lit = "0x7FC00000 : f32"} : () -> f32
    %121 = "arith.constant"() <{value = 0x7FC00001 : f32}> {lit = "0x7FC00001 : f32"} : () -> f32
    %122 = "arith.constant"() <{value = 0xFFC00000 : f32}> {lit = "0xFFC00000 : f32"} : () -> f32
    %123 = "arith.constant"() <{value = 0x7F800000 : f32}> {lit = "0x7F800000 : f32"} : () -> f32
    %124 = "arith.constant"() <{value = 0xFF800000 : f32}> {lit = "0xFF800000 : f32"} : () -> f32
    %125 = "arith.constant"() <{value = 1.401300e-45 : f32}> {lit = "0x00000001 : f32"} : () -> f32
    %126 = "arith.constant"() <{value = -0.000000e+00 : f32}> {lit = "0x80000000 : f32"} : () -> f32
    %127 = "arith.constant"() <{value = 3.40282347E+38 : f32}> {lit = "0x7F7FFFFF : f32"} : () -> f32
    %128 = "arith.constant"() <{value = 1.17549435E-38 : f32}> {lit = "0x00800000 : f32"} : () -> f32
    %129 = "arith.constant"() <{value = 0x7E00 : f16}> {lit = "0x7E00 : f16"} : () -> f16
    %130 = "arith.constant"() <{value = 0x7C00 : f16}> {lit = "0x7C00 : f16"} : () -> f16
    %131 = "arith.constant"() <{value = 0xFC00 : f16}> {lit = "0xFC00 : f16"} : () -> f16
    %132 = "arith.constant"() <{value = 5.960460e-08 : f16}> {lit = "0x0001 : f16"} : () -> f16
    %133 = "arith.constant"() <{value = 6.550400e+04 : f16}> {lit = "0x7BFF : f16"} : () -> f16
    %134 = "arith.constant"() <{value = 0x7FC0 : bf16}> {lit = "0x7FC0 : bf16"} : () -> bf16
    %135 = "arith.constant"() <{value = 0x7F80 : bf16}> {lit = "0x7F80 : bf16"} : () -> bf16
    %136 = "arith.constant"() <{value = 0xFF80 : bf16}> {lit = "0xFF80 : bf16"} : () -> bf16
    %137 = "arith.constant"() <{value = 9.183550e-41 : bf16}> {lit = "0x0001 : bf16"} : () -> bf16
    %138 = "arith.constant"() <{value = 0x7FF8000000000000 : f64}> {lit = "0x7FF8000000000000 : f64"} : () -> f64
    %139 = "arith.constant"() <{value = 0x7FF0000000000001 : f64}> {lit = "0x7FF0000000000001 : f64"} : () -> f64
    %140 = "arith.constant"() <{value = 0xFFF0000000000000 : f64}> {lit = "0xFFF0000000000000 : f64"} : () -> f64
    %141 = "arith.constant"() <{value = 4.940660e-324 : f64}> {lit = "0x0000000000000001 : f64"} : () -> f64
    %142 = "arith.constant"() <{value = 1.7976931348623157E+308 : f64}> {lit = "0x7FEFFFFFFFFFFFFF : f64"} : () -> f64
    %143 = "arith.constant"() <{value = 1.000000e-01 : f64}> {lit = "0x3FB999999999999A : f64"} : () -> f64
    "func.return"() : () -> ()
  }) : () -> ()
}) : () -> ()
