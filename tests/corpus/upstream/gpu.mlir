// gpu: gpu.module, gpu.func (kernel/device, attributions, known sizes), return, id/dim ops, lane/subgroup ops, barrier, shuffle, subgroup_reduce, all_reduce/yield, printf, dynamic_shared_memory, launch_func, launch/terminator, async tokens
"builtin.module"() ({
  "gpu.module"() <{sym_name = "kernels"}> ({
    "gpu.func"() <{function_type = (f32, memref<4xf32>, i32) -> (), known_block_size = array<i32: 32, 1, 1>}> ({
    ^bb0(%arg62: f32, %arg63: memref<4xf32>, %arg64: i32, %arg65: memref<32xf32, #gpu.address_space<workgroup>>, %arg66: memref<1xf32, #gpu.address_space<private>>):
      %6 = "gpu.thread_id"() <{dimension = #gpu<dim x>}> : () -> index
      %7 = "gpu.thread_id"() <{dimension = #gpu<dim y>, upper_bound = 64 : index}> : () -> index
      %8 = "gpu.thread_id"() <{dimension = #gpu<dim z>}> : () -> index
      %9 = "gpu.block_id"() <{dimension = #gpu<dim x>}> : () -> index
      %10 = "gpu.block_id"() <{dimension = #gpu<dim y>}> : () -> index
      %11 = "gpu.block_id"() <{dimension = #gpu<dim z>, upper_bound = 1024 : index}> : () -> index
      %12 = "gpu.block_dim"() <{dimension = #gpu<dim x>}> : () -> index
      %13 = "gpu.block_dim"() <{dimension = #gpu<dim y>, upper_bound = 8 : index}> : () -> index
      %14 = "gpu.grid_dim"() <{dimension = #gpu<dim x>}> : () -> index
      %15 = "gpu.grid_dim"() <{dimension = #gpu<dim z>}> : () -> index
      %16 = "gpu.global_id"() <{dimension = #gpu<dim x>}> : () -> index
      %17 = "gpu.global_id"() <{dimension = #gpu<dim y>, upper_bound = 4096 : index}> : () -> index
      %18 = "gpu.lane_id"() : () -> index
      %19 = "gpu.lane_id"() <{upper_bound = 32 : index}> : () -> index
      %20 = "gpu.subgroup_id"() : () -> index
      %21 = "gpu.subgroup_size"() : () -> index
      %22 = "gpu.num_subgroups"() : () -> index
      %23 = "gpu.subgroup_size"() <{upper_bound = 64 : index}> : () -> index
      %24 = "gpu.subgroup_id"() <{upper_bound = 16 : index}> : () -> index
      %25 = "gpu.num_subgroups"() <{upper_bound = 16 : index}> : () -> index
      "gpu.barrier"() : () -> ()
      %26 = "arith.constant"() <{value = 32 : i32}> : () -> i32
      %27 = "arith.constant"() <{value = 1 : i32}> : () -> i32
      %28:2 = "gpu.shuffle"(%arg62, %27, %26) <{mode = #gpu<shuffle_mode xor>}> : (f32, i32, i32) -> (f32, i1)
      %29:2 = "gpu.shuffle"(%arg62, %27, %26) <{mode = #gpu<shuffle_mode up>}> : (f32, i32, i32) -> (f32, i1)
      %30:2 = "gpu.shuffle"(%arg64, %27, %26) <{mode = #gpu<shuffle_mode down>}> : (i32, i32, i32) -> (i32, i1)
      %31:2 = "gpu.shuffle"(%arg62, %27, %26) <{mode = #gpu<shuffle_mode idx>}> : (f32, i32, i32) -> (f32, i1)
      %32 = "gpu.subgroup_reduce"(%arg62) <{cluster_stride = 1 : i32, op = #gpu<all_reduce_op add>}> : (f32) -> f32
      %33 = "gpu.subgroup_reduce"(%arg62) <{cluster_stride = 1 : i32, op = #gpu<all_reduce_op mul>, uniform}> : (f32) -> f32
      %34 = "gpu.subgroup_reduce"(%arg62) <{cluster_size = 4 : i32, cluster_stride = 1 : i32, op = #gpu<all_reduce_op maxnumf>}> : (f32) -> f32
      %35 = "gpu.subgroup_reduce"(%arg62) <{cluster_size = 8 : i32, cluster_stride = 2 : i32, op = #gpu<all_reduce_op minimumf>, uniform}> : (f32) -> f32
      %36 = "gpu.subgroup_reduce"(%arg64) <{cluster_stride = 1 : i32, op = #gpu<all_reduce_op and>}> : (i32) -> i32
      %37 = "gpu.subgroup_reduce"(%arg64) <{cluster_stride = 1 : i32, op = #gpu<all_reduce_op xor>}> : (i32) -> i32
      %38 = "gpu.all_reduce"(%arg62) <{op = #gpu<all_reduce_op add>}> ({
      }) : (f32) -> f32
      %39 = "gpu.all_reduce"(%arg64) <{op = #gpu<all_reduce_op maxsi>, uniform}> ({
      }) : (i32) -> i32
      %40 = "gpu.all_reduce"(%arg62) <{uniform}> ({
      ^bb0(%arg67: f32, %arg68: f32):
        %42 = "arith.addf"(%arg67, %arg68) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
        "gpu.yield"(%42) : (f32) -> ()
      }) : (f32) -> f32
      "gpu.printf"(%6, %arg62) <{format = "tid=%lld val=%f\0A"}> : (index, f32) -> ()
      "gpu.printf"() <{format = "no args"}> : () -> ()
      %41 = "gpu.dynamic_shared_memory"() : () -> memref<?xi8, #gpu.address_space<workgroup>>
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "kernel", workgroup_attributions = 1 : i64} : () -> ()
    "gpu.func"() <{function_type = (f32) -> f32}> ({
    ^bb0(%arg61: f32):
      "gpu.return"(%arg61) : (f32) -> ()
    }) {sym_name = "device", workgroup_attributions = 0 : i64} : () -> ()
    "gpu.func"() <{function_type = () -> (), known_cluster_size = array<i32: 1, 1, 1>, known_grid_size = array<i32: 2, 1, 1>}> ({
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "empty_kernel", workgroup_attributions = 0 : i64} : () -> ()
  }) : () -> ()
  "gpu.module"() <{offloadingHandler = #gpu.select_object<0 : i64>, sym_name = "handled"}> ({
  ^bb0:
  }) {corpus.tag} : () -> ()
  "func.func"() <{function_type = (f32, memref<4xf32>, index, !gpu.async.token, i32) -> (), sym_name = "host"}> ({
  ^bb0(%arg0: f32, %arg1: memref<4xf32>, %arg2: index, %arg3: !gpu.async.token, %arg4: i32):
    %0 = "arith.constant"() <{value = 1 : index}> : () -> index
    %1 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    "gpu.launch_func"(%0, %0, %0, %arg2, %0, %0, %arg0, %arg1, %arg4) <{kernel = @kernels::@kernel, operandSegmentSizes = array<i32: 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 3, 0>}> : (index, index, index, index, index, index, f32, memref<4xf32>, i32) -> ()
    "gpu.launch_func"(%0, %0, %0, %arg2, %0, %0, %1, %arg0, %arg1, %arg4) <{kernel = @kernels::@kernel, operandSegmentSizes = array<i32: 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 3, 0>}> : (index, index, index, index, index, index, i32, f32, memref<4xf32>, i32) -> ()
    %2 = "gpu.launch_func"(%arg3, %0, %0, %0, %arg2, %0, %0, %0, %0, %0) <{kernel = @kernels::@empty_kernel, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0>}> : (!gpu.async.token, index, index, index, index, index, index, index, index, index) -> !gpu.async.token
    "gpu.launch"(%0, %0, %0, %arg2, %0, %0) <{operandSegmentSizes = array<i32: 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0>}> ({
    ^bb0(%arg49: index, %arg50: index, %arg51: index, %arg52: index, %arg53: index, %arg54: index, %arg55: index, %arg56: index, %arg57: index, %arg58: index, %arg59: index, %arg60: index):
      %5 = "arith.addf"(%arg0, %arg0) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
      "gpu.terminator"() : () -> ()
    }) {workgroup_attributions = 0 : i64} : (index, index, index, index, index, index) -> ()
    %3 = "gpu.launch"(%arg3, %2, %0, %0, %0, %arg2, %0, %0, %1) <{operandSegmentSizes = array<i32: 2, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1>}> ({
    ^bb0(%arg37: index, %arg38: index, %arg39: index, %arg40: index, %arg41: index, %arg42: index, %arg43: index, %arg44: index, %arg45: index, %arg46: index, %arg47: index, %arg48: index):
      "gpu.terminator"() : () -> ()
    }) {workgroup_attributions = 0 : i64} : (!gpu.async.token, !gpu.async.token, index, index, index, index, index, index, i32) -> !gpu.async.token
    "gpu.launch"(%0, %0, %0, %arg2, %0, %0) <{function = @body, module = @outlined, operandSegmentSizes = array<i32: 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0>}> ({
    ^bb0(%arg25: index, %arg26: index, %arg27: index, %arg28: index, %arg29: index, %arg30: index, %arg31: index, %arg32: index, %arg33: index, %arg34: index, %arg35: index, %arg36: index):
      "gpu.terminator"() : () -> ()
    }) {workgroup_attributions = 0 : i64} : (index, index, index, index, index, index) -> ()
    "gpu.launch"(%0, %0, %0, %arg2, %0, %0, %0, %0, %0) <{operandSegmentSizes = array<i32: 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0>}> ({
    ^bb0(%arg5: index, %arg6: index, %arg7: index, %arg8: index, %arg9: index, %arg10: index, %arg11: index, %arg12: index, %arg13: index, %arg14: index, %arg15: index, %arg16: index, %arg17: index, %arg18: index, %arg19: index, %arg20: index, %arg21: index, %arg22: index, %arg23: memref<4xf32, #gpu.address_space<workgroup>>, %arg24: memref<2xf32, #gpu.address_space<private>>):
      %4 = "gpu.thread_id"() <{dimension = #gpu<dim x>}> : () -> index
      "gpu.terminator"() : () -> ()
    }) {workgroup_attributions = 1 : i64} : (index, index, index, index, index, index, index, index, index) -> ()
    "func.return"() : () -> ()
  }) : () -> ()
}) {gpu.container_module} : () -> ()
