//! Target cost models for the extraction, chosen with `egraph{target=...}`.
//!
//! Costs are in quarter units: 4 is one simple ALU instruction at full rate
//! (add, logic, shift, compare, select), 1 a constant (an immediate or one
//! cheap materializing instruction). They are relative throughput costs, not
//! latencies, and only the ordering between alternatives matters:
//!
//! | op | ptx | spirv / wgsl | wasm | cpu |
//! |---|---|---|---|---|
//! | int add/sub/logic/cmp/select/min/max, 32-bit | 4 | 4 | 4 | 4 |
//! | the same, 64-bit (index on ptx and cpu) | 8 (pairs of 32-bit ops) | 8 | 4 | 4 |
//! | shifts, 32 / 64-bit | 4 / 12 | 4 / 12 | 4 | 4 |
//! | int mul, 32 / 64-bit | 4 / 16 | 4 / 16 | 8 | 8 |
//! | int div/rem, 32 / 64-bit | 80 / 160 | 80 / 160 | 100 | 100 / 160 |
//! | float add/sub/mul, f32 (f64) | 4 (8) | 4 (32) | 4 | 4 |
//! | float neg, f32 (f64) | 2 (4) | 2 (16) | 2 | 2 |
//! | fma f32 (f64) | 4 (8) | 4 (32) | 60: a libm call | 4 |
//! | float div f32 | 32 | 16 | 16 | 16 |
//! | maximumf / maxnumf | 4 / 4 | 8 / 4 | 4 / 12 | 12 / 8 |
//! | int-float conversions | 16 | 8 | 8 | 8 |
//! | thread/block ids | 4 | 4 | 4 | 4 |
//! | sqrt / transcendental (math.*) | 16 / 40 | 16 / 40 | 16 / 80 | 16 / 60 |
//!
//! Vectors (the CPU path's `vector<4xf32>` lanes, on the CPU and Wasm
//! targets) cost what one SSE/NEON/SIMD128 instruction costs where the
//! targets have one: integer add, sub, logic, compare and min/max, 32-bit
//! multiply (twice that), float add/sub/mul (div 4x), a splat; a select of
//! masks is a bit-select (3 instructions on x86, 1 on Wasm), a vector
//! constant a splat of its element. Every other vector op is scalarized by
//! the targets (shifts, divisions, casts but int/float of one width,
//! arithmetic and compares on masks): each lane's scalar op plus an extract
//! and an insert.
//!
//! The cpu model describes the Cranelift target, which strength-reduces on
//! its own: a scalar multiplication by a constant costs a shift (and stays a
//! multiplication, which `lea` folds into addresses), a division or
//! remainder by a constant what Cranelift makes of it (shift/mask for
//! unsigned powers of two, 4 instructions for signed ones, a multiply-high
//! sequence of about 6 for others) — so the e-graph does not pay to do what
//! the backend does anyway.
//!
//! Why: GPUs have 32-bit integer units, so 64-bit ops (and `index`, 64-bit
//! on PTX) cost two or more instructions, and consumer GPUs behind SPIR-V and
//! WGSL run f64 at a small fraction of the f32 rate; integer division is a
//! long sequence or a microcoded instruction everywhere; fma is one
//! instruction on GPUs and on CPUs with FMA3 or NEON, but Wasm without
//! relaxed-simd has none (`f32.fma` does not exist) and must call a
//! correctly rounded software fma; Wasm's `f32.max` propagates NaN like
//! `maximumf`, while x86 needs a sequence for it. A float negation is a
//! sign flip, on GPUs usually an operand modifier of its user and on CPUs
//! folded into fused forms (`vfmsub`), hence half an instruction. On SPIR-V and Wasm
//! (wasm32) `index` is 32 bits wide.

use super::lang::{Node, OpKind, Scalar, Shape, Ty};
use super::rules::{self, EGraph, Konst};

/// The target a cost model describes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Target {
    Ptx,
    Spirv,
    Wasm,
    Cpu,
}

