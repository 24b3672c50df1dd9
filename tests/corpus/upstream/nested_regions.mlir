// nested_regions: scf.while/scf.if/scf.for nested inside gpu.func inside gpu.module, gpu.launch with nested scf, multi-block regions inside nested ops; shows generic-form SSA numbering across nested regions
"builtin.module"() ({
  "gpu.module"() <{sym_name = "deep"}> ({
    "gpu.func"() <{function_type = (memref<?xf32>, index, i1) -> ()}> ({
    ^bb0(%arg16: memref<?xf32>, %arg17: index, %arg18: i1):
      %2 = "arith.constant"() <{value = 0 : index}> : () -> index
      %3 = "arith.constant"() <{value = 1 : index}> : () -> index
      %4 = "arith.constant"() <{value = 0.000000e+00 : f32}> : () -> f32
      %5 = "gpu.thread_id"() <{dimension = #gpu<dim x>}> : () -> index
      %6 = "scf.for"(%2, %arg17, %3, %4) ({
      ^bb0(%arg19: index, %arg20: f32):
        %7 = "scf.if"(%arg18) ({
          %10:2 = "scf.while"(%arg19, %arg20) ({
          ^bb0(%arg27: index, %arg28: f32):
            %15 = "arith.cmpi"(%arg27, %arg17) <{predicate = 6 : i64}> : (index, index) -> i1
            "scf.condition"(%15, %arg27, %arg28) : (i1, index, f32) -> ()
          }, {
          ^bb0(%arg23: index, %arg24: f32):
            %11 = "scf.for"(%2, %arg23, %3, %arg24) ({
            ^bb0(%arg25: index, %arg26: f32):
              %13 = "scf.execute_region"() ({
                "cf.cond_br"(%arg18)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
              ^bb1:  // pred: ^bb0
                %14 = "arith.addf"(%arg26, %arg26) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
                "scf.yield"(%14) : (f32) -> ()
              ^bb2:  // pred: ^bb0
                "scf.yield"(%arg26) : (f32) -> ()
              }) : () -> f32
              "scf.yield"(%13) : (f32) -> ()
            }) : (index, index, index, f32) -> f32
            %12 = "arith.addi"(%arg23, %3) <{overflowFlags = #arith.overflow<none>}> : (index, index) -> index
            "scf.yield"(%12, %11) : (index, f32) -> ()
          }) : (index, f32) -> (index, f32)
          "scf.yield"(%10#1) : (f32) -> ()
        }, {
          %8 = "gpu.all_reduce"(%arg20) ({
          ^bb0(%arg21: f32, %arg22: f32):
            %9 = "arith.addf"(%arg21, %arg22) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
            "gpu.yield"(%9) : (f32) -> ()
          }) : (f32) -> f32
          "scf.yield"(%8) : (f32) -> ()
        }) : (i1) -> f32
        "scf.yield"(%7) : (f32) -> ()
      }) : (index, index, index, f32) -> f32
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "kernel", workgroup_attributions = 0 : i64} : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = (memref<?xf32>, index, i1) -> (), sym_name = "host"}> ({
  ^bb0(%arg0: memref<?xf32>, %arg1: index, %arg2: i1):
    %0 = "arith.constant"() <{value = 1 : index}> : () -> index
    "gpu.launch"(%0, %0, %0, %arg1, %0, %0) <{operandSegmentSizes = array<i32: 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0>}> ({
    ^bb0(%arg3: index, %arg4: index, %arg5: index, %arg6: index, %arg7: index, %arg8: index, %arg9: index, %arg10: index, %arg11: index, %arg12: index, %arg13: index, %arg14: index):
      "scf.if"(%arg2) ({
        "scf.for"(%arg6, %arg1, %arg12) ({
        ^bb0(%arg15: index):
          %1 = "arith.addi"(%arg15, %arg3) <{overflowFlags = #arith.overflow<none>}> : (index, index) -> index
          "scf.yield"() : () -> ()
        }) : (index, index, index) -> ()
        "scf.yield"() : () -> ()
      }, {
      }) : (i1) -> ()
      "gpu.terminator"() : () -> ()
    }) {workgroup_attributions = 0 : i64} : (index, index, index, index, index, index) -> ()
    "gpu.launch_func"(%0, %0, %0, %arg1, %0, %0, %arg0, %arg1, %arg2) <{kernel = @deep::@kernel, operandSegmentSizes = array<i32: 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 3, 0>}> : (index, index, index, index, index, index, memref<?xf32>, index, i1) -> ()
    "func.return"() : () -> ()
  }) : () -> ()
}) {gpu.container_module} : () -> ()
