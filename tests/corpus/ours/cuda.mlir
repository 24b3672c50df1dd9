// cuda: every op of cuwasm's cuda dialect: dim3 built-ins, lane_id/warp_size, __ldg, __shfl*_sync (with and without width), votes, __syncwarp, static/dynamic __shared__, __syncthreads and its count/and/or variants, atomics (all kinds, scopes, float/64-bit, CAS), __threadfence*, __constant__/__device__ variables (with alignment) and their addresses, fast-math intrinsics; the PTX-level ops (cuda.rounded, cuda.approx, cuda.flush_denormal, saturating conversions, bfe/bfi/prmt/brev, activemask, redux_sync, named barriers, addrspace_cast, read_sreg)
"builtin.module"() ({
  "gpu.module"() <{sym_name = "kernels"}> ({
    "gpu.func"() <{function_type = (!ptr.ptr<#llvm.address_space<3>>, f32, f64, i32, i64) -> ()}> ({
    ^bb0(%arg7: !ptr.ptr<#llvm.address_space<3>>, %arg8: f32, %arg9: f64, %arg10: i32, %arg11: i64):
      %63 = "cuda.rounded"(%arg8, %arg8) <{op = #cuda<rounded_op add>, rounding = #cuda<rounding rz>}> : (f32, f32) -> f32
      %64 = "cuda.rounded"(%arg8, %arg8, %63) <{op = #cuda<rounded_op fma>, rounding = #cuda<rounding rm>}> : (f32, f32, f32) -> f32
      %65 = "cuda.rounded"(%arg9) <{op = #cuda<rounded_op sqrt>, rounding = #cuda<rounding rp>}> : (f64) -> f64
      %66 = "cuda.rounded"(%arg10) <{op = #cuda<rounded_op uitofp>, rounding = #cuda<rounding rz>}> : (i32) -> f32
      %67 = "cuda.approx"(%arg8) <{function = #cuda<approx ex2>}> : (f32) -> f32
      %68 = "cuda.approx"(%arg8, %67) <{function = #cuda<approx div_full>}> : (f32, f32) -> f32
      %69 = "cuda.approx"(%arg9) <{function = #cuda<approx rsqrt>}> : (f64) -> f64
      %70 = "cuda.flush_denormal"(%arg8) : (f32) -> f32
      %71 = "cuda.fptosi_sat"(%arg8) : (f32) -> i32
      %72 = "cuda.fptoui_sat"(%arg9) : (f64) -> i64
      %73 = "cuda.bfe"(%arg10, %arg10, %arg10) <{signed}> : (i32, i32, i32) -> i32
      %74 = "cuda.bfe"(%arg11, %arg10, %arg10) : (i64, i32, i32) -> i64
      %75 = "cuda.bfi"(%arg10, %arg10, %arg10, %arg10) : (i32, i32, i32, i32) -> i32
      %76 = "cuda.prmt"(%arg10, %arg10, %arg10) : (i32, i32, i32) -> i32
      %77 = "cuda.prmt"(%arg10, %arg10, %arg10) <{mode = #cuda<prmt_mode ecl>}> : (i32, i32, i32) -> i32
      %78 = "cuda.brev"(%arg11) : (i64) -> i64
      %79 = "cuda.activemask"() : () -> i32
      %80 = "cuda.redux_sync"(%79, %arg10) <{kind = #cuda<redux_kind umax>}> : (i32, i32) -> i32
      "cuda.barrier"(%arg10) : (i32) -> ()
      "cuda.barrier"(%arg10, %arg10) <{arrive}> : (i32, i32) -> ()
      %81 = "cuda.addrspace_cast"(%arg7) : (!ptr.ptr<#llvm.address_space<3>>) -> !ptr.ptr<#ptr.generic_space>
      %82 = "cuda.read_sreg"() <{register = #cuda<sreg clock64>}> : () -> i64
      %83 = "cuda.read_sreg"() <{register = #cuda<sreg smid>}> : () -> i32
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "ptx_level_ops"} : () -> ()
    "cuda.global_var"() <{count = 4 : i64, element_type = f32, initial_value = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>, space = #cuda<space constant>, sym_name = "coeffs"}> : () -> ()
    "cuda.global_var"() <{count = 1 : i64, element_type = i32, space = #cuda<space global>, sym_name = "counter"}> : () -> ()
    "cuda.global_var"() <{alignment = 8 : i64, count = 16 : i64, element_type = i8, space = #cuda<space global>, sym_name = "aligned_bytes"}> : () -> ()
    "gpu.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, f32, i1) -> ()}> ({
    ^bb0(%arg3: !ptr.ptr<#ptr.generic_space>, %arg4: !ptr.ptr<#ptr.generic_space>, %arg5: f32, %arg6: i1):
      %8 = "cuda.thread_idx"() <{dimension = #cuda<dim x>}> : () -> i32
      %9 = "cuda.thread_idx"() <{dimension = #cuda<dim y>}> : () -> i32
      %10 = "cuda.block_idx"() <{dimension = #cuda<dim x>}> : () -> i32
      %11 = "cuda.block_idx"() <{dimension = #cuda<dim z>}> : () -> i32
      %12 = "cuda.block_dim"() <{dimension = #cuda<dim x>}> : () -> i32
      %13 = "cuda.grid_dim"() <{dimension = #cuda<dim x>}> : () -> i32
      %14 = "cuda.lane_id"() : () -> i32
      %15 = "cuda.warp_size"() : () -> i32
      %16 = "arith.constant"() <{value = -1 : i32}> : () -> i32
      %17 = "arith.constant"() <{value = 1 : i32}> : () -> i32
      %18 = "arith.constant"() <{value = 16 : i32}> : () -> i32
      %19 = "cuda.ldg"(%arg3) : (!ptr.ptr<#ptr.generic_space>) -> f32
      %20 = "cuda.ldg"(%arg3) : (!ptr.ptr<#ptr.generic_space>) -> vector<4xf32>
      %21 = "cuda.shfl_sync"(%16, %19, %17) <{mode = #cuda<shfl_mode down>}> : (i32, f32, i32) -> f32
      %22 = "cuda.shfl_sync"(%16, %19, %17, %18) <{mode = #cuda<shfl_mode xor>}> : (i32, f32, i32, i32) -> f32
      %23 = "cuda.shfl_sync"(%16, %8, %14) <{mode = #cuda<shfl_mode idx>}> : (i32, i32, i32) -> i32
      %24 = "cuda.shfl_sync"(%16, %arg5, %17, %15) <{mode = #cuda<shfl_mode up>}> : (i32, f32, i32, i32) -> f32
      %25 = "cuda.vote_sync"(%16, %arg6) <{mode = #cuda<vote_mode any>}> : (i32, i1) -> i1
      %26 = "cuda.vote_sync"(%16, %arg6) <{mode = #cuda<vote_mode all>}> : (i32, i1) -> i1
      %27 = "cuda.vote_sync"(%16, %arg6) <{mode = #cuda<vote_mode uni>}> : (i32, i1) -> i1
      %28 = "cuda.vote_sync"(%16, %arg6) <{mode = #cuda<vote_mode ballot>}> : (i32, i1) -> i32
      "cuda.syncwarp"(%16) : (i32) -> ()
      %29 = "cuda.shared_alloc"() <{count = 256 : i64, element_type = f32, name = "tile"}> : () -> !ptr.ptr<#ptr.generic_space>
      %30 = "cuda.shared_alloc"() <{alignment = 16 : i64, count = 32 : i64, element_type = vector<4xf32>, name = "tile4"}> : () -> !ptr.ptr<#ptr.generic_space>
      %31 = "cuda.dynamic_shared"() : () -> !ptr.ptr<#ptr.generic_space>
      "ptr.store"(%19, %29) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      "cuda.syncthreads"() : () -> ()
      %32 = "cuda.syncthreads_count"(%arg6) : (i1) -> i32
      %33 = "cuda.syncthreads_and"(%arg6) : (i1) -> i32
      %34 = "cuda.syncthreads_or"(%arg6) : (i1) -> i32
      %35 = "cuda.atomic_rmw"(%arg4, %19) <{kind = #cuda<atomic_kind add>}> : (!ptr.ptr<#ptr.generic_space>, f32) -> f32
      %36 = "cuda.atomic_rmw"(%arg4, %8) <{kind = #cuda<atomic_kind sub>, scope = #cuda<scope block>}> : (!ptr.ptr<#ptr.generic_space>, i32) -> i32
      %37 = "cuda.atomic_rmw"(%arg4, %8) <{kind = #cuda<atomic_kind min>}> : (!ptr.ptr<#ptr.generic_space>, i32) -> i32
      %38 = "cuda.atomic_rmw"(%arg4, %8) <{kind = #cuda<atomic_kind max>, scope = #cuda<scope system>}> : (!ptr.ptr<#ptr.generic_space>, i32) -> i32
      %39 = "cuda.atomic_rmw"(%arg4, %8) <{kind = #cuda<atomic_kind umin>}> : (!ptr.ptr<#ptr.generic_space>, i32) -> i32
      %40 = "cuda.atomic_rmw"(%arg4, %8) <{kind = #cuda<atomic_kind umax>}> : (!ptr.ptr<#ptr.generic_space>, i32) -> i32
      %41 = "cuda.atomic_rmw"(%arg4, %8) <{kind = #cuda<atomic_kind and>}> : (!ptr.ptr<#ptr.generic_space>, i32) -> i32
      %42 = "cuda.atomic_rmw"(%arg4, %8) <{kind = #cuda<atomic_kind or>}> : (!ptr.ptr<#ptr.generic_space>, i32) -> i32
      %43 = "cuda.atomic_rmw"(%arg4, %8) <{kind = #cuda<atomic_kind xor>}> : (!ptr.ptr<#ptr.generic_space>, i32) -> i32
      %44 = "cuda.atomic_rmw"(%arg4, %arg5) <{kind = #cuda<atomic_kind exch>}> : (!ptr.ptr<#ptr.generic_space>, f32) -> f32
      %45 = "cuda.atomic_rmw"(%arg4, %15) <{kind = #cuda<atomic_kind inc>}> : (!ptr.ptr<#ptr.generic_space>, i32) -> i32
      %46 = "cuda.atomic_rmw"(%arg4, %15) <{kind = #cuda<atomic_kind dec>}> : (!ptr.ptr<#ptr.generic_space>, i32) -> i32
      %47 = "cuda.atomic_cas"(%arg4, %8, %17) : (!ptr.ptr<#ptr.generic_space>, i32, i32) -> i32
      %48 = "cuda.atomic_cas"(%arg4, %8, %17) <{scope = #cuda<scope block>}> : (!ptr.ptr<#ptr.generic_space>, i32, i32) -> i32
      "cuda.threadfence"() : () -> ()
      "cuda.threadfence"() <{scope = #cuda<scope block>}> : () -> ()
      "cuda.threadfence"() <{scope = #cuda<scope system>}> : () -> ()
      %49 = "cuda.global_addr"() <{global_name = @coeffs}> : () -> !ptr.ptr<#ptr.generic_space>
      %50 = "cuda.ldg"(%49) : (!ptr.ptr<#ptr.generic_space>) -> f32
      %51 = "cuda.fast_math"(%arg5) <{intrinsic = #cuda<fast_math __expf>}> : (f32) -> f32
      %52 = "cuda.fast_math"(%arg5) <{intrinsic = #cuda<fast_math __exp10f>}> : (f32) -> f32
      %53 = "cuda.fast_math"(%arg5) <{intrinsic = #cuda<fast_math __logf>}> : (f32) -> f32
      %54 = "cuda.fast_math"(%arg5) <{intrinsic = #cuda<fast_math __log2f>}> : (f32) -> f32
      %55 = "cuda.fast_math"(%arg5) <{intrinsic = #cuda<fast_math __log10f>}> : (f32) -> f32
      %56 = "cuda.fast_math"(%arg5) <{intrinsic = #cuda<fast_math __sinf>}> : (f32) -> f32
      %57 = "cuda.fast_math"(%arg5) <{intrinsic = #cuda<fast_math __cosf>}> : (f32) -> f32
      %58 = "cuda.fast_math"(%arg5) <{intrinsic = #cuda<fast_math __tanf>}> : (f32) -> f32
      %59 = "cuda.fast_math"(%arg5, %50) <{intrinsic = #cuda<fast_math __powf>}> : (f32, f32) -> f32
      %60 = "cuda.fast_math"(%arg5, %50) <{intrinsic = #cuda<fast_math __fdividef>}> : (f32, f32) -> f32
      %61 = "cuda.global_addr"() <{global_name = @counter}> : () -> !ptr.ptr<#ptr.generic_space>
      %62 = "cuda.atomic_rmw"(%61, %17) <{kind = #cuda<atomic_kind add>}> : (!ptr.ptr<#ptr.generic_space>, i32) -> i32
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "all_cuda_ops"} : () -> ()
    "gpu.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, i64, f64) -> (i64, f64)}> ({
    ^bb0(%arg0: !ptr.ptr<#ptr.generic_space>, %arg1: i64, %arg2: f64):
      %0 = "arith.constant"() <{value = -1 : i32}> : () -> i32
      %1 = "arith.constant"() <{value = 2 : i32}> : () -> i32
      %2 = "cuda.shfl_sync"(%0, %arg2, %1) <{mode = #cuda<shfl_mode down>}> : (i32, f64, i32) -> f64
      %3 = "cuda.atomic_rmw"(%arg0, %arg1) <{kind = #cuda<atomic_kind add>}> : (!ptr.ptr<#ptr.generic_space>, i64) -> i64
      %4 = "cuda.atomic_rmw"(%arg0, %arg2) <{kind = #cuda<atomic_kind add>}> : (!ptr.ptr<#ptr.generic_space>, f64) -> f64
      %5 = "cuda.atomic_cas"(%arg0, %arg1, %3) : (!ptr.ptr<#ptr.generic_space>, i64, i64) -> i64
      %6 = "cuda.alloca"() <{count = 1 : i64, element_type = i64}> : () -> !ptr.ptr<#ptr.generic_space>
      %7 = "cuda.alloca"() <{alignment = 16 : i64, count = 4 : i64, element_type = f32}> : () -> !ptr.ptr<#ptr.generic_space>
      "gpu.return"(%5, %2) : (i64, f64) -> ()
    }) {sym_name = "device_fn"} : () -> ()
  }) : () -> ()
}) {gpu.container_module} : () -> ()
