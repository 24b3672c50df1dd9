//! Module-level and function-level constructs: declarations, parameters,
//! variables in every state space, performance directives, labels and branches,
//! guards, jump tables, calls, scopes and locations.

mod common;
use common::{check, lower};

const MODULE: &str = r#"//
// a module with every kind of declaration
//
.version 8.3
.target sm_90, debug
.address_size 64
.file 1 "/src/k.cu"

.extern .func (.param .b32 func_retval0) vprintf(.param .b64 vprintf_param_0, .param .b64 vprintf_param_1);
.global .align 4 .b8 table[8] = {1, 2, 3};
.const .align 8 .f32 coeffs[2] = {0f3F800000, 2.5};
.global .u32 counter;
.extern .shared .align 16 .b8 dyn[];
.shared .align 4 .b8 tile[64];

.func (.param .b32 ret0) add1(.param .b32 x, .param .align 8 .b8 s[16])
{
  .reg .b32 %r<4>;
  ld.param.b32 %r1, [x];
  ld.param.b32 %r2, [s+12];
  add.s32 %r3, %r1, %r2;
  st.param.b32 [ret0], %r3;
  ret;
}

.visible .entry main_kernel(.param .u64 .ptr .global .align 4 out, .param .align 8 .b8 args[16])
  .maxntid 128, 1, 1
  .minnctapersm 2
{
  .reg .pred %p<3>;
  .reg .b32 %r<10>;
  .reg .b64 %rd<10>;
  .loc 1 10 3
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  mov.u64 %rd2, tile;
  ld.shared.u32 %r2, [tile+4];
  ld.global.u32 %r3, [table];
  ld.const.f32 %r4, [coeffs+4];
  ld.shared.u32 %r5, [dyn];
  {
    .param .b32 param0;
    .param .align 8 .b8 param1[16];
    .param .b32 retval0;
    st.param.b32 [param0], %r1;
    ld.param.v2.u32 {%r6, %r7}, [args];
    st.param.v2.b32 [param1+8], {%r6, %r7};
    call.uni (retval0), add1, (param0, param1);
    ld.param.b32 %r8, [retval0];
  }
  atom.global.add.u32 %r9, [counter], %r8;
  st.global.u32 [%rd1], %r9;
  ret;
}
"#;

const CONTROL: &str = r#".version 8.0
.target sm_80
.address_size 64
.visible .entry loop(.param .u64 out, .param .u32 n)
{
  .reg .pred %p<4>;
  .reg .b32 %r<10>;
  .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  ld.param.u32 %r1, [n];
  mov.u32 %r2, 0;
  mov.u32 %r3, 0;
$L__loop:
  setp.ge.s32 %p1, %r2, %r1;
  @%p1 bra $L__done;
  add.s32 %r3, %r3, %r2;
  @!%p1 add.s32 %r3, %r3, 1;
  and.b32 %r4, %r2, 3;
  setp.eq.s32 %p2, %r4, 0;
  @%p2 st.global.u32 [%rd1], %r3;
  add.s32 %r2, %r2, 1;
  bra.uni $L__loop;
$L__done:
  $L_brx: .branchtargets $L__a, $L__b, $L__done2;
  brx.idx %r4, $L_brx;
$L__a:
  @%p2 ret;
  st.global.u32 [%rd1+4], %r2;
$L__b:
  exit;
$L__done2:
  ret;
}
"#;

