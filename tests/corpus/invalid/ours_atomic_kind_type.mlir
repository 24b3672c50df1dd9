// EXPECT: 5:10 'cuda.atomic_rmw' op atomic 'inc' is not defined on 'f32'
"builtin.module"() ({
  "func.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, f32) -> f32, sym_name = "atomic"}> ({
  ^bb0(%arg0: !ptr.ptr<#ptr.generic_space>, %arg1: f32):
    %0 = "cuda.atomic_rmw"(%arg0, %arg1) <{kind = #cuda<atomic_kind inc>}> : (!ptr.ptr<#ptr.generic_space>, f32) -> f32
    "func.return"(%0) : (f32) -> ()
  }) : () -> ()
}) : () -> ()
