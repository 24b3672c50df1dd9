//! Warp and block-level instructions: `shfl` in every mode (with standard
//! width encodings and arbitrary clamp/segment operands, with and without the
//! validity predicate), `vote`, `bar.red`, `activemask`, `redux.sync`, and
//! the lane special registers. References follow the PTX ISA's definitions
//! over warps of 32 lanes.

use crate::harness::{HEADER, Rng, compile_or_gap, entry, launch};

/// PTX's `shfl.sync`: the value lane `lane` gets from `a` (the warp's
/// sources) and the validity predicate, for its operands `b` and `c`.
fn shfl_ref(mode: &str, lane: u32, a: &[u32], b: u32, c: u32) -> (u32, bool) {
    let bval = b & 0x1f;
    let clamp = c & 0x1f;
    let segmask = (c >> 8) & 0x1f;
    let max_lane = (lane & segmask) | (clamp & !segmask);
    let min_lane = lane & segmask;
    let (j, pval) = match mode {
        "up" => {
            let j = lane as i32 - bval as i32;
            (j, j >= max_lane as i32)
        }
        "down" => {
            let j = (lane + bval) as i32;
            (j, j <= max_lane as i32)
        }
        "bfly" => {
            let j = (lane ^ bval) as i32;
            (j, j <= max_lane as i32)
        }
        _ => {
            let j = (min_lane | (bval & !segmask)) as i32;
            (j, j <= max_lane as i32)
        }
    };
    let src = if pval { j as u32 } else { lane };
    (a[src as usize], pval)
}

/// A kernel `k` that loads `a`, `b`, `c` per thread, runs `inst` (which
/// writes `%d` and `%p`) and stores both.
fn shfl_kernel(inst: &str) -> String {
    let decls = "  .reg .b32 %a, %b, %c, %d;\n  .reg .pred %p;";
    let body = format!(
        "  ld.global.b32 %a, [%pin];
  ld.global.b32 %b, [%pin+8];
  ld.global.b32 %c, [%pin+16];
  setp.eq.u32 %p, %a, %a;
  mov.u32 %d, 0;
  {inst}
  selp.u32 %t, 1, 0, %p;
  st.global.b32 [%pout], %d;
  st.global.b32 [%pout+8], %t;"
    );
    HEADER.to_string() + &entry("k", decls, 3, 2, &body)
}

