//! Atomics: `atom` with every operation (add, inc, dec, min, max, and, or,
//! xor, exch, cas) on global and shared memory and through generic
//! addresses, `red`, and the memory-order variants, with many threads and
//! blocks racing (blocks run on all cores). Results that do not depend on the
//! order of the updates are checked exactly; where the order matters, the
//! properties every order has (the returned old values chain into the final
//! value).

use crate::harness::{HEADER, Rng, compile_or_gap, entry, launch};
use cuwasm_tools::jit::Jit;

/// Kernel `k(in, out)`: thread `i` (of all blocks) reads its operand `%v`
/// (and `%w`) from `in[2i]`, `in[2i+1]`; `body` updates `[%cell]` (the word
/// `out[0]`) and leaves the returned old value in `%old`, stored to
/// `out[1 + i]`.
fn kernel(ty: &str, body: &str) -> String {
    let decls = format!("  .reg .{ty} %v, %w, %old;\n  .reg .b64 %cell;\n  .reg .pred %p;");
    let body = format!(
        "  mov.b64 %cell, %out0;\n  ld.global.{ty} %v, [%pin];\n  ld.global.{ty} %w, [%pin+8];\n  {body}\n  st.global.{ty} [%pout+8], %old;"
    );
    HEADER.to_string() + &entry("k", &decls, 2, 1, &body)
}

const BLOCKS: u32 = 8;
const BLOCK: u32 = 64;
const N: usize = (BLOCKS * BLOCK) as usize;

/// Run kernel `k` with the cell starting at `init`; (final cell, old values).
fn race(j: &Jit, init: u64, v: &[u64], w: &[u64]) -> (u64, Vec<u64>) {
    let mut input = Vec::new();
    for i in 0..N {
        input.extend([v[i], w[i]]);
    }
    // the output starts with the cell: upload it by running on a prepared buffer
    let inb = j.upload(&input).unwrap();
    let mut out0 = vec![0u64; N + 1];
    out0[0] = init;
    let outb = j.upload(&out0).unwrap();
    j.launch("k", BLOCKS, BLOCK, &[&inb, &outb]).unwrap();
    let out = outb.to_vec().unwrap();
    (out[0], out[1..].to_vec())
}

fn sorted(mut v: Vec<u64>) -> Vec<u64> {
    v.sort_unstable();
    v
}

#[test]
fn atom_add_inc_dec_from_many_blocks() {
    let mut rng = Rng(201);
    let ones = vec![1u64; N];
    let zeros = vec![0u64; N];
    // add: the old values are 0..N in some order, the cell N
    if let Some(j) = compile_or_gap(
        "atom.global.add.u32",
        &kernel("u32", "atom.global.add.u32 %old, [%cell], %v;"),
    ) {
        let (fin, old) = race(&j, 0, &ones, &zeros);
        assert_eq!(fin, N as u64);
        assert_eq!(sorted(old), (0..N as u64).collect::<Vec<_>>());
        // add with wrap-around and varied addends: the sum mod 2^32
        let v: Vec<u64> = (0..N).map(|_| rng.next() & 0xffff_ffff).collect();
        let (fin, _) = race(&j, 0xffff_0000, &v, &zeros);
        let want = v
            .iter()
            .fold(0xffff_0000u32, |s, x| s.wrapping_add(*x as u32));
        assert_eq!(fin, want as u64);
    }
    // 64-bit and generic addresses
    if let Some(j) = compile_or_gap(
        "atom.add.u64",
        &kernel("u64", "atom.add.u64 %old, [%cell], %v;"),
    ) {
        let v: Vec<u64> = (0..N).map(|_| rng.next()).collect();
        let (fin, _) = race(&j, 5, &v, &zeros);
        assert_eq!(fin, v.iter().fold(5u64, |s, x| s.wrapping_add(*x)));
    }
    // f32 add of small integers: exact in any order
    if let Some(j) = compile_or_gap(
        "atom.global.add.f32",
        &kernel("f32", "atom.global.add.f32 %old, [%cell], %v;"),
    ) {
        let v: Vec<u64> = (0..N)
            .map(|i| ((i % 17) as f32 - 8.0).to_bits() as u64)
            .collect();
        let (fin, _) = race(&j, 0.5f32.to_bits() as u64, &v, &zeros);
        let want: f32 = 0.5 + (0..N).map(|i| (i % 17) as f32 - 8.0).sum::<f32>();
        assert_eq!(f32::from_bits(fin as u32), want);
    }
    if let Some(j) = compile_or_gap(
        "atom.global.add.f64",
        &kernel("f64", "atom.global.add.f64 %old, [%cell], %v;"),
    ) {
        let v: Vec<u64> = (0..N).map(|i| ((i % 29) as f64 * 0.25).to_bits()).collect();
        let (fin, _) = race(&j, 0, &v, &zeros);
        assert_eq!(
            f64::from_bits(fin),
            (0..N).map(|i| (i % 29) as f64 * 0.25).sum::<f64>()
        );
    }
    // inc: old >= b ? 0 : old + 1 (a counter modulo b + 1)
    if let Some(j) = compile_or_gap(
        "atom.global.inc.u32",
        &kernel("u32", "atom.global.inc.u32 %old, [%cell], %v;"),
    ) {
        let b = vec![6u64; N];
        let (fin, old) = race(&j, 0, &b, &zeros);
        assert_eq!(fin, (N % 7) as u64);
        assert_eq!(
            sorted(old),
            sorted((0..N).map(|k| (k % 7) as u64).collect())
        );
        // inc from a value already past the bound wraps to 0 first
        let (fin, _) = race(&j, 100, &b, &zeros);
        assert_eq!(fin, ((N - 1) % 7) as u64);
    }
    // dec: (old == 0 || old > b) ? b : old - 1
    if let Some(j) = compile_or_gap(
        "atom.global.dec.u32",
        &kernel("u32", "atom.global.dec.u32 %old, [%cell], %v;"),
    ) {
        let b = vec![9u64; N];
        let (fin, old) = race(&j, 0, &b, &zeros);
        assert_eq!(fin, ((10 - N % 10) % 10) as u64);
        let seq: Vec<u64> = (0..N).map(|k| ((10 - k % 10) % 10) as u64).collect();
        assert_eq!(sorted(old), sorted(seq));
    }
    // red: no old value
    if let Some(j) = compile_or_gap(
        "red.global.add.u32",
        &kernel("u32", "red.global.add.u32 [%cell], %v;\n  mov.u32 %old, 0;"),
    ) {
        let (fin, _) = race(&j, 3, &ones, &zeros);
        assert_eq!(fin, N as u64 + 3);
    }
    if let Some(j) = compile_or_gap(
        "red.global.add.f32",
        &kernel(
            "f32",
            "red.global.add.f32 [%cell], %v;\n  mov.f32 %old, 0f00000000;",
        ),
    ) {
        let v: Vec<u64> = (0..N).map(|_| 2f32.to_bits() as u64).collect();
        let (fin, _) = race(&j, 0, &v, &zeros);
        assert_eq!(f32::from_bits(fin as u32), 2.0 * N as f32);
    }
    // memory orders and scopes (fences around the same relaxed atomic)
    for sem in [
        "relaxed.gpu",
        "acquire.gpu",
        "release.gpu",
        "acq_rel.gpu",
        "relaxed.cta",
        "acq_rel.sys",
    ] {
        let body = format!("atom.{sem}.global.add.u32 %old, [%cell], %v;");
        let Some(j) = compile_or_gap(&body, &kernel("u32", &body)) else {
            continue;
        };
        let (fin, old) = race(&j, 0, &ones, &zeros);
        assert_eq!(fin, N as u64, "{sem}");
        assert_eq!(sorted(old), (0..N as u64).collect::<Vec<_>>(), "{sem}");
    }
}

