//! Data movement: `ld`/`st` of every width with sign and zero extension,
//! vector accesses, `.shared` (static and dynamic), `.local`, `.const` and
//! `.global` variables with initializers, `cvta`, `ld.global.nc`/`ldu`, the
//! ordered (`.relaxed/.acquire/.release`) and volatile forms, and the 3D
//! special registers.

use crate::harness::{HEADER, Rng, compile_or_gap, entry, launch};

/// A kernel `k(in, out)` after module declarations `decls`, with the
/// thread's 8-word records at `%pin`/`%pout`.
fn kernel(decls: &str, body: &str) -> String {
    let regs = "  .reg .b32 %r<8>;
  .reg .b16 %h<4>;
  .reg .b64 %rd<8>;
  .reg .f32 %f<8>;
  .reg .pred %p;";
    format!("{HEADER}{decls}\n{}", entry("k", regs, 8, 8, body))
}

const N: usize = 128;

fn records(rng: &mut Rng) -> Vec<u64> {
    (0..N * 8).map(|_| rng.next()).collect()
}

#[test]
fn loads_and_stores_of_every_width() {
    let body = "ld.global.s8 %r1, [%pin];
  ld.global.u8 %r2, [%pin+1];
  ld.global.s16 %r3, [%pin+2];
  ld.global.u16 %r4, [%pin+4];
  ld.global.s8 %rd1, [%pin+8];
  ld.global.u32 %rd2, [%pin+16];
  ld.global.s32 %rd3, [%pin+16];
  ld.global.b16 %h1, [%pin+24];
  st.global.u32 [%pout], %r1;
  st.global.u32 [%pout+4], %r2;
  st.global.u32 [%pout+8], %r3;
  st.global.u32 [%pout+12], %r4;
  st.global.u64 [%pout+16], %rd1;
  st.global.u64 [%pout+24], %rd2;
  st.global.u64 [%pout+32], %rd3;
  st.global.b16 [%pout+40], %h1;
  st.global.u8 [%pout+42], %r3;
  st.global.u16 [%pout+44], %r1;";
    let j = compile_or_gap("ld/st widths", &kernel("", body)).unwrap();
    let input = records(&mut Rng(301));
    let out = launch(&j, "k", 2, 64, &input, N * 8);
    for i in 0..N {
        let w0 = input[8 * i];
        let (w1, w2, w3) = (input[8 * i + 1], input[8 * i + 2], input[8 * i + 3]);
        let r1 = w0 as u8 as i8 as i32 as u32 as u64;
        let r2 = (w0 >> 8) & 0xff;
        let r3 = (w0 >> 16) as u16 as i16 as i32 as u32 as u64;
        let r4 = (w0 >> 32) & 0xffff;
        let o = &out[8 * i..8 * i + 8];
        assert_eq!(o[0], r1 | r2 << 32, "record {i}: ld.s8, ld.u8");
        assert_eq!(o[1], r3 | r4 << 32, "record {i}: ld.s16, ld.u16");
        assert_eq!(
            o[2], w1 as u8 as i8 as i64 as u64,
            "record {i}: ld.s8 into 64 bits"
        );
        assert_eq!(o[3], w2 & 0xffff_ffff, "record {i}: ld.u32 into 64 bits");
        assert_eq!(
            o[4], w2 as u32 as i32 as i64 as u64,
            "record {i}: ld.s32 into 64 bits"
        );
        let st = (w3 & 0xffff) | (r3 & 0xff) << 16 | (r1 & 0xffff) << 32;
        assert_eq!(
            o[5], st,
            "record {i}: ld/st.b16, st.u8, st.u16 of wider registers"
        );
    }
}