#[test]
fn module_functions_and_variables() {
    check(
        MODULE,
        r#"
// CHECK: "builtin.module"() ({
// CHECK-NEXT: "gpu.module"() <{sym_name = "t"}> ({
// CHECK-NEXT: "cuda.global_var"() <{alignment = 4 : i64, count = 8 : i64, element_type = i8, initial_value = dense<[1, 2, 3, 0, 0, 0, 0, 0]> : tensor<8xi8>, space = #cuda<space global>, sym_name = "table"}>
// CHECK-NEXT: "cuda.global_var"() <{alignment = 8 : i64, count = 2 : i64, element_type = f32, initial_value = dense<[1.000000e+00, 2.500000e+00]> : tensor<2xf32>, space = #cuda<space constant>, sym_name = "coeffs"}>
// CHECK-NEXT: "cuda.global_var"() <{count = 1 : i64, element_type = i32, space = #cuda<space global>, sym_name = "counter"}>
// COM: an .extern .func is a private declaration
// CHECK-NEXT: "func.func"() <{function_type = (i64, i64) -> i32, sym_name = "vprintf", sym_visibility = "private"}> ({
// CHECK-NEXT: })
// COM: a .func's return parameter is its result; a byte-array parameter a vector of bytes
// CHECK: "func.func"() <{function_type = (i32, vector<16xi8>) -> i32, sym_name = "add1", sym_visibility = "private"}>
// CHECK: %[[S:[0-9]+]] = "cuda.alloca"() <{alignment = 8 : i64, count = 16 : i64, element_type = i8}>
// CHECK: "ptr.store"(%{{.*}}, %[[S]]) : (vector<16xi8>, !ptr.ptr<#ptr.generic_space>) -> ()
// CHECK: %[[F:[0-9]+]] = "ptr.ptr_add"(%[[S]], %{{[0-9]+}})
// CHECK: %[[V:[0-9]+]] = "ptr.load"(%[[F]]) : (!ptr.ptr<#ptr.generic_space>) -> i32
// CHECK: %[[SUM:[0-9]+]] = "arith.addi"(%{{.*}}, %[[V]])
// CHECK: "func.return"(%[[SUM]]) : (i32) -> ()
// COM: a kernel's byte-array parameter is a pointer to the caller's copy (as CUDA's structs)
// CHECK: "gpu.func"() <{function_type = (i64, !ptr.ptr<#ptr.generic_space>) -> ()}>
// COM: the call sequence's .param variables are slots; the call passes and returns values
// CHECK: %[[P1:[0-9]+]] = "cuda.alloca"() <{alignment = 8 : i64, count = 16 : i64, element_type = i8}>
// CHECK: %[[CTR:[0-9]+]] = "cuda.global_addr"() <{global_name = @counter}>
// CHECK: %[[TID:[0-9]+]] = "cuda.thread_idx"() <{dimension = #cuda<dim x>}>
// CHECK: %[[ARGS:[0-9]+]] = "ptr.load"(%[[P1]]) : (!ptr.ptr<#ptr.generic_space>) -> vector<16xi8>
// CHECK: %[[R:[0-9]+]] = "func.call"(%[[TID]], %[[ARGS]]) <{callee = @add1}> : (i32, vector<16xi8>) -> i32
// CHECK: "cuda.atomic_rmw"(%[[CTR]], %[[R]]) <{kind = #cuda<atomic_kind add>}>
// CHECK: "gpu.return"() : () -> ()
// CHECK: }) {cuda.maxntid = array<i32: 128, 1, 1>, cuda.minnctapersm = 2 : i32, gpu.kernel, sym_name = "main_kernel"} : () -> ()
// CHECK: }) {gpu.container_module} : () -> ()
"#,
    );
}

