//! Memory, barriers, atomics and warp instructions.

mod common;
use common::{check, check_raw, kernel};

#[test]
fn loads_and_stores_by_state_space() {
    let body = "ld.global.nc.v2.f32 {%f4, _}, [%rd2+8];\nld.volatile.shared.u32 %r4, [%r1];\nld.relaxed.gpu.global.u32 %r5, [%rd2];\nld.acquire.cta.u32 %r6, [%rd3];\nst.release.sys.global.u32 [%rd2], %r1;\nst.global.v4.b32 [%rd3], {%r1, %r2, %r3, 7};\nld.global.s8 %r7, [%rd2];\nld.global.u8 %rs3, [%rd2];\nst.global.b8 [%rd2+1], %r1;\nldu.global.f64 %fd3, [%rd3];\nld.global.L1::evict_last.L2::256B.u32 %r8, [%rd2];\nst.global.f32 [%rd1+100], %f4;\nst.global.u32 [%rd1+104], %r4;\nst.global.u32 [%rd1+108], %r5;\nst.global.u32 [%rd1+112], %r6;\nst.global.u32 [%rd1+116], %r7;\nst.global.u16 [%rd1+120], %rs3;\nst.global.f64 [%rd1+128], %fd3;\nst.global.u32 [%rd1+136], %r8;\n";
    check(
        &kernel(body),
        r#"
// COM: 32-bit shared addresses count from the function's shared window origin
// CHECK-DAG: %[[WIN3:[0-9]+]] = "cuda.shared_alloc"() <{count = 1 : i64, element_type = i8, name = "__shared_window"}> : () -> !ptr.ptr<#llvm.address_space<3>>
// CHECK-DAG: %[[NULL:[0-9]+]] = "ptr.constant"() <{value = #ptr.null : !ptr.ptr<#ptr.generic_space>}>
// COM: ld.global.nc is the read-only cache; the sink element is not loaded
// CHECK: "cuda.ldg"(%{{[0-9]+}}) : (!ptr.ptr<#ptr.generic_space>) -> f32
// CHECK-NOT: "cuda.ldg"
// COM: a 32-bit shared address, sign-extended (an offset from the origin), in address space 3
// CHECK: %[[SA:[0-9]+]] = "arith.extsi"(%{{[0-9]+}}) : (i32) -> i64
// CHECK: %[[SP:[0-9]+]] = "ptr.ptr_add"(%[[WIN3]], %[[SA]])
// CHECK: "ptr.load"(%[[SP]]) <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = true}> : (!ptr.ptr<#llvm.address_space<3>>) -> i32
// CHECK: %[[GP:[0-9]+]] = "ptr.ptr_add"(%[[NULL]], %[[RD2:[0-9]+]])
// CHECK: "ptr.load"(%[[GP]]) <{alignment = [4], invariant = false, invariantGroup = false, nontemporal = false, ordering = 2 : i32, syncscope = "device", volatile_ = false}>
// CHECK: "ptr.load"(%{{[0-9]+}}) <{alignment = [4], invariant = false, invariantGroup = false, nontemporal = false, ordering = 3 : i32, syncscope = "block", volatile_ = false}>
// COM: .sys is the default (empty) sync scope
// CHECK: "ptr.store"(%{{[0-9]+}}, %[[GP]]) <{alignment = [4], invariantGroup = false, nontemporal = false, ordering = 4 : i32, volatile_ = false}>
// COM: st.v4: four stores, the first with the vector's alignment
// CHECK: "ptr.store"(%{{[0-9]+}}, %[[V:[0-9]+]]) <{alignment = [16], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}>
// CHECK: "ptr.store"
// CHECK: "ptr.store"
// CHECK: "ptr.store"
// COM: narrow loads extend into wider registers by the instruction type, stores truncate
// CHECK: "arith.extsi"({{.*}}) : (i8) -> i32
// CHECK: "arith.extui"({{.*}}) : (i8) -> i16
// CHECK: "arith.trunci"({{.*}}) : (i32) -> i8
// CHECK: "cuda.ldg"({{.*}}) -> f64
"#,
    );
}