#[test]
fn atom_min_max_logic_exch() {
    let mut rng = Rng(202);
    let zeros = vec![0u64; N];
    let v32: Vec<u64> = (0..N).map(|_| rng.next() & 0xffff_ffff).collect();
    type Fold = fn(u64, u64) -> u64;
    let cases: [(&str, &str, u64, Fold); 9] = [
        ("min.s32", "s32", 0x7fff_0000, |a, b| {
            (a as u32 as i32).min(b as u32 as i32) as u32 as u64
        }),
        ("max.s32", "s32", 0x8000_0001, |a, b| {
            (a as u32 as i32).max(b as u32 as i32) as u32 as u64
        }),
        ("min.u32", "u32", 0xffff_fff0, |a, b| a.min(b)),
        ("max.u32", "u32", 3, |a, b| a.max(b)),
        ("and.b32", "b32", 0xffff_ffff, |a, b| a & b),
        ("or.b32", "b32", 0x100, |a, b| a | b),
        ("xor.b32", "b32", 0x5a5a_5a5a, |a, b| a ^ b),
        ("min.s64", "s64", 0, |a, b| (a as i64).min(b as i64) as u64),
        ("max.u64", "u64", 0, |a, b| a.max(b)),
    ];
    for (op, ty, init, f) in cases {
        let body = format!("atom.global.{op} %old, [%cell], %v;");
        let Some(j) = compile_or_gap(&body, &kernel(ty, &body)) else {
            continue;
        };
        let v: Vec<u64> = if ty.ends_with("64") {
            (0..N).map(|_| rng.next()).collect()
        } else if op == "and.b32" {
            // mostly ones, so that the result is not simply 0
            (0..N)
                .map(|_| (rng.next() | rng.next() | rng.next() | rng.next()) & 0xffff_ffff)
                .collect()
        } else {
            v32.clone()
        };
        let (fin, old) = race(&j, init, &v, &zeros);
        let want = v.iter().fold(init, |acc, x| f(acc, *x));
        assert_eq!(fin, want, "{op}");
        // every old value is the cell at some point, so folding it with the
        // final value gives the final value again (min, max, and, or: an
        // absorbing order; xor: skipped, any word can occur)
        if !op.starts_with("xor") {
            for o in &old {
                assert_eq!(f(*o, want), want, "{op}: old value {o:#x}");
            }
        }
    }
    // exch: the old values and the final value are the initial one and every
    // thread's value, each exactly once
    let body = "atom.global.exch.b32 %old, [%cell], %v;";
    let j = compile_or_gap(body, &kernel("b32", body)).unwrap();
    let v: Vec<u64> = (0..N as u64).map(|i| i * 3 + 1).collect();
    let (fin, mut old) = race(&j, 0, &v, &zeros);
    old.push(fin);
    let mut all = v.clone();
    all.push(0);
    assert_eq!(sorted(old), sorted(all));
}