#[test]
fn shared_local_and_symbol_addresses() {
    let src = format!(
        "{}.shared .align 4 .b8 tile[64];\n.extern .shared .align 16 .b8 dyn[];\n.visible .entry k(.param .u64 out) .reqntid 64\n{{\n.reg .b32 %r<8>;\n.reg .b64 %rd<8>;\n.local .align 4 .b8 first[4];\n.local .align 8 .b8 depot[16];\n.shared .align 4 .u32 fs[4];\nld.param.u64 %rd1, [out];\nmov.u32 %r1, tile;\nld.shared.u32 %r2, [%r1+8];\nld.shared.u32 %r3, [dyn+4];\nmov.u64 %rd2, depot;\ncvta.local.u64 %rd3, %rd2;\nst.local.u32 [depot+4], %r2;\nst.u32 [%rd3], %r3;\nld.shared.u32 %r4, [fs];\nld.u32 %r5, [tile];\nadd.s32 %r6, %r4, %r5;\nst.global.u32 [%rd1], %r6;\nret;\n}}\n",
        common::HEADER
    );
    check(
        &src,
        r#"
// CHECK: "gpu.func"() <{function_type = (i64) -> (), known_block_size = array<i32: 64, 1, 1>}>
// CHECK-DAG: %[[FIRST:[0-9]+]] = "cuda.alloca"() <{alignment = 4 : i64, count = 4 : i64, element_type = i8}> : () -> !ptr.ptr<#llvm.address_space<5>>
// CHECK-DAG: %[[DEPOT:[0-9]+]] = "cuda.alloca"() <{alignment = 8 : i64, count = 16 : i64, element_type = i8}> : () -> !ptr.ptr<#llvm.address_space<5>>
// CHECK-DAG: %[[FS:[0-9]+]] = "cuda.shared_alloc"() <{alignment = 4 : i64, count = 4 : i64, element_type = i32, name = "fs"}> : () -> !ptr.ptr<#llvm.address_space<3>>
// CHECK-DAG: %[[TILE:[0-9]+]] = "cuda.shared_alloc"() <{alignment = 4 : i64, count = 64 : i64, element_type = i8, name = "tile"}> : () -> !ptr.ptr<#llvm.address_space<3>>
// CHECK-DAG: %[[DYN:[0-9]+]] = "cuda.dynamic_shared"() : () -> !ptr.ptr<#llvm.address_space<3>>
// COM: a variable as a value is its address in its window: ptr_diff from the
// COM: window's origin, the function's first variable there (fs, first)
// CHECK: %[[TA:[0-9]+]] = "ptr.ptr_diff"(%[[TILE]], %[[FS]]) : (!ptr.ptr<#llvm.address_space<3>>, !ptr.ptr<#llvm.address_space<3>>) -> i32
// CHECK: "ptr.ptr_add"(%[[DYN]], %{{[0-9]+}})
// CHECK: "ptr.ptr_diff"(%[[DEPOT]], %[[FIRST]]) : (!ptr.ptr<#llvm.address_space<5>>, !ptr.ptr<#llvm.address_space<5>>) -> i64
// CHECK: "cuda.addrspace_cast"({{.*}}) : (!ptr.ptr<#llvm.address_space<5>>) -> !ptr.ptr<#ptr.generic_space>
// CHECK: "ptr.ptr_add"(%[[DEPOT]], %{{[0-9]+}})
// CHECK: "ptr.load"(%[[FS]]) : (!ptr.ptr<#llvm.address_space<3>>) -> i32
// COM: a shared variable in a generic access is its generic address
// CHECK: %[[GT:[0-9]+]] = "cuda.addrspace_cast"(%[[TILE]]) : (!ptr.ptr<#llvm.address_space<3>>) -> !ptr.ptr<#ptr.generic_space>
// CHECK: "ptr.load"(%[[GT]]) : (!ptr.ptr<#ptr.generic_space>) -> i32
"#,
    );
}

