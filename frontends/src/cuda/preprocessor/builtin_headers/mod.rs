//! The headers cuwasm ships: what a CUDA program may include without `-I`.
//!
//! They declare what cuwasm supports: the C library subset (prototypes,
//! typedefs, macros such as `INT_MAX`, `FLT_MAX`, `M_PI`, `RAND_MAX`), the CUDA
//! runtime API (`cudaMalloc`, `cudaMemcpy`, events, streams, `cudaError_t`,
//! `cudaMemcpyKind`, `cudaDeviceProp`), `dim3` and the vector types with their
//! `make_*` functions, the built-in variables (`threadIdx`, ...), the device
//! functions (barriers, atomics, warp intrinsics, `__ldg`, bit casts), the
//! CUDA math API and `__half`. Semantic analysis treats the runtime API and the
//! device functions as builtins; the headers give them their names and types.
//!
//! Conventions the parser relies on: CUDA's qualifiers (`__global__`,
//! `__device__`, `__host__`, `__shared__`, `__constant__`, `__managed__`,
//! `__forceinline__`, `__noinline__`, `__restrict__`, `__launch_bounds__`) are
//! keywords, not macros. `__half` is `_Float16`. `INFINITY`/`NAN`/`HUGE_VAL`,
//! `va_list`/`va_start`/..., `offsetof` use clang/GCC builtins
//! (`__builtin_inff()`, `__builtin_nanf("")`, `__builtin_huge_val()`,
//! `__builtin_va_list`, `__builtin_offsetof`). Every header has `#pragma once`
//! except `assert.h`, which may be included again after changing `NDEBUG`.
//!
//! As nvcc does, [`preprocess`](super::preprocess) includes `cuda_runtime.h`
//! before the main file (option `PreprocessOptions::implicit_cuda_runtime`).

macro_rules! headers {
    ($($name:literal => $file:literal,)*) => {
        const HEADERS: &[(&str, &str)] = &[$(($name, include_str!($file)),)*];
    };
}

headers! {
    "assert.h" => "assert.h",
    "cassert" => "cassert",
    "cfloat" => "cfloat",
    "climits" => "climits",
    "cmath" => "cmath",
    "cstdarg" => "cstdarg",
    "cstddef" => "cstddef",
    "cstdint" => "cstdint",
    "cstdio" => "cstdio",
    "cstdlib" => "cstdlib",
    "cstring" => "cstring",
    "ctime" => "ctime",
    "cuda.h" => "cuda.h",
    "cuda_fp16.h" => "cuda_fp16.h",
    "cuda_runtime.h" => "cuda_runtime.h",
    "cuda_runtime_api.h" => "cuda_runtime_api.h",
    "cuwasm_math.h" => "cuwasm_math.h",
    "device_functions.h" => "device_functions.h",
    "device_launch_parameters.h" => "device_launch_parameters.h",
    "driver_types.h" => "driver_types.h",
    "float.h" => "float.h",
    "limits.h" => "limits.h",
    "math.h" => "math.h",
    "math_constants.h" => "math_constants.h",
    "stdarg.h" => "stdarg.h",
    "stdbool.h" => "stdbool.h",
    "stddef.h" => "stddef.h",
    "stdint.h" => "stdint.h",
    "stdio.h" => "stdio.h",
    "stdlib.h" => "stdlib.h",
    "string.h" => "string.h",
    "sys/time.h" => "sys/time.h",
    "time.h" => "time.h",
    "unistd.h" => "unistd.h",
    "vector_functions.h" => "vector_functions.h",
    "vector_types.h" => "vector_types.h",
}

/// The text of a shipped header (`"cuda_runtime.h"`, `"sys/time.h"`, ...).
pub fn builtin_header(name: &str) -> Option<&'static str> {
    let name = name.strip_prefix("./").unwrap_or(name);
    HEADERS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The names of the shipped headers.
pub fn builtin_header_names() -> impl Iterator<Item = &'static str> {
    HEADERS.iter().map(|(n, _)| *n)
}
