// ptr: every op of the ptr dialect (MLIR 22): type_offset, ptr_add, ptr_diff, constant (#ptr.null, #ptr.address), to_ptr/get_metadata/from_ptr, load/store (all flags and orderings), gather/scatter, masked_load/masked_store; !ptr.ptr / !ptr.ptr_metadata types
"builtin.module"() ({
  "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, vector<4x!ptr.ptr<#ptr.generic_space>>) -> !ptr.ptr<#ptr.generic_space>, sym_name = "arith_like"}> ({
  ^bb0(%arg13: !ptr.ptr<#ptr.generic_space>, %arg14: !ptr.ptr<#ptr.generic_space>, %arg15: vector<4x!ptr.ptr<#ptr.generic_space>>):
    %24 = "ptr.type_offset"() <{elementType = f32}> : () -> index
    %25 = "ptr.type_offset"() <{elementType = vector<4xf32>}> : () -> i32
    %26 = "ptr.ptr_add"(%arg13, %24) <{flags = 0 : i32}> : (!ptr.ptr<#ptr.generic_space>, index) -> !ptr.ptr<#ptr.generic_space>
    %27 = "ptr.ptr_add"(%arg13, %24) <{flags = 1 : i32}> : (!ptr.ptr<#ptr.generic_space>, index) -> !ptr.ptr<#ptr.generic_space>
    %28 = "ptr.ptr_add"(%arg13, %25) <{flags = 2 : i32}> : (!ptr.ptr<#ptr.generic_space>, i32) -> !ptr.ptr<#ptr.generic_space>
    %29 = "ptr.ptr_add"(%arg13, %24) <{flags = 3 : i32}> : (!ptr.ptr<#ptr.generic_space>, index) -> !ptr.ptr<#ptr.generic_space>
    %30 = "ptr.ptr_add"(%arg15, %24) <{flags = 0 : i32}> : (vector<4x!ptr.ptr<#ptr.generic_space>>, index) -> vector<4x!ptr.ptr<#ptr.generic_space>>
    %31 = "ptr.ptr_diff"(%arg13, %arg14) <{flags = 0 : i8}> : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> i64
    %32 = "ptr.ptr_diff"(%arg13, %arg14) <{flags = 1 : i8}> : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> i64
    %33 = "ptr.ptr_diff"(%arg13, %arg14) <{flags = 2 : i8}> : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> index
    %34 = "ptr.ptr_diff"(%arg13, %arg14) <{flags = 3 : i8}> : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> i32
    %35 = "ptr.ptr_diff"(%arg15, %arg15) <{flags = 0 : i8}> : (vector<4x!ptr.ptr<#ptr.generic_space>>, vector<4x!ptr.ptr<#ptr.generic_space>>) -> vector<4xi64>
    %36 = "ptr.constant"() <{value = #ptr.null : !ptr.ptr<#ptr.generic_space>}> : () -> !ptr.ptr<#ptr.generic_space>
    %37 = "ptr.constant"() <{value = #ptr.address<4096> : !ptr.ptr<#ptr.generic_space>}> : () -> !ptr.ptr<#ptr.generic_space>
    "func.return"(%29) : (!ptr.ptr<#ptr.generic_space>) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (memref<f32, #ptr.generic_space>, memref<?x4xi8, #ptr.generic_space>) -> memref<f32, #ptr.generic_space>, sym_name = "casts"}> ({
  ^bb0(%arg11: memref<f32, #ptr.generic_space>, %arg12: memref<?x4xi8, #ptr.generic_space>):
    %17 = "ptr.to_ptr"(%arg11) : (memref<f32, #ptr.generic_space>) -> !ptr.ptr<#ptr.generic_space>
    %18 = "ptr.get_metadata"(%arg11) : (memref<f32, #ptr.generic_space>) -> !ptr.ptr_metadata<memref<f32, #ptr.generic_space>>
    %19 = "ptr.from_ptr"(%17, %18) : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr_metadata<memref<f32, #ptr.generic_space>>) -> memref<f32, #ptr.generic_space>
    %20 = "ptr.from_ptr"(%17) : (!ptr.ptr<#ptr.generic_space>) -> memref<f32, #ptr.generic_space>
    %21 = "ptr.get_metadata"(%arg12) : (memref<?x4xi8, #ptr.generic_space>) -> !ptr.ptr_metadata<memref<?x4xi8, #ptr.generic_space>>
    %22 = "ptr.to_ptr"(%arg12) : (memref<?x4xi8, #ptr.generic_space>) -> !ptr.ptr<#ptr.generic_space>
    %23 = "ptr.from_ptr"(%22, %21) : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr_metadata<memref<?x4xi8, #ptr.generic_space>>) -> memref<?x4xi8, #ptr.generic_space>
    "func.return"(%19) : (memref<f32, #ptr.generic_space>) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, f32, i64, i32) -> (f32, i64), sym_name = "memory"}> ({
  ^bb0(%arg7: !ptr.ptr<#ptr.generic_space>, %arg8: f32, %arg9: i64, %arg10: i32):
    %5 = "ptr.load"(%arg7) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> f32
    %6 = "ptr.load"(%arg7) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_}> : (!ptr.ptr<#ptr.generic_space>) -> f32
    %7 = "ptr.load"(%arg7) <{alignment = [], invariant = false, invariantGroup = false, nontemporal, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> f32
    %8 = "ptr.load"(%arg7) <{alignment = [], invariant, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> f32
    %9 = "ptr.load"(%arg7) <{alignment = [], invariant = false, invariantGroup, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> f32
    %10 = "ptr.load"(%arg7) <{alignment = [16], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> f32
    %11 = "ptr.load"(%arg7) <{alignment = [8], invariant = false, invariantGroup = false, nontemporal = false, ordering = 1 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> i64
    %12 = "ptr.load"(%arg7) <{alignment = [8], invariant = false, invariantGroup = false, nontemporal = false, ordering = 2 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> i64
    %13 = "ptr.load"(%arg7) <{alignment = [8], invariant = false, invariantGroup = false, nontemporal = false, ordering = 3 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> i64
    %14 = "ptr.load"(%arg7) <{alignment = [8], invariant = false, invariantGroup = false, nontemporal = false, ordering = 6 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> i64
    %15 = "ptr.load"(%arg7) <{alignment = [4], invariant = false, invariantGroup = false, nontemporal, ordering = 3 : i32, syncscope = "workgroup", volatile_}> : (!ptr.ptr<#ptr.generic_space>) -> i32
    %16 = "ptr.load"(%arg7) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> !ptr.ptr<#ptr.generic_space>
    "ptr.store"(%arg8, %arg7) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
    "ptr.store"(%arg8, %arg7) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_}> : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
    "ptr.store"(%arg8, %arg7) <{alignment = [], invariantGroup = false, nontemporal, ordering = 0 : i32, volatile_ = false}> : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
    "ptr.store"(%arg8, %arg7) <{alignment = [], invariantGroup, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
    "ptr.store"(%arg8, %arg7) <{alignment = [4], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
    "ptr.store"(%arg9, %arg7) <{alignment = [8], invariantGroup = false, nontemporal = false, ordering = 1 : i32, volatile_ = false}> : (i64, !ptr.ptr<#ptr.generic_space>) -> ()
    "ptr.store"(%arg9, %arg7) <{alignment = [8], invariantGroup = false, nontemporal = false, ordering = 2 : i32, volatile_ = false}> : (i64, !ptr.ptr<#ptr.generic_space>) -> ()
    "ptr.store"(%arg9, %arg7) <{alignment = [8], invariantGroup = false, nontemporal = false, ordering = 4 : i32, volatile_ = false}> : (i64, !ptr.ptr<#ptr.generic_space>) -> ()
    "ptr.store"(%arg9, %arg7) <{alignment = [8], invariantGroup = false, nontemporal = false, ordering = 6 : i32, volatile_ = false}> : (i64, !ptr.ptr<#ptr.generic_space>) -> ()
    "ptr.store"(%arg10, %arg7) <{alignment = [4], invariantGroup = false, nontemporal, ordering = 4 : i32, syncscope = "agent", volatile_}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "func.return"(%5, %14) : (f32, i64) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, vector<4x!ptr.ptr<#ptr.generic_space>>, vector<4xi1>, vector<4xf32>, tensor<8x!ptr.ptr<#ptr.generic_space>>, tensor<8xi1>, tensor<8xi32>) -> vector<4xf32>, sym_name = "vector_memory"}> ({
  ^bb0(%arg0: !ptr.ptr<#ptr.generic_space>, %arg1: vector<4x!ptr.ptr<#ptr.generic_space>>, %arg2: vector<4xi1>, %arg3: vector<4xf32>, %arg4: tensor<8x!ptr.ptr<#ptr.generic_space>>, %arg5: tensor<8xi1>, %arg6: tensor<8xi32>):
    %0 = "ptr.gather"(%arg1, %arg2, %arg3) <{alignment = []}> : (vector<4x!ptr.ptr<#ptr.generic_space>>, vector<4xi1>, vector<4xf32>) -> vector<4xf32>
    %1 = "ptr.gather"(%arg1, %arg2, %arg3) <{alignment = [8]}> : (vector<4x!ptr.ptr<#ptr.generic_space>>, vector<4xi1>, vector<4xf32>) -> vector<4xf32>
    %2 = "ptr.gather"(%arg4, %arg5, %arg6) <{alignment = [4]}> : (tensor<8x!ptr.ptr<#ptr.generic_space>>, tensor<8xi1>, tensor<8xi32>) -> tensor<8xi32>
    "ptr.scatter"(%arg3, %arg1, %arg2) <{alignment = []}> : (vector<4xf32>, vector<4x!ptr.ptr<#ptr.generic_space>>, vector<4xi1>) -> ()
    "ptr.scatter"(%arg6, %arg4, %arg5) <{alignment = [16]}> : (tensor<8xi32>, tensor<8x!ptr.ptr<#ptr.generic_space>>, tensor<8xi1>) -> ()
    %3 = "ptr.masked_load"(%arg0, %arg2, %arg3) <{alignment = []}> : (!ptr.ptr<#ptr.generic_space>, vector<4xi1>, vector<4xf32>) -> vector<4xf32>
    %4 = "ptr.masked_load"(%arg0, %arg5, %arg6) <{alignment = [16]}> : (!ptr.ptr<#ptr.generic_space>, tensor<8xi1>, tensor<8xi32>) -> tensor<8xi32>
    "ptr.masked_store"(%arg3, %arg0, %arg2) <{alignment = []}> : (vector<4xf32>, !ptr.ptr<#ptr.generic_space>, vector<4xi1>) -> ()
    "ptr.masked_store"(%arg6, %arg0, %arg5) <{alignment = [32]}> : (tensor<8xi32>, !ptr.ptr<#ptr.generic_space>, tensor<8xi1>) -> ()
    "func.return"(%0) : (vector<4xf32>) -> ()
  }) : () -> ()
}) : () -> ()