impl Target {
    /// `ptx`, `spirv` (or `wgsl`), `wasm`, `cpu`.
    pub fn parse(name: &str) -> Result<Target, String> {
        Ok(match name {
            "ptx" => Target::Ptx,
            "spirv" | "wgsl" => Target::Spirv,
            "wasm" => Target::Wasm,
            "cpu" => Target::Cpu,
            _ => {
                return Err(format!(
                    "option 'target' expects one of ptx, spirv, wgsl, wasm, cpu, got '{name}'"
                ));
            }
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Target::Ptx => "ptx",
            Target::Spirv => "spirv",
            Target::Wasm => "wasm",
            Target::Cpu => "cpu",
        }
    }

    /// Is `math.fma` one cheap instruction (so that forming it pays)?
    pub fn fma_is_cheap(self) -> bool {
        self != Target::Wasm
    }

    fn is_gpu(self) -> bool {
        matches!(self, Target::Ptx | Target::Spirv)
    }

    /// The width integer ops of type `ty` run at on this target.
    fn int_width(self, ty: Ty) -> u32 {
        match ty.scalar {
            Scalar::Int(w) => w,
            Scalar::Index if matches!(self, Target::Spirv | Target::Wasm) => 32,
            _ => 64,
        }
    }
}

/// One simple instruction.
const U: u64 = 4;

/// The cost of computing `node` once (0 for leaves that are already values,
/// and for types, literals and flags, which are never materialized).
/// `opaque_name` names the op of an [`Node::Opaque`] node.
pub fn node_cost(
    target: Target,
    eg: &EGraph,
    node: &Node,
    opaque_name: &dyn Fn(u32) -> String,
) -> u64 {
    match node {
        Node::Ty(_) | Node::Num(_) | Node::Fm(_) | Node::Val(..) => 0,
        Node::Int([t, _]) | Node::Flt([t, _]) => match eg[*t].data.ty() {
            Some(ty) if ty.is_vector() => 1 + U,
            _ => 1,
        },
        Node::Opaque(i, _) => opaque_cost(target, &opaque_name(*i)),
        Node::Op(k, ch) => {
            let ty = |id: egg::Id| eg[id].data.ty().expect("typed child");
            let result = ty(ch[0]);
            let operand = ty(ch[k.first_operand()]);
            let divisor = || match eg[ch[2]].data.konst() {
                Some(Konst::Int(v)) => result.int_width().map(|w| (v, w)),
                _ => None,
            };
            let constant = |i: usize| eg[ch[i]].data.konst().is_some();
            match k {
                OpKind::MulI
                    if target == Target::Cpu
                        && !result.is_vector()
                        && (constant(1) || constant(2)) =>
                {
                    U
                }
                k if target == Target::Cpu && k.is_division() && !result.is_vector() => divisor()
                    .map_or_else(
                        || op_cost(target, *k, result, operand),
                        |(v, w)| cpu_constant_division(*k, v, w),
                    ),
                _ => op_cost(target, *k, result, operand),
            }
        }
    }
}

/// A scalar division or remainder by the constant `v` (of width `w`) on the
/// CPU: the Cranelift target strength-reduces it itself, as it does a
/// multiplication by a constant (a shift or `lea`; cost [`U`], which also
/// keeps `i*4` where `lea` can fold it): an unsigned power of two is a shift
/// or a mask, a signed one the 4-instruction rounding sequence, any other
/// divisor a multiply-high sequence of about 6.
fn cpu_constant_division(kind: OpKind, v: i128, w: u32) -> u64 {
    let pow2 = rules::log2(v, w).is_some();
    match (kind, pow2) {
        (OpKind::DivUI | OpKind::RemUI, true) => U,
        (_, true) => 4 * U,
        _ => 6 * U,
    }
}

/// The cost of a known op with result type `ty` and first operand type `operand`.
pub fn op_cost(target: Target, kind: OpKind, ty: Ty, operand: Ty) -> u64 {
    use OpKind::*;
    if ty.is_vector() || operand.is_vector() {
        return vector_cost(target, kind, ty, operand);
    }
    let gpu = target.is_gpu();
    match kind.shape() {
        Shape::Int2 => {
            let t = if matches!(kind, CmpI(_)) { operand } else { ty };
            let wide = target.int_width(t) > 32;
            match kind {
                MulI => match (gpu, wide) {
                    (true, false) => U,
                    (true, true) => 4 * U,
                    (false, _) => 2 * U,
                },
                k if k.is_division() => match (target, wide) {
                    (Target::Wasm, _) | (Target::Cpu, false) => 25 * U,
                    (_, false) => 20 * U,
                    (_, true) => 40 * U,
                },
                ShLI | ShRSI | ShRUI if gpu && wide => 3 * U,
                _ if gpu && wide => 2 * U,
                _ => U,
            }
        }
        Shape::Float(_) | Shape::FloatCast => {
            let f64_factor = match (
                target,
                ty.scalar == Scalar::F64 || operand.scalar == Scalar::F64,
            ) {
                (_, false) | (Target::Wasm | Target::Cpu, true) => 1,
                (Target::Ptx, true) => 2,
                (Target::Spirv, true) => 8,
            };
            let base = match (kind, target) {
                (NegF, _) => U / 2,
                (Fma, Target::Wasm) => 15 * U,
                (DivF, Target::Ptx) => 8 * U,
                (DivF, _) => 4 * U,
                (RemF, _) => 20 * U,
                (MaximumF | MinimumF, Target::Spirv) => 2 * U,
                (MaximumF | MinimumF, Target::Cpu) => 3 * U,
                (MaxNumF | MinNumF, Target::Wasm) => 3 * U,
                (MaxNumF | MinNumF, Target::Cpu) => 2 * U,
                _ => U,
            };
            base * f64_factor
        }
        Shape::Select => {
            let wide = ty.is_int() && target.int_width(ty) > 32;
            if gpu && wide { 2 * U } else { U }
        }
        Shape::Cast => match kind {
            SIToFP | UIToFP | FPToSI | FPToUI if target == Target::Ptx => 4 * U,
            SIToFP | UIToFP | FPToSI | FPToUI => 2 * U,
            _ => U,
        },
    }
}

/// The cost of a lane-wise op on vectors (or of a splat).
fn vector_cost(target: Target, kind: OpKind, ty: Ty, operand: Ty) -> u64 {
    use OpKind::*;
    let mask = operand.scalar == Scalar::Int(1);
    let narrow = operand.int_width().is_some_and(|w| w <= 32);
    let simd = matches!(target, Target::Cpu | Target::Wasm);
    let width = |t: Ty| t.float_width().or(t.int_width());
    let native = match kind {
        Splat => Some(U),
        AndI | OrI | XOrI => Some(U),
        AddI | SubI | CmpI(_) if !mask => Some(U),
        MaxSI | MinSI | MaxUI | MinUI if narrow => Some(U),
        MulI if narrow => Some(2 * U),
        AddF | SubF | MulF | CmpF(_) => Some(U),
        NegF => Some(U / 2),
        DivF => Some(4 * U),
        Select if target == Target::Wasm => Some(U),
        Select => Some(3 * U),
        SIToFP | FPToSI if width(ty) == width(operand) => Some(2 * U),
        _ => None,
    };
    match native {
        Some(c) if simd => c,
        _ => {
            let lane = op_cost(target, kind, ty.element(), operand.element());
            ty.lanes.max(operand.lanes) as u64 * (lane + 2 * U)
        }
    }
}

/// Ops lifted without rules of their own, by name.
pub fn opaque_cost(target: Target, name: &str) -> u64 {
    let transcendental = match target {
        Target::Wasm => 20 * U,
        Target::Cpu => 15 * U,
        _ => 10 * U,
    };
    match name {
        "cuda.thread_idx" | "cuda.block_idx" | "cuda.block_dim" | "cuda.grid_dim"
        | "cuda.lane_id" | "cuda.warp_size" | "math.absf" | "math.copysign" | "arith.constant" => U,
        "math.sqrt" | "math.rsqrt" => 4 * U,
        "cuda.fast_math" => 2 * U,
        n if n.starts_with("math.") => transcendental,
        _ => 2 * U,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_differ_where_hardware_does() {
        let ctx = cuwasm::Context::new();
        let i64t = Ty::scalar(ctx.i64(), Scalar::Int(64));
        let f32t = Ty::scalar(ctx.f32(), Scalar::F32);
        assert!(
            op_cost(Target::Ptx, OpKind::AddI, i64t, i64t)
                > op_cost(Target::Cpu, OpKind::AddI, i64t, i64t)
        );
        assert!(
            op_cost(Target::Wasm, OpKind::Fma, f32t, f32t)
                > 2 * op_cost(Target::Wasm, OpKind::MulF, f32t, f32t)
        );
        assert!(
            op_cost(Target::Ptx, OpKind::Fma, f32t, f32t)
                < 2 * op_cost(Target::Ptx, OpKind::MulF, f32t, f32t)
        );
        for t in [Target::Ptx, Target::Spirv, Target::Wasm, Target::Cpu] {
            assert!(
                op_cost(t, OpKind::DivSI, i64t, i64t) > 4 * op_cost(t, OpKind::ShRSI, i64t, i64t)
            );
            assert_eq!(Target::parse(t.name()), Ok(t));
        }
        assert_eq!(Target::parse("wgsl"), Ok(Target::Spirv));
        assert!(Target::parse("x86").is_err());
    }
}