#[test]
fn address_space_conversions() {
    let body = "cvta.to.shared.u64 %rd4, %rd2;\ncvta.shared.u32 %r4, %r1;\ncvta.to.global.u64 %rd5, %rd2;\ncvta.local.u64 %rd6, %rd3;\nst.global.u64 [%rd1+100], %rd4;\nst.global.u32 [%rd1+108], %r4;\nst.global.u64 [%rd1+112], %rd5;\nst.global.u64 [%rd1+120], %rd6;\n";
    check(
        &kernel(body),
        r#"
// CHECK: %[[S:[0-9]+]] = "cuda.addrspace_cast"(%{{[0-9]+}}) : (!ptr.ptr<#ptr.generic_space>) -> !ptr.ptr<#llvm.address_space<3>>
// CHECK: "ptr.ptr_diff"(%[[S]], %{{[0-9]+}}) : (!ptr.ptr<#llvm.address_space<3>>, !ptr.ptr<#llvm.address_space<3>>) -> i64
// CHECK: "cuda.addrspace_cast"({{.*}}) : (!ptr.ptr<#llvm.address_space<3>>) -> !ptr.ptr<#ptr.generic_space>
// CHECK: "ptr.ptr_diff"({{.*}}) -> i32
// COM: global addresses are generic addresses: cvta.to.global is a copy
// CHECK: "cuda.addrspace_cast"({{.*}}) : (!ptr.ptr<#llvm.address_space<5>>) -> !ptr.ptr<#ptr.generic_space>
"#,
    );
}

