//! State spaces: which memory each pointer value of a function points into,
//! so that loads, stores and atomics name the space (`ld.global`,
//! `ld.shared`, ...) instead of going through generic addresses.
//!
//! A forward analysis to a fixed point over the function's pointer values:
//! kernel pointer parameters are global (CUDA passes device memory;
//! `cvta.to.global` once at entry), `cuda.shared_alloc`/`dynamic_shared` are
//! shared, `cuda.alloca` is local, `cuda.global_addr` is the variable's
//! space, a pointer type with an address space (`#llvm.address_space<3>`,
//! the PTX frontend's) is that space, `ptr_add` keeps its base's space, and
//! where values meet (`select`, region results, loop-carried values) the
//! spaces join: equal spaces stay, different ones are generic. Pointers
//! loaded from memory, constants and anything else are generic, except the
//! PTX frontend's global addresses: `#ptr.null` plus an integer made of a
//! kernel's 64-bit parameter and offsets (a pointer parameter, as nvcc's
//! `cvta.to.global` of it, which the frontend reads as the identity).

use super::types::Class;
use cuwasm::{Context, OpId, RegionId, ValueId};
use cuwasm_dialects::cuda::MemSpace;
use std::collections::HashMap;

/// A PTX state space of a pointer.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(super) enum Space {
    Global,
    Shared,
    Local,
    Const,
    Generic,
}

impl Space {
    /// The space qualifier of `ld`/`st`/`atom` (empty for generic).
    pub(super) fn qualifier(self) -> &'static str {
        match self {
            Space::Global => ".global",
            Space::Shared => ".shared",
            Space::Local => ".local",
            Space::Const => ".const",
            Space::Generic => "",
        }
    }

    /// The register an address in this space takes: shared addresses are
    /// 32-bit, the rest 64-bit.
    pub(super) fn class(self) -> Class {
        match self {
            Space::Shared => Class::B32,
            _ => Class::B64,
        }
    }

    fn join(a: Option<Space>, b: Space) -> Space {
        match a {
            None => b,
            Some(a) if a == b => a,
            Some(_) => Space::Generic,
        }
    }

    /// The space a pointer type names (`None` for the generic space).
    pub(super) fn of_type(ctx: &Context, ty: cuwasm::Type) -> Option<Space> {
        let (_, body) = ctx.dialect_type_name(ty)?;
        match body?.trim() {
            "#llvm.address_space<1>" => Some(Space::Global),
            "#llvm.address_space<3>" => Some(Space::Shared),
            "#llvm.address_space<4>" => Some(Space::Const),
            "#llvm.address_space<5>" => Some(Space::Local),
            _ => None,
        }
    }
}

/// The space of every pointer value of function `f`.
pub(super) struct Spaces {
    map: HashMap<ValueId, Space>,
}

impl Spaces {
    pub(super) fn get(&self, v: ValueId) -> Space {
        self.map.get(&v).copied().unwrap_or(Space::Generic)
    }
}

struct Analysis<'a> {
    ctx: &'a Context,
    globals: &'a HashMap<String, MemSpace>,
    map: HashMap<ValueId, Space>,
    /// What each integer value is made of (for addresses the PTX frontend
    /// builds as `#ptr.null + integer`).
    ints: HashMap<ValueId, Provenance>,
    kernel: bool,
    changed: bool,
}

/// What an integer is made of: a kernel's 64-bit parameter (a global
/// address: CUDA passes device memory) plus offsets, offsets only
/// (constants, ids, 32-bit parameters and arithmetic on them), or anything
/// else (a loaded value, ...).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Provenance {
    Param,
    Offset,
    Unknown,
}

/// Analyse `f`; `kernel` says whether its pointer parameters are global.
pub(super) fn analyze(
    ctx: &Context,
    f: OpId,
    kernel: bool,
    globals: &HashMap<String, MemSpace>,
) -> Spaces {
    let mut a = Analysis {
        ctx,
        globals,
        map: HashMap::new(),
        ints: HashMap::new(),
        kernel,
        changed: true,
    };
    // A by-value struct is copied to a .local array (function.rs).
    let byval = cuwasm_dialects::cpu_abi::byval_bytes(ctx, f);
    if let Some(entry) = ctx.entry_block(ctx.region(f, 0)) {
        for (i, &arg) in ctx.block_args(entry).iter().enumerate() {
            if is_pointer(ctx, arg) {
                let s = match (kernel, byval.get(i)) {
                    (true, Some(&n)) if n > 0 => Space::Local,
                    (true, _) => Space::Global,
                    _ => Space::Generic,
                };
                a.set(arg, s);
            } else if ctx.is_int_or_index(ctx.value_type(arg)) {
                let wide = ctx.int_width(ctx.value_type(arg)).is_none_or(|w| w == 64);
                let p = if kernel && wide {
                    Provenance::Param
                } else {
                    Provenance::Offset
                };
                a.set_int(arg, p);
            }
        }
    }
    let ops = ctx.walk_preorder(f);
    while a.changed {
        a.changed = false;
        for &op in &ops {
            a.transfer(op);
        }
    }
    Spaces { map: a.map }
}