#[test]
fn vector_loads_and_stores() {
    let body = "ld.global.v4.u32 {%r1, %r2, %r3, %r4}, [%pin];
  ld.global.v2.f32 {%f1, %f2}, [%pin+16];
  ld.global.v2.u64 {%rd1, %rd2}, [%pin+32];
  st.global.v4.u32 [%pout], {%r4, %r3, %r2, %r1};
  add.f32 %f3, %f1, %f2;
  st.global.v2.f32 [%pout+16], {%f3, %f1};
  st.global.v2.b64 [%pout+32], {%rd2, %rd1};
  ld.global.v4.b16 {%h0, %h1, %h2, %h3}, [%pin+48];
  st.global.v4.b16 [%pout+48], {%h3, %h2, %h1, %h0};";
    let j = compile_or_gap("vector ld/st", &kernel("", body)).unwrap();
    let mut rng = Rng(302);
    let mut input = records(&mut rng);
    for i in 0..N {
        // two floats in word 2
        let (a, b) = (
            (rng.next() % 1000) as f32 * 0.25,
            (rng.next() % 1000) as f32 - 300.5,
        );
        input[8 * i + 2] = a.to_bits() as u64 | (b.to_bits() as u64) << 32;
    }
    let out = launch(&j, "k", 2, 64, &input, N * 8);
    for i in 0..N {
        let w = &input[8 * i..8 * i + 8];
        let o = &out[8 * i..8 * i + 8];
        let swap32 = |x: u64| (x >> 32) | (x << 32);
        assert_eq!(o[0], swap32(w[1]), "record {i}: v4 words 2,3 reversed");
        assert_eq!(o[1], swap32(w[0]), "record {i}: v4 words 0,1 reversed");
        let (a, b) = (
            f32::from_bits(w[2] as u32),
            f32::from_bits((w[2] >> 32) as u32),
        );
        assert_eq!(
            o[2],
            (a + b).to_bits() as u64 | (a.to_bits() as u64) << 32,
            "record {i}: v2.f32"
        );
        assert_eq!((o[4], o[5]), (w[5], w[4]), "record {i}: v2.b64");
        let h = |k: u32| (w[6] >> (16 * k)) & 0xffff;
        assert_eq!(
            o[6],
            h(3) | h(2) << 16 | h(1) << 32 | h(0) << 48,
            "record {i}: v4.b16"
        );
    }
}

#[test]
fn shared_local_const_and_global_variables() {
    let decls = "
.const .align 4 .u32 table[8] = {10, 20, 30, 40, 50, 60, 70, 80};
.global .align 8 .u64 big[2] = {0x123456789, 7};
.global .align 4 .f32 scale = 0f40400000;
.global .align 4 .u32 counter;";
    // shared: reverse the block through a shared array; local: a per-thread
    // array indexed by a computed offset; const/global: initialized tables;
    // cvta: generic addresses of shared and local memory
    let body = "
  .shared .align 4 .u32 rev[64];
  .local .align 4 .u32 stack[4];
  mov.u32 %r1, rev;
  shl.b32 %r2, %t, 2;
  add.u32 %r3, %r1, %r2;
  st.shared.u32 [%r3], %i;
  bar.sync 0;
  sub.u32 %r4, 63, %t;
  shl.b32 %r4, %r4, 2;
  add.u32 %r4, %r1, %r4;
  ld.shared.u32 %r5, [%r4];
  st.global.u32 [%pout], %r5;
  st.local.u32 [stack], %t;
  st.local.u32 [stack+4], %i;
  st.local.u32 [stack+8], 99;
  st.local.u32 [stack+12], %ct;
  and.b32 %r6, %t, 3;
  shl.b32 %r6, %r6, 2;
  mov.u32 %r7, stack;
  add.u32 %r7, %r7, %r6;
  ld.local.u32 %r5, [%r7];
  st.global.u32 [%pout+4], %r5;
  and.b32 %r6, %t, 7;
  shl.b32 %r6, %r6, 2;
  mov.u32 %r7, table;
  add.u32 %r7, %r7, %r6;
  ld.const.u32 %r5, [%r7];
  st.global.u32 [%pout+8], %r5;
  ld.global.u64 %rd1, [big];
  ld.global.u64 %rd2, [big+8];
  add.s64 %rd1, %rd1, %rd2;
  st.global.u64 [%pout+16], %rd1;
  ld.global.f32 %f1, [scale];
  cvt.rn.f32.u32 %f2, %i;
  mul.f32 %f1, %f1, %f2;
  st.global.f32 [%pout+24], %f1;
  mov.u64 %rd3, rev;
  cvta.shared.u64 %rd3, %rd3;
  mul.wide.u32 %rd4, %t, 4;
  add.s64 %rd3, %rd3, %rd4;
  ld.u32 %r5, [%rd3];
  st.global.u32 [%pout+28], %r5;
  cvta.local.u64 %rd5, stack;
  ld.u32 %r5, [%rd5+8];
  st.global.u32 [%pout+32], %r5;
  cvta.to.shared.u64 %rd6, %rd3;
  ld.shared.u32 %r5, [%rd6];
  st.global.u32 [%pout+36], %r5;
  mov.u64 %rd7, counter;
  atom.global.add.u32 %r5, [%rd7], 1;
  ld.global.nc.u32 %r5, [table_copy];
  st.global.u32 [%pout+52], %r5;
  ldu.global.u32 %r6, [%pin];
  st.global.u32 [%pout+40], %r6;
  ld.volatile.global.u32 %r6, [%pin+4];
  ld.volatile.global.u32 %r7, [%pin+8];
  add.u32 %r6, %r6, %r7;
  st.volatile.global.u32 [%pout+44], %r6;
  st.volatile.global.u32 [%pout+48], %r7;";
    let decls = format!("{decls}\n.global .align 4 .u32 table_copy[1] = {{5}};");
    let j = compile_or_gap("variables", &kernel(&decls, body)).unwrap();
    let input = records(&mut Rng(303));
    let out = launch(&j, "k", 2, 64, &input, N * 8);
    let table = [10u64, 20, 30, 40, 50, 60, 70, 80];
    for i in 0..N {
        let (t, ct) = ((i % 64) as u64, (i / 64) as u64);
        let o = &out[8 * i..8 * i + 8];
        let w = &input[8 * i..8 * i + 8];
        let stack = [t, i as u64, 99, ct];
        assert_eq!(
            o[0] & 0xffff_ffff,
            ct * 64 + 63 - t,
            "thread {i}: shared reversal"
        );
        assert_eq!(
            o[0] >> 32,
            stack[(t % 4) as usize],
            "thread {i}: local array"
        );
        assert_eq!(
            o[1] & 0xffff_ffff,
            table[(t % 8) as usize],
            "thread {i}: const table"
        );
        assert_eq!(o[2], 0x123456789 + 7, "thread {i}: global u64 array");
        let scaled = 3.0f32 * i as f32;
        assert_eq!(
            o[3] & 0xffff_ffff,
            scaled.to_bits() as u64,
            "thread {i}: global f32"
        );
        assert_eq!(
            o[3] >> 32,
            i as u64,
            "thread {i}: generic load of shared memory"
        );
        assert_eq!(
            o[4] & 0xffff_ffff,
            99,
            "thread {i}: generic load of local memory"
        );
        assert_eq!(
            o[4] >> 32,
            i as u64,
            "thread {i}: cvta.to.shared round trip"
        );
        assert_eq!(o[5] & 0xffff_ffff, w[0] & 0xffff_ffff, "thread {i}: ldu");
        let sum = ((w[0] >> 32) as u32).wrapping_add(w[1] as u32) as u64;
        assert_eq!(o[5] >> 32, sum, "thread {i}: volatile loads and store");
        assert_eq!(
            o[6] & 0xffff_ffff,
            w[1] & 0xffff_ffff,
            "thread {i}: volatile store"
        );
        assert_eq!(
            o[6] >> 32,
            5,
            "thread {i}: ld.global.nc of an initialized variable"
        );
    }
}