#[test]
fn shfl_in_every_mode_and_width() {
    let mut rng = Rng(101);
    let threads = 96u32; // three warps
    let mut kernels = 0;
    let mut check = |inst: &str, mode: &str, c_imm: Option<u32>, with_p: bool, rng: &mut Rng| {
        let ptx = shfl_kernel(inst);
        let j = compile_or_gap(inst, &ptx).expect("runs");
        for round in 0..4 {
            let a: Vec<u32> = (0..threads).map(|_| rng.next() as u32).collect();
            // lane operands: small, past the warp, and random (only b[4:0] counts)
            let b: Vec<u32> = (0..threads)
                .map(|t| match round {
                    0 => t % 7,
                    1 => 1 << (t % 6),
                    2 => (t * 5) % 40,
                    _ => rng.next() as u32,
                })
                .collect();
            let c: Vec<u32> = (0..threads).map(|_| rng.next() as u32 & 0x1f1f).collect();
            let mut input = Vec::new();
            for t in 0..threads as usize {
                input.extend([a[t] as u64, b[t] as u64, c[t] as u64]);
            }
            let out = launch(&j, "k", 1, threads, &input, 2 * threads as usize);
            for t in 0..threads as usize {
                let w = t / 32 * 32;
                let cv = c_imm.unwrap_or(c[t]);
                let (d, p) = shfl_ref(mode, (t % 32) as u32, &a[w..w + 32], b[t], cv);
                assert_eq!(
                    out[2 * t] as u32,
                    d,
                    "{inst}: thread {t} value (b={}, c={cv:#x})",
                    b[t]
                );
                if with_p {
                    assert_eq!(
                        out[2 * t + 1] == 1,
                        p,
                        "{inst}: thread {t} predicate (b={}, c={cv:#x})",
                        b[t]
                    );
                }
            }
        }
        kernels += 1;
    };
    for mode in ["up", "down", "bfly", "idx"] {
        // the widths CUDA's __shfl_*_sync(mask, v, lane, width) encode
        for width in [32u32, 16, 8, 4, 1] {
            let clamp = if mode == "up" { 0 } else { 0x1f };
            let c = ((32 - width) << 8) | clamp;
            let inst = format!("shfl.sync.{mode}.b32 %d, %a, %b, {c}, 0xffffffff;");
            check(&inst, mode, Some(c), false, &mut rng);
            let inst = format!("shfl.sync.{mode}.b32 %d|%p, %a, %b, {c}, 0xffffffff;");
            check(&inst, mode, Some(c), true, &mut rng);
        }
        // any clamp and segment mask, from a register
        let inst = format!("shfl.sync.{mode}.b32 %d|%p, %a, %b, %c, 0xffffffff;");
        check(&inst, mode, None, true, &mut rng);
        // a constant of no width's form
        let inst = format!("shfl.sync.{mode}.b32 %d|%p, %a, %b, 0x0305, 0xffffffff;");
        check(&inst, mode, Some(0x0305), true, &mut rng);
    }
    // the pre-sync form (all lanes)
    check(
        "shfl.idx.b32 %d|%p, %a, %b, 0x1f;",
        "idx",
        Some(0x1f),
        true,
        &mut rng,
    );
    check(
        "shfl.bfly.b32 %d, %a, %b, 0x1f;",
        "bfly",
        Some(0x1f),
        false,
        &mut rng,
    );
    assert_eq!(kernels, 50);
}

#[test]
fn votes_and_block_reductions() {
    let decls = "  .reg .b32 %r<8>;\n  .reg .pred %p, %q<6>;";
    let body = "  ld.global.u32 %t, [%pin];
  setp.ne.u32 %p, %t, 0;
  vote.sync.all.pred %q1, %p, 0xffffffff;
  vote.sync.any.pred %q2, %p, 0xffffffff;
  vote.sync.uni.pred %q3, %p, 0xffffffff;
  vote.sync.ballot.b32 %r1, %p, 0xffffffff;
  vote.ballot.b32 %r2, %p;
  vote.sync.any.pred %q4, !%p, 0xffffffff;
  bar.red.popc.u32 %r3, 0, %p;
  bar.red.and.pred %q5, 0, %p;
  bar.red.or.pred %q0, 0, !%p;
  selp.u32 %r4, 1, 0, %q1;
  selp.u32 %r5, 2, 0, %q2;
  add.u32 %r4, %r4, %r5;
  selp.u32 %r5, 4, 0, %q3;
  add.u32 %r4, %r4, %r5;
  selp.u32 %r5, 8, 0, %q4;
  add.u32 %r4, %r4, %r5;
  selp.u32 %r5, 16, 0, %q5;
  add.u32 %r4, %r4, %r5;
  selp.u32 %r5, 32, 0, %q0;
  add.u32 %r4, %r4, %r5;
  st.global.u32 [%pout], %r4;
  st.global.u32 [%pout+8], %r1;
  st.global.u32 [%pout+16], %r2;
  st.global.u32 [%pout+24], %r3;";
    let ptx = HEADER.to_string() + &entry("k", decls, 1, 4, body);
    let j = compile_or_gap("vote/bar.red", &ptx).expect("runs");
    let mut rng = Rng(102);
    let warps = 4;
    let n = 32 * warps;
    // per warp: all set, none set, random, one lane set; then the same block all set
    let patterns: Vec<Vec<bool>> = vec![
        (0..n)
            .map(|t| {
                t / 32 != 1
                    && (t / 32 != 2 || rng.next().is_multiple_of(2))
                    && (t / 32 != 3 || t % 32 == 9)
            })
            .collect(),
        vec![true; n],
        vec![false; n],
        (0..n).map(|_| rng.next().is_multiple_of(3)).collect(),
    ];
    for p in patterns {
        let input: Vec<u64> = p.iter().map(|b| *b as u64).collect();
        let out = launch(&j, "k", 1, n as u32, &input, 4 * n);
        let popc = p.iter().filter(|b| **b).count() as u64;
        for t in 0..n {
            let w = &p[t / 32 * 32..t / 32 * 32 + 32];
            let ballot = w
                .iter()
                .enumerate()
                .fold(0u64, |m, (k, b)| m | ((*b as u64) << k));
            let all = w.iter().all(|b| *b);
            let any = w.iter().any(|b| *b);
            let uni = all || !any;
            let any_not = !all;
            let flags = all as u64
                | (any as u64) << 1
                | (uni as u64) << 2
                | (any_not as u64) << 3
                | ((popc == n as u64) as u64) << 4
                | ((popc < n as u64) as u64) << 5;
            assert_eq!(
                out[4 * t],
                flags,
                "thread {t}: all/any/uni/any-not/bar.and/bar.or"
            );
            assert_eq!(out[4 * t + 1], ballot, "thread {t}: vote.sync.ballot");
            assert_eq!(out[4 * t + 2], ballot, "thread {t}: vote.ballot");
            assert_eq!(out[4 * t + 3], popc, "thread {t}: bar.red.popc");
        }
    }
}