#[test]
fn branches_guards_and_jump_tables() {
    check(
        CONTROL,
        r#"
// CHECK: "cf.br"(%{{.*}})[^bb1]
// CHECK: ^bb1(%[[I:[0-9]+]]: i32, %[[ACC:[0-9]+]]: i32, %{{[0-9]+}}: i32, %{{[0-9]+}}: i1):  // 2 preds: ^bb0, ^bb4
// CHECK: %[[DONE:[0-9]+]] = "arith.cmpi"(%[[I]], %arg1) <{predicate = 5 : i64}>
// CHECK: "cf.cond_br"(%[[DONE]])[^bb5, ^bb2]
// CHECK: ^bb2:  // pred: ^bb1
// CHECK: %[[A:[0-9]+]] = "arith.addi"(%[[ACC]], %[[I]])
// CHECK: %[[B:[0-9]+]] = "arith.addi"(%[[A]], %{{[0-9]+}})
// COM: @!%p1 add: the register keeps its value where %p1 holds
// CHECK: %[[SEL:[0-9]+]] = "arith.select"(%[[DONE]], %[[A]], %[[B]])
// CHECK: %[[P2:[0-9]+]] = "arith.cmpi"
// COM: @%p2 st: a branch around the store
// CHECK: "cf.cond_br"(%[[P2]])[^bb3, ^bb4]
// CHECK: ^bb3:  // pred: ^bb2
// CHECK: "ptr.store"(%[[SEL]], %{{[0-9]+}})
// CHECK: "cf.br"()[^bb4]
// CHECK: ^bb4:  // 2 preds: ^bb2, ^bb3
// CHECK: "cf.br"(%{{.*}})[^bb1]
// CHECK: ^bb5:  // pred: ^bb1
// COM: brx.idx: a switch over the targets; out-of-range indices go to the last
// CHECK: "cf.switch"(%{{[0-9]+}})[^bb10, ^bb6, ^bb9, ^bb10] <{case_operand_segments = array<i32: 0, 0, 0>, case_values = dense<[0, 1, 2]> : vector<3xi32>, operandSegmentSizes = array<i32: 1, 0, 0>}>
// CHECK: ^bb6:  // pred: ^bb5
// CHECK: "cf.cond_br"(%{{[0-9]+}})[^bb7, ^bb8]
// CHECK: ^bb7:
// CHECK-NEXT: "gpu.return"() : () -> ()
// CHECK: ^bb9:  // 2 preds: ^bb5, ^bb8
// CHECK-NEXT: "gpu.return"() : () -> ()
"#,
    );
}

#[test]
fn locations_follow_the_ptx_and_loc() {
    let (ctx, module) = lower(MODULE);
    let text = ctx.print_op(module, cuwasm::PrintOptions { debug_info: true });
    // every op of the kernel's body: the PTX line, fused with the CUDA line of `.loc`
    assert!(
        text.contains(r#""cuda.thread_idx"() <{dimension = #cuda<dim x>}> : () -> i32 loc(fused["t.ptx":35:3, "/src/k.cu":10:3])"#),
        "{text}"
    );
    // before any .loc: the PTX position only
    assert!(text.contains(r#"loc("t.ptx":20:3)"#), "{text}");
}

#[test]
fn registers_without_percent_and_nested_scopes() {
    // inline asm as nvcc writes it: braces open a scope, names need no %
    let src = format!(
        "{}.visible .entry k(.param .u64 out)\n{{\n.reg .b32 %r<4>;\n.reg .b64 %rd<2>;\nld.param.u64 %rd1, [out];\nmov.u32 %r1, 0x3c003c00;\n{{.reg .f16 low,high;\nmov.b32 {{low,high}},%r1;\ncvt.f32.f16 %r2, low;}}\n{{.reg .b32 low;\nmov.b32 low, 7;\nmov.b32 %r3, low;}}\nst.global.u32 [%rd1], %r2;\nst.global.u32 [%rd1+4], %r3;\nret;\n}}\n",
        common::HEADER
    );
    check(
        &src,
        r#"
// COM: the inner `low` of the second scope is 7; the f16 1.0 of the first, as f32, is 0x3F800000
// CHECK-DAG: %[[SEVEN:[0-9]+]] = "arith.constant"() <{value = 7 : i32}>
// CHECK-DAG: %[[ONE:[0-9]+]] = "arith.constant"() <{value = 1065353216 : i32}>
// CHECK: "ptr.store"(%[[ONE]], %{{[0-9]+}})
// CHECK: "ptr.store"(%[[SEVEN]], %{{[0-9]+}})
"#,
    );
}