#[test]
fn barriers_atomics_and_warp_operations() {
    let body = "bar.sync 0;\nbar.sync 1, 64;\nbarrier.sync.aligned 0;\nbar.arrive 2, 128;\nbar.red.popc.u32 %r4, 0, %p1;\nbar.red.and.pred %p2, 0, !%p1;\nbar.warp.sync -1;\nmembar.cta;\nmembar.gl;\nfence.acq_rel.sys;\natom.global.add.u32 %r5, [%rd2], 1;\natom.shared.cas.b32 %r6, [%r1], %r2, %r3;\natom.acq_rel.gpu.global.max.s32 %r7, [%rd2], %r1;\natom.global.add.f32 %f4, [%rd2], %f1;\natom.cta.exch.b64 %rd4, [%rd3], %rd2;\nred.global.add.u64 [%rd2], %rd3;\nred.relaxed.sys.global.or.b32 [%rd2], 8;\natom.global.inc.u32 %r8, [%rd2], 100;\natom.min.u32 %r9, [%rd2], %r1;\nshfl.sync.down.b32 %r10|%p3, %r1, 1, 0x1f, -1;\nshfl.sync.bfly.b32 %r11, %r1, %r2, 0x81f, %r3;\nshfl.sync.idx.b32 %r12, %r1, %r2, %r3, -1;\nvote.sync.ballot.b32 %r13, %p1, -1;\nvote.sync.all.pred %p4, !%p1, %r3;\nactivemask.b32 %r14;\nredux.sync.max.u32 %r15, %r1, -1;\nredux.sync.min.s32 %r16, %r1, -1;\nmov.u32 %r17, %laneid;\nmov.u32 %r18, %lanemask_lt;\nmov.u64 %rd5, %clock64;\nmov.u32 %r19, %smid;\nmov.u32 %r20, %tid.y;\nst.global.u32 [%rd1+100], %r4;\nselp.u32 %r21, 1, 0, %p2;\nst.global.u32 [%rd1+104], %r21;\nst.global.u32 [%rd1+108], %r5;\nst.global.u32 [%rd1+112], %r6;\nst.global.u32 [%rd1+116], %r7;\nst.global.f32 [%rd1+120], %f4;\nst.global.u64 [%rd1+128], %rd4;\nst.global.u32 [%rd1+136], %r8;\nst.global.u32 [%rd1+140], %r9;\nst.global.u32 [%rd1+144], %r10;\nst.global.u32 [%rd1+148], %r11;\nst.global.u32 [%rd1+152], %r12;\nst.global.u32 [%rd1+156], %r13;\nselp.u32 %r22, 1, 0, %p4;\nst.global.u32 [%rd1+160], %r22;\nst.global.u32 [%rd1+164], %r14;\nst.global.u32 [%rd1+168], %r15;\nst.global.u32 [%rd1+172], %r16;\nst.global.u32 [%rd1+176], %r17;\nst.global.u32 [%rd1+180], %r18;\nst.global.u64 [%rd1+184], %rd5;\nst.global.u32 [%rd1+192], %r19;\nst.global.u32 [%rd1+196], %r20;\nselp.u32 %r23, 1, 0, %p3;\nst.global.u32 [%rd1+200], %r23;\n";
    check(
        &kernel(body),
        r#"
// CHECK: %[[P:[0-9]+]] = "arith.cmpi"(%{{[0-9]+}}, %{{[0-9]+}}) <{predicate = 1 : i64}>
// CHECK-NEXT: "cuda.syncthreads"() : () -> ()
// CHECK-NEXT: "cuda.barrier"(%{{[0-9]+}}, %{{[0-9]+}}) : (i32, i32) -> ()
// CHECK-NEXT: "cuda.syncthreads"() : () -> ()
// CHECK-NEXT: "cuda.barrier"(%{{[0-9]+}}, %{{[0-9]+}}) <{arrive}> : (i32, i32) -> ()
// CHECK-NEXT: "cuda.syncthreads_count"(%[[P]]) : (i1) -> i32
// CHECK: "cuda.syncthreads_and"
// CHECK: "cuda.syncwarp"
// CHECK-NEXT: "cuda.threadfence"() <{scope = #cuda<scope block>}> : () -> ()
// CHECK-NEXT: "cuda.threadfence"() : () -> ()
// CHECK-NEXT: "cuda.threadfence"() <{scope = #cuda<scope system>}> : () -> ()
// CHECK: "cuda.atomic_rmw"({{.*}}) <{kind = #cuda<atomic_kind add>}> : (!ptr.ptr<#ptr.generic_space>, i32) -> i32
// CHECK: "cuda.atomic_cas"({{.*}}) : (!ptr.ptr<#llvm.address_space<3>>, i32, i32) -> i32
// COM: acq_rel: fences around the (relaxed) atomic
// CHECK-NEXT: "cuda.threadfence"() : () -> ()
// CHECK-NEXT: "cuda.atomic_rmw"({{.*}}) <{kind = #cuda<atomic_kind max>}>
// CHECK-NEXT: "cuda.threadfence"() : () -> ()
// CHECK: <{kind = #cuda<atomic_kind add>}> : (!ptr.ptr<#ptr.generic_space>, f32) -> f32
// CHECK: <{kind = #cuda<atomic_kind exch>, scope = #cuda<scope block>}> : (!ptr.ptr<#ptr.generic_space>, i64) -> i64
// CHECK: <{kind = #cuda<atomic_kind add>}> : (!ptr.ptr<#ptr.generic_space>, i64) -> i64
// CHECK: <{kind = #cuda<atomic_kind or>, scope = #cuda<scope system>}>
// CHECK: <{kind = #cuda<atomic_kind inc>}>
// CHECK: <{kind = #cuda<atomic_kind umin>}>
// COM: a standard clamp operand: the shuffle itself; the validity from PTX's rule
// CHECK: %[[LANE:[0-9]+]] = "cuda.lane_id"() : () -> i32
// CHECK: "arith.cmpi"({{.*}}) <{predicate = 3 : i64}>
// CHECK: "cuda.shfl_sync"(%{{[0-9]+}}, %{{[0-9]+}}, %{{[0-9]+}}) <{mode = #cuda<shfl_mode down>}> : (i32, i32, i32) -> i32
// COM: a clamp operand that is no width's: the source lane computed, then an idx shuffle
// CHECK: %[[SRC:[0-9]+]] = "arith.select"(%{{[0-9]+}}, %{{[0-9]+}}, %[[LANE]])
// CHECK: "cuda.shfl_sync"(%{{[0-9]+}}, %{{[0-9]+}}, %[[SRC]]) <{mode = #cuda<shfl_mode idx>}>
// CHECK: "cuda.shfl_sync"({{.*}}) <{mode = #cuda<shfl_mode idx>}>
// CHECK: "cuda.vote_sync"({{.*}}) <{mode = #cuda<vote_mode ballot>}> : (i32, i1) -> i32
// CHECK: "cuda.vote_sync"({{.*}}) <{mode = #cuda<vote_mode all>}> : (i32, i1) -> i1
// CHECK: "cuda.activemask"() : () -> i32
// CHECK: "cuda.redux_sync"({{.*}}) <{kind = #cuda<redux_kind umax>}>
// CHECK: "cuda.redux_sync"({{.*}}) <{kind = #cuda<redux_kind min>}>
// COM: %lanemask_lt = (1 << laneid) - 1
// CHECK: %[[EQ:[0-9]+]] = "arith.shli"(%{{[0-9]+}}, %[[LANE]])
// CHECK: "arith.subi"(%[[EQ]], %{{[0-9]+}})
// CHECK: "cuda.read_sreg"() <{register = #cuda<sreg clock64>}> : () -> i64
// CHECK: "cuda.read_sreg"() <{register = #cuda<sreg smid>}> : () -> i32
// CHECK: "cuda.thread_idx"() <{dimension = #cuda<dim y>}> : () -> i32
"#,
    );
}