#[test]
fn compare_and_swap() {
    let zeros = vec![0u64; N];
    // one CAS per thread on its own word: old returned, swapped where equal
    let body = "  ld.global.b32 %cmp, [%pin];
  ld.global.b32 %new, [%pin+8];
  atom.global.cas.b32 %old, [%pout], %cmp, %new;
  st.global.b32 [%pout+8], %old;";
    let ptx = HEADER.to_string() + &entry("k", "  .reg .b32 %cmp, %new, %old;", 2, 2, body);
    let j = compile_or_gap("atom.global.cas.b32", &ptx).unwrap();
    let mut rng = Rng(203);
    let init: Vec<u64> = (0..N).map(|_| rng.next() % 4).collect();
    let cmp: Vec<u64> = (0..N).map(|_| rng.next() % 4).collect();
    let new: Vec<u64> = (0..N).map(|_| rng.next() & 0xffff_ffff).collect();
    let mut input = Vec::new();
    let mut cells = Vec::new();
    for i in 0..N {
        input.extend([cmp[i], new[i]]);
        cells.extend([init[i], 0]);
    }
    let inb = j.upload(&input).unwrap();
    let outb = j.upload(&cells).unwrap();
    j.launch("k", BLOCKS, BLOCK, &[&inb, &outb]).unwrap();
    let out = outb.to_vec().unwrap();
    for i in 0..N {
        let want = if init[i] == cmp[i] { new[i] } else { init[i] };
        assert_eq!(out[2 * i], want, "cas cell {i}");
        assert_eq!(out[2 * i + 1], init[i], "cas old value {i}");
    }
    // a CAS loop incrementing one counter from every thread of every block
    for (ty, width) in [("b32", 32), ("b64", 64)] {
        let body = format!(
            "ld.volatile.global.{ty} %old, [%cell];
  LOOP:
  add.s{width} %w, %old, %v;
  atom.global.cas.{ty} %w, [%cell], %old, %w;
  setp.ne.s{width} %p, %w, %old;
  mov.{ty} %old, %w;
  @%p bra LOOP;"
        );
        let what = format!("atom.global.cas.{ty} loop");
        let Some(j) = compile_or_gap(&what, &kernel(ty, &body)) else {
            continue;
        };
        let ones = vec![1u64; N];
        let (fin, old) = race(&j, 10, &ones, &zeros);
        assert_eq!(fin, N as u64 + 10, "{ty}");
        // each thread's last old value is the count before its own increment
        assert_eq!(sorted(old), (10..N as u64 + 10).collect::<Vec<_>>(), "{ty}");
    }
}

#[test]
fn shared_memory_atomics() {
    // a per-block histogram of 16 bins in shared memory, merged into global
    let decls = "  .reg .b32 %v, %a, %old, %m;
  .reg .pred %p;
  .shared .align 4 .b32 bins[16];
  .shared .align 4 .u32 maxv;";
    let body = "  setp.lt.u32 %p, %t, 16;
  shl.b32 %a, %t, 2;
  mov.u32 %m, bins;
  add.u32 %a, %m, %a;
  @%p st.shared.u32 [%a], 0;
  setp.eq.u32 %p, %t, 0;
  @%p st.shared.u32 [maxv], 0;
  bar.sync 0;
  ld.global.u32 %v, [%pin];
  and.b32 %a, %v, 15;
  shl.b32 %a, %a, 2;
  add.u32 %a, %m, %a;
  atom.shared.add.u32 %old, [%a], 1;
  red.shared.max.u32 [maxv], %v;
  bar.sync 0;
  setp.lt.u32 %p, %t, 16;
  shl.b32 %a, %t, 2;
  add.u32 %a, %m, %a;
  @%p ld.shared.u32 %v, [%a];
  mul.wide.u32 %off, %t, 8;
  add.s64 %off, %out0, %off;
  @%p red.global.add.u32 [%off], %v;
  setp.eq.u32 %p, %t, 0;
  @%p ld.shared.u32 %v, [maxv];
  @%p red.global.max.u32 [%out0+128], %v;";
    let ptx = HEADER.to_string() + &entry("k", decls, 1, 1, body);
    let j = compile_or_gap("atom.shared/red.shared histogram", &ptx).unwrap();
    let mut rng = Rng(204);
    let v: Vec<u64> = (0..N).map(|_| rng.next() % 100_000).collect();
    let out = launch(&j, "k", BLOCKS, BLOCK, &v, 17);
    let mut want = vec![0u64; 17];
    for x in &v {
        want[(*x % 16) as usize] += 1;
    }
    want[16] = *v.iter().max().unwrap();
    assert_eq!(out, want);
}