/// Is `v` the null pointer constant?
pub(super) fn is_null(ctx: &Context, v: ValueId) -> bool {
    ctx.defining_op(v).is_some_and(|d| {
        ctx.is_op(d, "ptr.constant")
            && ctx
                .prop(d, "value")
                .is_some_and(|a| ctx.attr_to_string(a).starts_with("#ptr.null"))
    })
}

fn is_pointer(ctx: &Context, v: ValueId) -> bool {
    cuwasm_dialects::ptr::is_ptr(ctx, ctx.value_type(v))
}

impl Analysis<'_> {
    /// Join `s` into `v`'s space (a typed address space always wins).
    fn set(&mut self, v: ValueId, s: Space) {
        let s = Space::of_type(self.ctx, self.ctx.value_type(v)).unwrap_or(s);
        let new = Space::join(self.map.get(&v).copied(), s);
        if self.map.insert(v, new) != Some(new) {
            self.changed = true;
        }
    }

    /// Join provenance `p` into integer `v`'s.
    fn set_int(&mut self, v: ValueId, p: Provenance) {
        let new = match self.ints.get(&v) {
            Some(&old) if old != p => Provenance::Unknown,
            _ => p,
        };
        if self.ints.insert(v, new) != Some(new) {
            self.changed = true;
        }
    }

    /// The provenance of integer `op`'s result from its operands' (`None`
    /// until they are known).
    fn int_transfer(&self, op: OpId) -> Option<Provenance> {
        use Provenance::{Offset, Param, Unknown};
        let ctx = self.ctx;
        let arg = |i: usize| self.ints.get(&ctx.operand(op, i)).copied();
        Some(match ctx.op_name_text(op) {
            "arith.constant" | "gpu.thread_id" | "gpu.block_id" | "gpu.block_dim"
            | "gpu.grid_dim" | "gpu.lane_id" | "cuda.thread_idx" | "cuda.block_idx"
            | "cuda.block_dim" | "cuda.grid_dim" | "cuda.lane_id" | "cuda.warp_size" => Offset,
            "arith.index_castui" | "arith.index_cast" | "arith.extsi" | "arith.extui"
            | "arith.trunci" => arg(0)?,
            "arith.addi" => match (arg(0)?, arg(1)?) {
                (Param, Offset) | (Offset, Param) => Param,
                (Offset, Offset) => Offset,
                _ => Unknown,
            },
            "arith.subi" => match (arg(0)?, arg(1)?) {
                (Param, Offset) => Param,
                (Offset, Offset) | (Param, Param) => Offset,
                _ => Unknown,
            },
            "arith.muli" | "arith.shli" | "arith.shrui" | "arith.shrsi" | "arith.andi"
            | "arith.ori" | "arith.xori" | "arith.divsi" | "arith.divui" | "arith.remsi"
            | "arith.remui" | "arith.minsi" | "arith.maxsi" | "arith.minui" | "arith.maxui" => {
                match (arg(0)?, arg(1)?) {
                    (Offset, Offset) => Offset,
                    _ => Unknown,
                }
            }
            _ => Unknown,
        })
    }

    /// Join the space (or provenance) of `from` (once known) into `to`.
    fn flow(&mut self, from: ValueId, to: ValueId) {
        if !is_pointer(self.ctx, to) {
            if let Some(&p) = self.ints.get(&from) {
                self.set_int(to, p);
            }
            return;
        }
        let typed = Space::of_type(self.ctx, self.ctx.value_type(from));
        if let Some(s) = self.map.get(&from).copied().or(typed) {
            self.set(to, s);
        }
    }

    /// The operands of the terminator of `region`'s block, from `skip` on.
    fn yielded(&self, region: RegionId, skip: usize) -> Vec<ValueId> {
        let ctx = self.ctx;
        ctx.entry_block(region)
            .and_then(|b| ctx.terminator(b))
            .map(|t| ctx.operands(t).iter().skip(skip).copied().collect())
            .unwrap_or_default()
    }

    fn block_args(&self, region: RegionId) -> Vec<ValueId> {
        self.ctx
            .entry_block(region)
            .map(|b| self.ctx.block_args(b).to_vec())
            .unwrap_or_default()
    }

    fn transfer(&mut self, op: OpId) {
        let ctx = self.ctx;
        let results: Vec<ValueId> = ctx.results(op).collect();
        match ctx.op_name_text(op) {
            // `#ptr.null + (a kernel's pointer parameter + offsets)`: the PTX
            // frontend's global address
            "ptr.ptr_add"
                if self.kernel
                    && is_null(ctx, ctx.operand(op, 0))
                    && self.ints.get(&ctx.operand(op, 1)) == Some(&Provenance::Param) =>
            {
                self.set(results[0], Space::Global)
            }
            "ptr.ptr_add" => self.flow(ctx.operand(op, 0), results[0]),
            "cuda.shared_alloc" | "cuda.dynamic_shared" | "gpu.dynamic_shared_memory" => {
                self.set(results[0], Space::Shared)
            }
            "cuda.alloca" => self.set(results[0], Space::Local),
            "cuda.global_addr" => {
                let name = super::memory::global_name(ctx, op).unwrap_or("");
                let s = match self.globals.get(name) {
                    Some(MemSpace::Constant) => Space::Const,
                    Some(MemSpace::Global) => Space::Global,
                    _ => Space::Generic,
                };
                self.set(results[0], s);
            }
            // A cast to the generic space still points where it did.
            "cuda.addrspace_cast" => self.flow(ctx.operand(op, 0), results[0]),
            "arith.select" if is_pointer(ctx, results[0]) => {
                self.flow(ctx.operand(op, 1), results[0]);
                self.flow(ctx.operand(op, 2), results[0]);
            }
            "scf.if" | "scf.index_switch" | "scf.execute_region" => {
                for &r in ctx.regions(op) {
                    for (v, &res) in self.yielded(r, 0).into_iter().zip(&results) {
                        self.flow(v, res);
                    }
                }
            }
            "scf.while" => {
                let (before, after) = (ctx.region(op, 0), ctx.region(op, 1));
                let args = self.block_args(before);
                for (i, &arg) in args.iter().enumerate() {
                    self.flow(ctx.operand(op, i), arg);
                }
                for (v, &arg) in self.yielded(after, 0).into_iter().zip(&args) {
                    self.flow(v, arg);
                }
                let cond = self.yielded(before, 1);
                let after_args = self.block_args(after);
                for (i, &v) in cond.iter().enumerate() {
                    if let Some(&a) = after_args.get(i) {
                        self.flow(v, a);
                    }
                    if let Some(&r) = results.get(i) {
                        self.flow(v, r);
                    }
                }
            }
            "scf.for" => {
                let region = ctx.region(op, 0);
                let args = self.block_args(region);
                for (i, &arg) in args.iter().enumerate().skip(1) {
                    self.flow(ctx.operand(op, i + 2), arg);
                }
                for (v, &arg) in self.yielded(region, 0).into_iter().zip(args.iter().skip(1)) {
                    self.flow(v, arg);
                }
                for (&arg, &r) in args.iter().skip(1).zip(&results) {
                    self.flow(arg, r);
                }
            }
            "cf.br" | "cf.cond_br" => self.branch(op),
            "arith.select" => {
                self.flow(ctx.operand(op, 1), results[0]);
                self.flow(ctx.operand(op, 2), results[0]);
            }
            _ => {
                let int = self.int_transfer(op);
                for r in results {
                    if is_pointer(ctx, r) {
                        self.set(r, Space::Generic);
                    } else if let Some(p) = int {
                        self.set_int(r, p);
                    }
                }
            }
        }
    }

    /// Branch operands flow into the destination blocks' arguments.
    fn branch(&mut self, op: OpId) {
        let ctx = self.ctx;
        let succs = ctx.successors(op).to_vec();
        let operands = ctx.operands(op).to_vec();
        let groups: Vec<&[ValueId]> = if ctx.is_op(op, "cf.br") {
            vec![&operands[..]]
        } else {
            let sizes = super::control::cond_br_segments(ctx, op);
            let (t, f) = (sizes.0, sizes.1);
            vec![&operands[1..1 + t], &operands[1 + t..1 + t + f]]
        };
        for (block, vals) in succs.iter().zip(groups) {
            let args = ctx.block_args(*block).to_vec();
            for (&v, &a) in vals.iter().zip(&args) {
                self.flow(v, a);
            }
        }
    }
}
