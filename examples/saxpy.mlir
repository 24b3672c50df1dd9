// saxpy as a gpu.func: y[i] = a * x[i] + y[i] for i = blockIdx.x * blockDim.x + threadIdx.x < n.
"builtin.module"() ({
  "gpu.module"() <{sym_name = "kernels"}> ({
    "gpu.func"() <{function_type = (f32, !ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, index) -> ()}> ({
    ^bb0(%a: f32, %x: !ptr.ptr<#ptr.generic_space>, %y: !ptr.ptr<#ptr.generic_space>, %n: index):
      %tid = "gpu.thread_id"() <{dimension = #gpu<dim x>}> : () -> index
      %bid = "gpu.block_id"() <{dimension = #gpu<dim x>}> : () -> index
      %bdim = "gpu.block_dim"() <{dimension = #gpu<dim x>}> : () -> index
      %base = "arith.muli"(%bid, %bdim) <{overflowFlags = #arith.overflow<none>}> : (index, index) -> index
      %i = "arith.addi"(%base, %tid) <{overflowFlags = #arith.overflow<none>}> : (index, index) -> index
      %inside = "arith.cmpi"(%i, %n) <{predicate = 6 : i64}> : (index, index) -> i1
      "scf.if"(%inside) ({
        %size = "ptr.type_offset"() <{elementType = f32}> : () -> index
        %off = "arith.muli"(%i, %size) <{overflowFlags = #arith.overflow<none>}> : (index, index) -> index
        %px = "ptr.ptr_add"(%x, %off) <{flags = 0 : i32}> : (!ptr.ptr<#ptr.generic_space>, index) -> !ptr.ptr<#ptr.generic_space>
        %py = "ptr.ptr_add"(%y, %off) <{flags = 0 : i32}> : (!ptr.ptr<#ptr.generic_space>, index) -> !ptr.ptr<#ptr.generic_space>
        %xv = "ptr.load"(%px) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> f32
        %yv = "ptr.load"(%py) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (!ptr.ptr<#ptr.generic_space>) -> f32
        %ax = "arith.mulf"(%a, %xv) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
        %r = "arith.addf"(%ax, %yv) <{fastmath = #arith.fastmath<none>}> : (f32, f32) -> f32
        "ptr.store"(%r, %py) <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}> : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
        "scf.yield"() : () -> ()
      }, {
      }) : (i1) -> ()
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "saxpy", workgroup_attributions = 0 : i64} : () -> ()
  }) : () -> ()
}) : () -> ()