#[test]
fn dynamic_shared_memory() {
    let ptx = format!(
        "{HEADER}.extern .shared .align 16 .b8 dyn[];
.visible .entry k(.param .u64 in_ptr, .param .u64 out_ptr, .param .u32 n)
{{
  .reg .b32 %t, %n, %a, %b, %v;
  .reg .b64 %pin, %pout, %off;
  ld.param.u64 %pin, [in_ptr];
  ld.param.u64 %pout, [out_ptr];
  ld.param.u32 %n, [n];
  mov.u32 %t, %tid.x;
  mul.wide.u32 %off, %t, 4;
  add.s64 %pin, %pin, %off;
  ld.global.u32 %v, [%pin];
  mov.u32 %a, dyn;
  shl.b32 %b, %t, 2;
  add.u32 %b, %a, %b;
  st.shared.u32 [%b], %v;
  bar.sync 0;
  add.u32 %b, %t, 1;
  rem.u32 %b, %b, %n;
  shl.b32 %b, %b, 2;
  add.u32 %b, %a, %b;
  ld.shared.u32 %v, [%b];
  add.s64 %pout, %pout, %off;
  st.global.u32 [%pout], %v;
  ret;
}}
"
    );
    let j = compile_or_gap("extern .shared", &ptx).unwrap();
    let n = 200u32;
    let v: Vec<u32> = (0..n).map(|k| k * k + 1).collect();
    let inb = j.upload(&v).unwrap();
    let outb = j.alloc::<u32>(n as usize).unwrap();
    j.launch_with_shared("k", 1, n, 4 * n as usize, &[&inb, &outb, &n])
        .unwrap();
    let out = outb.to_vec().unwrap();
    let want: Vec<u32> = (0..n).map(|k| v[((k + 1) % n) as usize]).collect();
    assert_eq!(out, want);
}

