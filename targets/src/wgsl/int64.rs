//! 64-bit integers without WGSL's `i64`: the IR computes byte offsets in
//! `i64` (`extsi`, `muli`, `ptr.ptr_add`), of which only the low word
//! matters (buffers are under 4 GiB), so an `i64` is an `i32` holding its low
//! word unless some use needs the high word ([`Wide`]); those are
//! `vec2<u32>` (low, high) with the arithmetic below.
//!
//! The low word of `a + b`, `a - b`, `a * b`, `a << n`, `a & b`, ... depends
//! only on the low words of the operands, so the need for the high word
//! flows backwards from the uses that read it (comparisons, divisions, right
//! shifts, conversions to float, stores, atomics, shuffles) through those
//! ops and through the values structured ops carry.

use super::Helper;
use cuwasm::{Context, OpId, ValueId};
use std::collections::HashSet;

/// The `i64` values whose high word is needed.
#[derive(Default)]
pub struct Wide(HashSet<ValueId>);

impl Wide {
    pub fn contains(&self, v: ValueId) -> bool {
        self.0.contains(&v)
    }
}

fn is_i64(ctx: &Context, v: ValueId) -> bool {
    ctx.int_width(ctx.value_type(v)) == Some(64)
}

/// Find the `i64` values of `func` whose high word is needed.
pub fn analyze(ctx: &Context, func: OpId) -> Wide {
    let ops = ctx.walk_preorder(func);
    let mut wide = Wide::default();
    loop {
        let before = wide.0.len();
        for &op in ops.iter().rev() {
            for v in needs_full(ctx, op, &wide) {
                if is_i64(ctx, v) {
                    wide.0.insert(v);
                }
            }
        }
        if wide.0.len() == before {
            return wide;
        }
    }
}

/// The operands (and carried values) of `op` whose high word `op` needs,
/// given which of its results need theirs.
fn needs_full(ctx: &Context, op: OpId, wide: &Wide) -> Vec<ValueId> {
    let operands = ctx.operands(op);
    let result_wide = ctx.results(op).any(|r| wide.contains(r));
    match ctx.op_name_text(op) {
        // Low word from low words.
        "arith.addi" | "arith.subi" | "arith.muli" | "arith.andi" | "arith.ori" | "arith.xori"
            if result_wide =>
        {
            operands.to_vec()
        }
        "arith.shli" if result_wide => vec![operands[0]],
        "arith.select" if result_wide => operands[1..].to_vec(),
        "arith.addi" | "arith.subi" | "arith.muli" | "arith.andi" | "arith.ori" | "arith.xori"
        | "arith.shli" | "arith.select" => Vec::new(),
        // Low word only.
        "arith.trunci" | "arith.index_cast" | "arith.index_castui" | "arith.extsi"
        | "arith.extui" | "arith.constant" | "ptr.ptr_add" | "ptr.load" | "cuda.ldg" => Vec::new(),
        "arith.shrsi" | "arith.shrui" => vec![operands[0]],
        "scf.if" | "scf.index_switch" => carried_by_branches(ctx, op, wide),
        "scf.while" => carried_by_while(ctx, op, wide),
        "scf.for" => carried_by_for(ctx, op, wide),
        "scf.yield" | "scf.condition" => Vec::new(),
        // Address-only operands: the pointer of a memory op.
        "ptr.store" => vec![operands[0]],
        // Everything else reads its operands whole.
        _ => operands.to_vec(),
    }
}

fn carried_by_branches(ctx: &Context, op: OpId, wide: &Wide) -> Vec<ValueId> {
    let mut out = Vec::new();
    for (i, r) in ctx.results(op).enumerate() {
        if wide.contains(r) {
            for &region in ctx.regions(op) {
                if let Some(t) = ctx.entry_block(region).and_then(|b| ctx.terminator(b)) {
                    out.push(ctx.operand(t, i));
                }
            }
        }
    }
    out
}

fn carried_by_while(ctx: &Context, op: OpId, wide: &Wide) -> Vec<ValueId> {
    let before = ctx.entry_block(ctx.region(op, 0)).unwrap();
    let after = ctx.entry_block(ctx.region(op, 1)).unwrap();
    let cond = ctx.terminator(before).unwrap();
    let yield_op = ctx.terminator(after).unwrap();
    let mut out = Vec::new();
    for (i, &arg) in ctx.block_args(before).iter().enumerate() {
        if wide.contains(arg) {
            out.extend([ctx.operand(op, i), ctx.operand(yield_op, i)]);
        }
    }
    for (i, &arg) in ctx.block_args(after).iter().enumerate() {
        if wide.contains(arg) || wide.contains(ctx.result(op, i)) {
            out.push(ctx.operand(cond, i + 1));
        }
    }
    // The condition itself is an i1; the loop's operands feed the before args.
    out
}