#[test]
fn lane_special_registers() {
    let body = "  mov.u32 %r1, %laneid;
  mov.u32 %r2, %lanemask_eq;
  mov.u32 %r3, %lanemask_lt;
  mov.u32 %r4, %lanemask_le;
  mov.u32 %r5, %lanemask_gt;
  mov.u32 %r6, %lanemask_ge;
  st.global.u32 [%pout], %r1;
  st.global.u32 [%pout+8], %r2;
  st.global.u32 [%pout+16], %r3;
  st.global.u32 [%pout+24], %r4;
  st.global.u32 [%pout+32], %r5;
  st.global.u32 [%pout+40], %r6;";
    let ptx = HEADER.to_string() + &entry("k", "  .reg .b32 %r<8>;", 1, 6, body);
    let j = compile_or_gap("%laneid/%lanemask_*", &ptx).expect("runs");
    let n = 64;
    let out = launch(&j, "k", 1, n as u32, &[0], 6 * n);
    for t in 0..n {
        let lane = (t % 32) as u32;
        let eq = 1u32 << lane;
        let lt = eq - 1;
        let le = lt | eq;
        let want = [lane, eq, lt, le, !le, !lt];
        let got: Vec<u32> = out[6 * t..6 * t + 6].iter().map(|v| *v as u32).collect();
        assert_eq!(got, want, "thread {t}: laneid, lanemask eq/lt/le/gt/ge");
    }
}