#[test]
fn three_dimensional_special_registers() {
    let ptx = format!(
        "{HEADER}.visible .entry k(.param .u64 in_ptr, .param .u64 out_ptr)
{{
  .reg .b32 %r<16>, %lin;
  .reg .b64 %pout, %off;
  ld.param.u64 %pout, [out_ptr];
  mov.u32 %r0, %tid.x;
  mov.u32 %r1, %tid.y;
  mov.u32 %r2, %tid.z;
  mov.u32 %r3, %ntid.x;
  mov.u32 %r4, %ntid.y;
  mov.u32 %r5, %ntid.z;
  mov.u32 %r6, %ctaid.x;
  mov.u32 %r7, %ctaid.y;
  mov.u32 %r8, %ctaid.z;
  mov.u32 %r9, %nctaid.x;
  mov.u32 %r10, %nctaid.y;
  mov.u32 %r11, %nctaid.z;
  // linear thread id: ((ctaid.z * nctaid.y + ctaid.y) * nctaid.x + ctaid.x) * threads + local
  mad.lo.u32 %lin, %r8, %r10, %r7;
  mad.lo.u32 %lin, %lin, %r9, %r6;
  mul.lo.u32 %r12, %r3, %r4;
  mul.lo.u32 %r12, %r12, %r5;
  mad.lo.u32 %r13, %r2, %r4, %r1;
  mad.lo.u32 %r13, %r13, %r3, %r0;
  mad.lo.u32 %lin, %lin, %r12, %r13;
  mul.wide.u32 %off, %lin, 32;
  add.s64 %pout, %pout, %off;
  st.global.v4.u32 [%pout], {{%r0, %r1, %r2, %r3}};
  st.global.v4.u32 [%pout+16], {{%r6, %r7, %r8, %r9}};
  ret;
}}
"
    );
    let j = compile_or_gap("3D ids", &ptx).unwrap();
    let (grid, block) = ((3u32, 2u32, 2u32), (4u32, 3u32, 2u32));
    let total = (3 * 2 * 2 * 4 * 3 * 2) as usize;
    let out = launch(&j, "k", grid, block, &[0], total * 4);
    let mut k = 0;
    for cz in 0..2u64 {
        for cy in 0..2u64 {
            for cx in 0..3u64 {
                for tz in 0..2u64 {
                    for ty in 0..3u64 {
                        for tx in 0..4u64 {
                            let o = &out[4 * k..4 * k + 4];
                            assert_eq!(
                                o,
                                &[tx | ty << 32, tz | 4 << 32, cx | cy << 32, cz | 3 << 32],
                                "thread {k}"
                            );
                            k += 1;
                        }
                    }
                }
            }
        }
    }
}

/// `ld`/`st` with `.relaxed`/`.acquire`/`.release` and a scope: atomic
/// accesses (the CPU path makes them sequentially consistent, at least as
/// strong as each ordering) that move each width's bits unchanged, floats'
/// NaN payloads and signed zeros included.
#[test]
fn ordered_loads_and_stores() {
    let body = "ld.relaxed.gpu.global.u32 %r1, [%pin];
  ld.acquire.cta.global.u64 %rd1, [%pin+8];
  ld.acquire.sys.global.f32 %f1, [%pin+16];
  ld.relaxed.cta.global.s8 %r2, [%pin+24];
  ld.relaxed.gpu.global.u16 %r3, [%pin+32];
  st.release.gpu.global.u32 [%pout], %r1;
  st.relaxed.sys.global.u64 [%pout+8], %rd1;
  st.release.cta.global.f32 [%pout+16], %f1;
  st.relaxed.gpu.global.u32 [%pout+24], %r2;
  st.release.sys.global.u16 [%pout+32], %r3;
  st.relaxed.cta.global.b8 [%pout+40], %r3;";
    let j = compile_or_gap("ld/st .relaxed/.acquire/.release", &kernel("", body)).expect("runs");
    let mut rng = Rng(31);
    let mut input = records(&mut rng);
    // edge bit patterns in the f32 word of the first records
    let floats = [
        0x7fc0_0001u64,
        0xffa0_0000,
        0x8000_0000,
        0x0000_0001,
        0x7f80_0000,
    ];
    for (t, bits) in floats.iter().enumerate() {
        input[8 * t + 2] = *bits;
    }
    let out = launch(&j, "k", 2, 64u32, &input, 8 * N);
    for t in 0..N {
        let i = &input[8 * t..8 * t + 8];
        let o = &out[8 * t..8 * t + 8];
        let want = [
            i[0] & 0xffff_ffff,
            i[1],
            i[2] & 0xffff_ffff,
            // s8 sign-extended into a .u32 register, stored as 32 bits
            (i[3] as u8 as i8 as i32 as u32) as u64,
            i[4] & 0xffff,
            i[4] & 0xff,
        ];
        assert_eq!(&o[..6], &want, "thread {t}: ordered ld/st");
    }
}