fn carried_by_for(ctx: &Context, op: OpId, wide: &Wide) -> Vec<ValueId> {
    let body = ctx.entry_block(ctx.region(op, 0)).unwrap();
    let yield_op = ctx.terminator(body).unwrap();
    let mut out: Vec<ValueId> = ctx.operands(op)[..3].to_vec();
    for (i, r) in ctx.results(op).enumerate() {
        if wide.contains(r) || wide.contains(ctx.block_arg(body, i + 1)) {
            out.extend([ctx.operand(op, 3 + i), ctx.operand(yield_op, i)]);
        }
    }
    out
}

// ---- the arithmetic, as WGSL helpers ------------------------------------------------

pub const ADD: Helper = Helper {
    name: "cuwasm_add64",
    deps: &[],
    text: "fn cuwasm_add64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
    let lo = a.x + b.x;
    return vec2<u32>(lo, a.y + b.y + select(0u, 1u, lo < a.x));
}",
};

pub const SUB: Helper = Helper {
    name: "cuwasm_sub64",
    deps: &[],
    text: "fn cuwasm_sub64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
    return vec2<u32>(a.x - b.x, a.y - b.y - select(0u, 1u, a.x < b.x));
}",
};

/// The 64-bit product of two `u32`s, from 16-bit halves.
pub const MUL_WIDE: Helper = Helper {
    name: "cuwasm_mul32x32",
    deps: &[],
    text: "fn cuwasm_mul32x32(a: u32, b: u32) -> vec2<u32> {
    let a0 = a & 0xffffu;
    let a1 = a >> 16u;
    let b0 = b & 0xffffu;
    let b1 = b >> 16u;
    let p00 = a0 * b0;
    let p01 = a0 * b1;
    let p10 = a1 * b0;
    let mid = (p00 >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
    let hi = a1 * b1 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u);
    return vec2<u32>((p00 & 0xffffu) | (mid << 16u), hi);
}",
};

pub const MUL: Helper = Helper {
    name: "cuwasm_mul64",
    deps: &[&MUL_WIDE],
    text: "fn cuwasm_mul64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
    let p = cuwasm_mul32x32(a.x, b.x);
    return vec2<u32>(p.x, p.y + a.x * b.y + a.y * b.x);
}",
};

/// Shifts take the amount modulo 64 (LLVM leaves larger amounts undefined).
pub const SHL: Helper = Helper {
    name: "cuwasm_shl64",
    deps: &[],
    text: "fn cuwasm_shl64(a: vec2<u32>, n: u32) -> vec2<u32> {
    let s = n & 63u;
    if s == 0u {
        return a;
    }
    if s >= 32u {
        return vec2<u32>(0u, a.x << (s - 32u));
    }
    return vec2<u32>(a.x << s, (a.y << s) | (a.x >> (32u - s)));
}",
};

pub const SHRU: Helper = Helper {
    name: "cuwasm_shru64",
    deps: &[],
    text: "fn cuwasm_shru64(a: vec2<u32>, n: u32) -> vec2<u32> {
    let s = n & 63u;
    if s == 0u {
        return a;
    }
    if s >= 32u {
        return vec2<u32>(a.y >> (s - 32u), 0u);
    }
    return vec2<u32>((a.x >> s) | (a.y << (32u - s)), a.y >> s);
}",
};

pub const SHRS: Helper = Helper {
    name: "cuwasm_shrs64",
    deps: &[],
    text: "fn cuwasm_shrs64(a: vec2<u32>, n: u32) -> vec2<u32> {
    let s = n & 63u;
    let hi = bitcast<i32>(a.y);
    if s == 0u {
        return a;
    }
    if s >= 32u {
        return vec2<u32>(bitcast<u32>(hi >> (s - 32u)), bitcast<u32>(hi >> 31u));
    }
    return vec2<u32>((a.x >> s) | (a.y << (32u - s)), bitcast<u32>(hi >> s));
}",
};

pub const ULT: Helper = Helper {
    name: "cuwasm_ult64",
    deps: &[],
    text: "fn cuwasm_ult64(a: vec2<u32>, b: vec2<u32>) -> bool {
    return a.y < b.y || (a.y == b.y && a.x < b.x);
}",
};