/// `activemask` where the active threads are unambiguous: at the kernel's
/// entry (every existing lane of the warp: the block's last warp is partial)
/// and inside a branch that some lanes take (those lanes).
#[test]
fn activemask_at_entry_and_in_a_branch() {
    let body = "  activemask.b32 %r1;
  st.global.u32 [%pout], %r1;
  ld.global.u32 %a, [%pin];
  setp.ne.u32 %p, %a, 0;
  @!%p bra SKIP;
  activemask.b32 %r2;
  st.global.u32 [%pout+8], %r2;
SKIP:";
    let decls = "  .reg .b32 %a, %r1, %r2;\n  .reg .pred %p;";
    let ptx = HEADER.to_string() + &entry("k", decls, 1, 2, body);
    let j = compile_or_gap("activemask", &ptx).expect("runs");
    let n = 80; // warps of 32, 32 and 16 lanes
    let mut rng = Rng(103);
    // warp 0 random, warp 1 a single lane, warp 2 all of its lanes
    let taken: Vec<bool> = (0..n)
        .map(|t| match t / 32 {
            0 => rng.next().is_multiple_of(2),
            1 => t % 32 == 17,
            _ => true,
        })
        .collect();
    let input: Vec<u64> = taken.iter().map(|&b| b as u64).collect();
    let out = launch(&j, "k", 1, n as u32, &input, 2 * n);
    for t in 0..n {
        let w0 = t / 32 * 32;
        let lanes = (n - w0).min(32);
        let existing = if lanes == 32 {
            u32::MAX
        } else {
            (1u32 << lanes) - 1
        };
        let in_branch = (0..lanes)
            .filter(|k| taken[w0 + k])
            .fold(0u32, |m, k| m | 1 << k);
        assert_eq!(
            out[2 * t] as u32,
            existing,
            "thread {t}: activemask at entry"
        );
        let want = if taken[t] { in_branch } else { 0 };
        assert_eq!(
            out[2 * t + 1] as u32,
            want,
            "thread {t}: activemask in the branch"
        );
    }
}

/// `redux.sync` of every operation and type, each lane running it only when
/// it is in the member mask: a full warp, a random mask, a single lane.
#[test]
fn redux_sync_over_member_masks() {
    type Fold = fn(u32, u32) -> u32;
    let kinds: [(&str, u32, Fold); 9] = [
        ("add.u32", 0, u32::wrapping_add),
        ("add.s32", 0, u32::wrapping_add),
        ("min.s32", i32::MAX as u32, |a, b| {
            (a as i32).min(b as i32) as u32
        }),
        ("max.s32", i32::MIN as u32, |a, b| {
            (a as i32).max(b as i32) as u32
        }),
        ("min.u32", u32::MAX, u32::min),
        ("max.u32", 0, u32::max),
        ("and.b32", u32::MAX, |a, b| a & b),
        ("or.b32", 0, |a, b| a | b),
        ("xor.b32", 0, |a, b| a ^ b),
    ];
    let n = 96;
    let mut rng = Rng(104);
    let edges = [0u32, 1, u32::MAX, 0x8000_0000, 0x7fff_ffff, 0xffff_0000];
    let values: Vec<u32> = (0..n)
        .map(|t| match t % 5 {
            0 => edges[(t / 5) % edges.len()],
            _ => rng.next() as u32,
        })
        .collect();
    let masks = [u32::MAX, (rng.next() as u32) | 0x10, 1 << 7];
    let input: Vec<u64> = (0..n)
        .flat_map(|t| [values[t] as u64, masks[t / 32] as u64])
        .collect();
    for (kind, identity, fold) in kinds {
        let body = format!(
            "  ld.global.u32 %a, [%pin];
  ld.global.u32 %m, [%pin+8];
  mov.u32 %l, %laneid;
  shr.b32 %s, %m, %l;
  and.b32 %s, %s, 1;
  setp.ne.u32 %p, %s, 0;
  @!%p bra SKIP;
  redux.sync.{kind} %r, %a, %m;
  st.global.u32 [%pout], %r;
SKIP:"
        );
        let decls = "  .reg .b32 %a, %m, %l, %s, %r;\n  .reg .pred %p;";
        let ptx = HEADER.to_string() + &entry("k", decls, 2, 1, &body);
        let what = format!("redux.sync.{kind}");
        let j = compile_or_gap(&what, &ptx).expect("runs");
        let out = launch(&j, "k", 1, n as u32, &input, n);
        for t in 0..n {
            let (w0, mask) = (t / 32 * 32, masks[t / 32]);
            let want = if mask >> (t % 32) & 1 == 1 {
                (0..32)
                    .filter(|k| mask >> k & 1 == 1)
                    .fold(identity, |acc, k| fold(acc, values[w0 + k]))
            } else {
                0
            };
            assert_eq!(
                out[t] as u32, want,
                "{what}, thread {t}, member mask {mask:#x}"
            );
        }
    }
}