#[test]
fn registers_are_ssa_values_as_lowered() {
    // straight-line code: the value itself, no slot, load or store
    let body = "add.s32 %r4, %r1, %r2;\nst.global.u32 [%rd1+100], %r4;\n";
    check_raw(
        &kernel(body),
        r#"
// CHECK-NOT: "cuda.alloca"() <{count = 1 : i64, element_type = i32}>
// CHECK: %[[SUM:[0-9]+]] = "arith.addi"({{.*}}) : (i32, i32) -> i32
// CHECK-NOT: "ptr.load"
// CHECK-NOT: "ptr.store"
// CHECK: %[[A:[0-9]+]] = "ptr.ptr_add"
// CHECK-NEXT: "ptr.store"(%[[SUM]], %[[A]])
"#,
    );
    // a loop: the header's block arguments are the registers it carries (the
    // sum and the counter); the one only read in it (%r2) is not one; the
    // exit reads the header's values
    let body = "mov.u32 %r4, 0;\nmov.u32 %r5, 0;\nLOOP:\nsetp.ge.u32 %p2, %r5, %r2;\n@%p2 bra DONE;\nadd.s32 %r4, %r4, %r5;\nadd.s32 %r5, %r5, 1;\nbra LOOP;\nDONE:\nst.global.u32 [%rd1+100], %r4;\n";
    check_raw(
        &kernel(body),
        r#"
// COM: constants are made once, in the entry block; the arguments come in
// COM: the order of their first read in the header
// CHECK: %[[Z:[0-9]+]] = "arith.constant"() <{value = 0 : i32}>
// CHECK: "cf.br"(%[[Z]], %[[Z]])[^[[HEAD:bb[0-9]+]]] : (i32, i32) -> ()
// CHECK: ^[[HEAD]](%[[I:[0-9]+]]: i32, %[[S:[0-9]+]]: i32):
// CHECK: "arith.cmpi"(%[[I]], %{{[0-9]+}}) <{predicate = 9 : i64}>
// CHECK: %[[S2:[0-9]+]] = "arith.addi"(%[[S]], %[[I]])
// CHECK: %[[I2:[0-9]+]] = "arith.addi"(%[[I]], %{{[0-9]+}})
// CHECK: "cf.br"(%[[I2]], %[[S2]])[^[[HEAD]]]
// CHECK: "ptr.store"(%[[S]], %{{[0-9]+}})
"#,
    );
    // a register read before any write is zero (PTX leaves it undefined)
    let body = "add.s32 %r4, %r9, 1;\nst.global.u32 [%rd1+100], %r4;\n";
    check(
        &kernel(body),
        r#"
// CHECK: %[[ONE:[0-9]+]] = "arith.constant"() <{value = 1 : i32}>
// CHECK: "ptr.store"(%[[ONE]], %{{[0-9]+}})
"#,
    );
}