pub const SLT: Helper = Helper {
    name: "cuwasm_slt64",
    deps: &[],
    text: "fn cuwasm_slt64(a: vec2<u32>, b: vec2<u32>) -> bool {
    let ah = bitcast<i32>(a.y);
    let bh = bitcast<i32>(b.y);
    return ah < bh || (ah == bh && a.x < b.x);
}",
};

/// Unsigned quotient (`xy`) and remainder (`zw`) by long division; a zero
/// divisor gives an all-ones quotient and the dividend as remainder, without
/// trapping.
pub const UDIVREM: Helper = Helper {
    name: "cuwasm_udivrem64",
    deps: &[&ULT, &SUB],
    text: "fn cuwasm_udivrem64(a: vec2<u32>, b: vec2<u32>) -> vec4<u32> {
    if a.y == 0u && b.y == 0u && b.x != 0u {
        return vec4<u32>(a.x / b.x, 0u, a.x % b.x, 0u);
    }
    var q = vec2<u32>(0u, 0u);
    var r = vec2<u32>(0u, 0u);
    for (var i = 63i; i >= 0i; i = i - 1i) {
        let word = select(a.x, a.y, i >= 32i);
        let bit = (word >> (u32(i) & 31u)) & 1u;
        r = vec2<u32>((r.x << 1u) | bit, (r.y << 1u) | (r.x >> 31u));
        if !cuwasm_ult64(r, b) {
            r = cuwasm_sub64(r, b);
            if i >= 32i {
                q.y = q.y | (1u << (u32(i) - 32u));
            } else {
                q.x = q.x | (1u << u32(i));
            }
        }
    }
    return vec4<u32>(q, r);
}",
};

pub const NEG: Helper = Helper {
    name: "cuwasm_neg64",
    deps: &[&SUB],
    text: "fn cuwasm_neg64(a: vec2<u32>) -> vec2<u32> {
    return cuwasm_sub64(vec2<u32>(0u, 0u), a);
}",
};

/// Signed quotient and remainder (C's truncating division).
pub const SDIVREM: Helper = Helper {
    name: "cuwasm_sdivrem64",
    deps: &[&UDIVREM, &NEG],
    text: "fn cuwasm_sdivrem64(a: vec2<u32>, b: vec2<u32>) -> vec4<u32> {
    let an = bitcast<i32>(a.y) < 0i;
    let bn = bitcast<i32>(b.y) < 0i;
    let ua = select(a, cuwasm_neg64(a), an);
    let ub = select(b, cuwasm_neg64(b), bn);
    let qr = cuwasm_udivrem64(ua, ub);
    let q = select(qr.xy, cuwasm_neg64(qr.xy), an != bn);
    let r = select(qr.zw, cuwasm_neg64(qr.zw), an);
    return vec4<u32>(q, r);
}",
};

/// Correctly rounded: the top 32 bits with a sticky bit for the rest, then
/// an exact scaling.
pub const U_TO_F32: Helper = Helper {
    name: "cuwasm_u64_to_f32",
    deps: &[],
    text: "fn cuwasm_u64_to_f32(a: vec2<u32>) -> f32 {
    if a.y == 0u {
        return f32(a.x);
    }
    let s = 32u - countLeadingZeros(a.y);
    let top = select((a.y << (32u - s)) | (a.x >> s), a.y, s == 32u);
    let lost = a.x << (32u - s);
    return f32(top | select(0u, 1u, lost != 0u)) * exp2(f32(s));
}",
};

pub const S_TO_F32: Helper = Helper {
    name: "cuwasm_s64_to_f32",
    deps: &[&U_TO_F32, &NEG],
    text: "fn cuwasm_s64_to_f32(a: vec2<u32>) -> f32 {
    let negative = bitcast<i32>(a.y) < 0i;
    let m = cuwasm_u64_to_f32(select(a, cuwasm_neg64(a), negative));
    return select(m, -m, negative);
}",
};

/// `x` (an `i32`) sign-extended to a wide `i64`.
pub fn sign_extend(x: &str) -> String {
    format!("vec2<u32>(bitcast<u32>({x}), select(0u, 0xffffffffu, {x} < 0i))")
}

/// The wide constant `v`.
pub fn constant(v: i128) -> String {
    let v = v as u64;
    format!("vec2<u32>({}u, {}u)", v as u32, (v >> 32) as u32)
}
