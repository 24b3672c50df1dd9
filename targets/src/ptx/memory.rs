//! Memory: the `ptr` dialect, shared, dynamic shared and local arrays,
//! `__device__`/`__constant__` variables, `__ldg`, and address-space casts.
//!
//! An address is a register in its pointer's state space (`spaces.rs`) plus
//! a constant byte offset folded from `ptr_add`s of constants (`[%rd4+16]`).
//! Shared addresses are 32-bit: a 64-bit offset added to one is first
//! narrowed, recomputing its 32-bit arithmetic where it was extended from
//! i32 (so shared indexing stays 32-bit, as nvcc writes it). Global loads use
//! the non-coherent cache (`ld.global.nc`) for `__ldg`, and for every load of
//! a kernel that writes no memory that is not provably shared or local (so
//! nothing it reads can change while it runs). Atomic loads and stores (an
//! `ordering`) are `ld.relaxed`/`.acquire` and `st.relaxed`/`.release` at
//! the op's scope.

use super::function::FnEmitter;
use super::module::DYNAMIC_SHARED;
use super::spaces::{Space, is_null};
use super::types::{Class, Reg, Scalar, byte_size};
use super::vectorize::{MAX_FOLD, Plan, array_layout};
use cuwasm::{AttrData, Context, Diagnostic, OpId, ValueId};

/// The name of the `cuda.global_var` a `cuda.global_addr` names.
pub(super) fn global_name(ctx: &Context, op: OpId) -> Option<&str> {
    match ctx.prop(op, "global_name").map(|a| ctx.attr_data(a)) {
        Some(AttrData::SymbolRef { root, nested }) => {
            Some(ctx.symbol_str(*nested.last().unwrap_or(root)))
        }
        _ => None,
    }
}

impl FnEmitter<'_> {
    /// Emit a `ptr` op; `false` if it is none this target knows.
    pub(super) fn ptr_op(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        match self.ctx.op_name_text(op) {
            "ptr.ptr_add" if self.promoted.slot(self.ctx.result(op, 0)).is_some() => {}
            "ptr.load" | "ptr.store" if self.promoted_access(op)? || self.vector_access(op)? => {}
            "ptr.ptr_add" => self.ptr_add(op)?,
            "ptr.load" => self.load(op, false)?,
            "ptr.store" => self.store(op)?,
            "ptr.constant" => self.ptr_constant(op)?,
            "ptr.ptr_diff" => self.ptr_diff(op)?,
            "ptr.type_offset" => {
                let ctx = self.ctx;
                let elem = ctx.prop(op, "elementType").and_then(|a| ctx.attr_type(a));
                let size = elem.and_then(|t| byte_size(ctx, t)).ok_or_else(|| {
                    ctx.op_error(op, "has an element type the PTX target does not lay out")
                })?;
                let s = self.result_scalar(op, 0)?;
                let d = self.def_result(op, 0)?;
                self.line(format_args!("mov{} \t{d}, {size}", s.b()));
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Emit a `cuda` memory op; `false` if it is none.
    pub(super) fn memory_op(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        match self.ctx.op_name_text(op) {
            "cuda.shared_alloc" => self.array(op, ".shared")?,
            "cuda.alloca" if self.promoted.slot(self.ctx.result(op, 0)).is_some() => {}
            "cuda.alloca" => self.array(op, ".local")?,
            "cuda.dynamic_shared" => self.dynamic_shared(op)?,
            "cuda.global_addr" => self.global_addr(op)?,
            "cuda.ldg" => self.load(op, true)?,
            "cuda.addrspace_cast" => {
                let result = self.ctx.result(op, 0);
                let space = self.spaces.get(result);
                let r = self.pointer_in(op, self.ctx.operand(op, 0), space)?;
                self.bind(result, r);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// A load or store of a promoted alloca (`promote.rs`) as a move from or
    /// to its slot's register; `false` for any other access.
    fn promoted_access(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let ctx = self.ctx;
        let load = ctx.is_op(op, "ptr.load");
        let ptr = ctx.operand(op, if load { 0 } else { 1 });
        let Some(slot) = self.promoted.slot(ptr) else {
            return Ok(false);
        };
        let r = self.slot_reg(slot);
        if load {
            let d = self.def_result(op, 0)?;
            self.mov_bits(d, r);
        } else {
            let value = ctx.operand(op, 0);
            let v = if self.is_pointer(value) {
                self.pointer_in(op, value, Space::Generic)?
            } else {
                let v = self.get(op, value)?;
                if r.class == Class::B64 {
                    self.widen_index(v)
                } else {
                    v
                }
            };
            self.mov_bits(r, v);
        }
        Ok(true)
    }

    /// A load or store of a vector value (a byte blob the PTX frontend copies
    /// between parameter slots) as one access per element, the value kept as
    /// a register per element; `false` for a scalar access.
    fn vector_access(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let ctx = self.ctx;
        let load = ctx.is_op(op, "ptr.load");
        let (ptr, value) = if load {
            (ctx.operand(op, 0), ctx.result(op, 0))
        } else {
            (ctx.operand(op, 1), ctx.operand(op, 0))
        };
        let ty = ctx.value_type(value);
        let cuwasm::TypeData::Vector { shape, element, .. } = ctx.type_data(ty) else {
            return Ok(false);
        };
        let (lanes, element) = (shape.iter().product::<i64>(), *element);
        let s = Scalar::of(ctx, element)
            .filter(|s| *s != Scalar::I1 && shape.len() == 1)
            .ok_or_else(|| {
                ctx.op_error(
                    op,
                    format!(
                        "of '{}' is not supported by the PTX target",
                        ctx.type_to_string(ty)
                    ),
                )
            })?;
        let space = self.spaces.get(ptr);
        let (base, offset) = self.split_address(ptr);
        let (sp, mem) = (space.qualifier(), s.mem());
        let mut regs = Vec::new();
        for k in 0..lanes {
            let addr = self.address_of(op, base, offset + k * s.bytes() as i64)?;
            if load {
                let r = self.reg(s.class());
                self.line(format_args!("ld{sp}{mem} \t{r}, {addr}"));
                regs.push(r);
            } else {
                let r = self
                    .aggregates
                    .get(&value)
                    .and_then(|v| v.get(k as usize))
                    .copied();
                let r = r.ok_or_else(|| {
                    ctx.op_error(op, "stores a vector value the PTX target did not load")
                })?;
                self.line(format_args!("st{sp}{mem} \t{addr}, {r}"));
            }
        }
        if load {
            self.aggregates.insert(value, regs);
        }
        Ok(true)
    }

    /// `v` (a pointer used by `op`) as an address in `want`: converted
    /// through `cvta` when its own space differs.
    pub(super) fn pointer_in(
        &mut self,
        op: OpId,
        v: ValueId,
        want: Space,
    ) -> Result<Reg, Diagnostic> {
        let have = self.spaces.get(v);
        let r = self.get(op, v)?;
        Ok(self.convert_space(r, have, want))
    }

    fn convert_space(&mut self, r: Reg, have: Space, want: Space) -> Reg {
        if have == want {
            return r;
        }
        if have != Space::Generic && want != Space::Generic {
            let g = self.convert_space(r, have, Space::Generic);
            return self.convert_space(g, Space::Generic, want);
        }
        if want == Space::Generic {
            let wide = if have == Space::Shared {
                let t = self.reg(Class::B64);
                self.line(format_args!("cvt.u64.u32 \t{t}, {r}"));
                t
            } else {
                r
            };
            let d = self.reg(Class::B64);
            self.line(format_args!("cvta{}.u64 \t{d}, {wide}", have.qualifier()));
            return d;
        }
        let d = self.reg(Class::B64);
        self.line(format_args!("cvta.to{}.u64 \t{d}, {r}", want.qualifier()));
        if want == Space::Shared {
            let n = self.reg(Class::B32);
            self.line(format_args!("cvt.u32.u64 \t{n}, {d}"));
            return n;
        }
        d
    }

    fn ptr_add(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let result = ctx.result(op, 0);
        let space = self.spaces.get(result);
        let offset = ctx.operand(op, 1);
        if space == Space::Global && is_null(ctx, ctx.operand(op, 0)) {
            // the PTX frontend's global address: the integer is a generic one
            let off = self.get(op, offset).map(|r| self.widen_index(r))?;
            let d = self.def_result(op, 0)?;
            self.line(format_args!("cvta.to.global.u64 \t{d}, {off}"));
            return Ok(());
        }
        let base = self.pointer_in(op, ctx.operand(op, 0), space)?;
        let d = self.def_result(op, 0)?;
        if space == Space::Shared {
            let off = self.narrow(op, offset)?;
            self.line(format_args!("add.s32 \t{d}, {base}, {off}"));
            return Ok(());
        }
        let off = match self.scalar(op, offset)? {
            Scalar::I64 => self.get(op, offset).map(|r| self.widen_index(r))?,
            s => {
                let x = self.exact_operand(op, 1, true)?;
                let t = self.reg(Class::B64);
                self.line(format_args!("cvt.s64{} \t{t}, {x}", s.s()));
                t
            }
        };
        self.line(format_args!("add.s64 \t{d}, {base}, {off}"));
        Ok(())
    }

    /// The low 32 bits of integer `v` (used by `op`): the i32 an extension
    /// came from, 32-bit arithmetic recomputed for sums, differences,
    /// products and left shifts of such values, or a truncation.
    pub(super) fn narrow(&mut self, op: OpId, v: ValueId) -> Result<Reg, Diagnostic> {
        self.narrow_depth(op, v, 0)
    }

    fn narrow_depth(&mut self, op: OpId, v: ValueId, depth: usize) -> Result<Reg, Diagnostic> {
        let ctx = self.ctx;
        let s = self.scalar(op, v)?;
        let r = self.get(op, v)?;
        if r.class == Class::B32 {
            return Ok(r);
        }
        if s != Scalar::I64 {
            let x = self.exact_value(op, v, true)?;
            let t = self.reg(Class::B32);
            self.line(format_args!("cvt.s32{} \t{t}, {x}", s.s()));
            return Ok(t);
        }
        if let Some(c) = self.int_constant(v) {
            let t = self.reg(Class::B32);
            self.line(format_args!("mov.b32 \t{t}, {}", c as i32));
            return Ok(t);
        }
        if let Some((x, _)) = self.extended_i32(v) {
            return self.get(op, x);
        }
        let def = ctx.defining_op(v);
        let arith = def.map(|d| ctx.op_name_text(d)).and_then(|n| match n {
            "arith.addi" => Some("add.s32"),
            "arith.subi" => Some("sub.s32"),
            "arith.muli" => Some("mul.lo.s32"),
            "arith.shli" => Some("shl.b32"),
            _ => None,
        });
        if let (Some(def), Some(opcode)) = (def, arith)
            && depth < MAX_FOLD
        {
            let a = self.narrow_depth(op, ctx.operand(def, 0), depth + 1)?;
            let b = self.narrow_depth(op, ctx.operand(def, 1), depth + 1)?;
            let t = self.reg(Class::B32);
            self.line(format_args!("{opcode} \t{t}, {a}, {b}"));
            return Ok(t);
        }
        let t = self.reg(Class::B32);
        self.line(format_args!("cvt.u32.u64 \t{t}, {r}"));
        Ok(t)
    }

    /// The address `[reg+offset]` of pointer `v` in its own space, with the
    /// constant offsets of `ptr_add`s folded in.
    fn address(&mut self, op: OpId, v: ValueId) -> Result<String, Diagnostic> {
        let (base, offset) = self.split_address(v);
        self.address_of(op, base, offset)
    }

    /// `[base+offset]`.
    fn address_of(&mut self, op: OpId, base: ValueId, offset: i64) -> Result<String, Diagnostic> {
        let r = self.get(op, base)?;
        Ok(match offset {
            0 => format!("[{r}]"),
            o => format!("[{r}+{o}]"),
        })
    }

    /// The `.sem.scope` of an atomic load or store (empty for a plain one).
    fn ordering(&self, op: OpId, store: bool) -> Result<String, Diagnostic> {
        let ctx = self.ctx;
        let ord = ctx
            .prop(op, "ordering")
            .and_then(|a| ctx.attr_int(a))
            .unwrap_or(0);
        let sem = match ord {
            0 => return Ok(String::new()),
            1 | 2 => ".relaxed",
            3 if !store => ".acquire",
            4 if store => ".release",
            _ => {
                return Err(ctx.op_error(
                    op,
                    format!(
                        "has memory ordering {ord}, which the PTX target does not support on a {}",
                        if store { "store" } else { "load" }
                    ),
                ));
            }
        };
        let scope = match ctx.prop(op, "syncscope").and_then(|a| ctx.attr_str(a)) {
            Some("block") => ".cta",
            Some("cluster") if self.info.opts.sm >= 90 => ".cluster",
            Some("cluster") => {
                return Err(ctx.op_error(
                    op,
                    "has the cluster scope, which needs sm_90 in the PTX target",
                ));
            }
            Some("device") => ".gpu",
            _ => ".sys",
        };
        Ok(format!("{sem}{scope}"))
    }

    fn is_volatile(&self, op: OpId) -> bool {
        self.ctx
            .prop(op, "volatile_")
            .is_some_and(|v| self.ctx.attr_int(v) != Some(0))
    }

    /// `ptr.load` (or `cuda.ldg` when `ldg`).
    fn load(&mut self, op: OpId, ldg: bool) -> Result<(), Diagnostic> {
        let plan = if ldg {
            Plan::Scalar
        } else {
            self.vector_plan(op)
        };
        match plan {
            Plan::Skip => return Ok(()),
            Plan::Preloaded(r) => {
                self.bind(self.ctx.result(op, 0), r);
                return Ok(());
            }
            _ => {}
        }
        let ctx = self.ctx;
        let ptr = ctx.operand(op, 0);
        let result = ctx.result(op, 0);
        let s = self.scalar(op, result)?;
        let mut space = self.spaces.get(ptr);
        let addr = if ldg && space != Space::Global {
            // __ldg reads global memory through the non-coherent cache
            let r = self.pointer_in(op, ptr, Space::Global)?;
            space = Space::Global;
            format!("[{r}]")
        } else {
            self.address(op, ptr)?
        };
        let qual = self.load_qualifiers(op, space, ldg)?;
        let mem = s.mem();
        if let Plan::AcrossIterations(lanes) = plan {
            let d = self.def(op, result)?;
            let mut regs = vec![d.to_string()];
            let index = self.unrolling.last().map_or(0, |it| it.index);
            for k in 1..lanes {
                let r = self.reg(d.class);
                self.preloaded.insert((op, index + k), r);
                regs.push(r.to_string());
            }
            let list = regs.join(", ");
            self.line(format_args!("ld{qual}.v{lanes}{mem} \t{{{list}}}, {addr}"));
            return Ok(());
        }
        if let Plan::Vector(members) = plan {
            // the lowest address, whose base is the first load's
            let addr = self.address(op, ctx.operand(members[0], 0))?;
            let mut regs = Vec::new();
            for &m in &members {
                regs.push(self.def_result(m, 0)?.to_string());
            }
            let (n, list) = (members.len(), regs.join(", "));
            self.line(format_args!("ld{qual}.v{n}{mem} \t{{{list}}}, {addr}"));
            return Ok(());
        }
        if s == Scalar::I1 {
            let byte = self.reg(Class::B16);
            self.line(format_args!("ld{qual}{mem} \t{byte}, {addr}"));
            let d = self.def(op, result)?;
            self.line(format_args!("setp.ne.s16 \t{d}, {byte}, 0"));
            return Ok(());
        }
        // a pointer loaded from memory is generic (spaces.rs), 64-bit
        let d = self.def(op, result)?;
        self.line(format_args!("ld{qual}{mem} \t{d}, {addr}"));
        Ok(())
    }

    /// What follows `ld` for a load in `space`: its ordering or `.volatile`
    /// and the space, or the space and `.nc` (see the module docs).
    fn load_qualifiers(&self, op: OpId, space: Space, ldg: bool) -> Result<String, Diagnostic> {
        let sp = space.qualifier();
        let order = if ldg {
            String::new()
        } else {
            self.ordering(op, false)?
        };
        Ok(if !order.is_empty() {
            format!("{order}{sp}")
        } else if self.is_volatile(op) {
            format!(".volatile{sp}")
        } else if space == Space::Global && (ldg || self.read_only_global) {
            format!("{sp}.nc")
        } else {
            sp.to_string()
        })
    }

    fn store(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let members = match self.vector_plan(op) {
            Plan::Skip => return Ok(()),
            Plan::Vector(members) => members,
            _ => vec![op],
        };
        let ctx = self.ctx;
        let (value, ptr) = (ctx.operand(op, 0), ctx.operand(members[0], 1));
        let s = self.scalar(op, value)?;
        let space = self.spaces.get(ptr);
        if space == Space::Const {
            return Err(ctx.op_error(
                op,
                "stores to __constant__ memory, which kernels cannot write",
            ));
        }
        let addr = self.address(op, ptr)?;
        let order = self.ordering(op, true)?;
        let qual = if order.is_empty() && self.is_volatile(op) {
            ".volatile".to_string()
        } else {
            order
        };
        let mut values = Vec::new();
        for &m in &members {
            values.push(self.stored_value(m, s)?.to_string());
        }
        let (sp, mem) = (space.qualifier(), s.mem());
        if members.len() > 1 {
            let (n, list) = (members.len(), values.join(", "));
            self.line(format_args!("st{qual}{sp}.v{n}{mem} \t{addr}, {{{list}}}"));
        } else {
            self.line(format_args!("st{qual}{sp}{mem} \t{addr}, {}", values[0]));
        }
        Ok(())
    }

    /// The register a store `op` of scalar `s` writes: a pointer as a
    /// generic address, an `i1` as a byte, an id widened.
    fn stored_value(&mut self, op: OpId, s: Scalar) -> Result<Reg, Diagnostic> {
        let value = self.ctx.operand(op, 0);
        if self.is_pointer(value) {
            return self.pointer_in(op, value, Space::Generic);
        }
        let r = self.get(op, value)?;
        Ok(match s {
            Scalar::I1 => {
                let t = self.reg(Class::B16);
                self.line(format_args!("selp.u16 \t{t}, 1, 0, {r}"));
                t
            }
            Scalar::I64 => self.widen_index(r),
            _ => r,
        })
    }

    fn ptr_constant(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let value = ctx.prop(op, "value").map(|a| ctx.attr_data(a));
        let bits = match value {
            Some(AttrData::Dialect { body: None, .. }) => 0,
            Some(AttrData::Integer { value, .. }) => *value as i64,
            _ if ctx
                .prop(op, "value")
                .is_some_and(|a| ctx.attr_to_string(a).starts_with("#ptr.null")) =>
            {
                0
            }
            _ => {
                return Err(
                    ctx.op_error(op, "has a pointer constant the PTX target does not support")
                );
            }
        };
        let d = self.def_result(op, 0)?;
        if d.class == Class::B32 {
            self.line(format_args!("mov.b32 \t{d}, {bits}"));
        } else {
            self.line(format_args!("mov.b64 \t{d}, {bits}"));
        }
        Ok(())
    }

    /// `ptr_diff`: in the pointers' space when they share one (windows are
    /// contiguous), else as generic addresses.
    fn ptr_diff(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let (a, b) = (ctx.operand(op, 0), ctx.operand(op, 1));
        let (sa, sb) = (self.spaces.get(a), self.spaces.get(b));
        let space = if sa == sb { sa } else { Space::Generic };
        let (x, y) = (
            self.pointer_in(op, a, space)?,
            self.pointer_in(op, b, space)?,
        );
        let s = self.result_scalar(op, 0)?;
        let d = self.def_result(op, 0)?;
        match (x.class, s) {
            (Class::B32, Scalar::I32) | (Class::B64, Scalar::I64) => {
                let ty = if x.class == Class::B32 {
                    ".s32"
                } else {
                    ".s64"
                };
                self.line(format_args!("sub{ty} \t{d}, {x}, {y}"));
            }
            (Class::B32, _) => {
                let t = self.reg(Class::B32);
                self.line(format_args!("sub.s32 \t{t}, {x}, {y}"));
                self.line(format_args!("cvt{}.s32 \t{d}, {t}", s.s()));
            }
            _ => {
                let t = self.reg(Class::B64);
                self.line(format_args!("sub.s64 \t{t}, {x}, {y}"));
                self.line(format_args!("cvt{}.s64 \t{d}, {t}", s.u()));
            }
        }
        Ok(())
    }

    /// `cuda.shared_alloc` / `cuda.alloca`: a `.shared` or `.local` array of
    /// the function, and its address.
    fn array(&mut self, op: OpId, space: &str) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let (bytes, align) = array_layout(ctx, op).ok_or_else(|| {
            ctx.op_error(op, "has an element type the PTX target does not lay out")
        })?;
        let base = match ctx.prop(op, "name").and_then(|a| ctx.attr_str(a)) {
            Some(n) if super::types::is_identifier(n) => n.to_string(),
            _ => "array".to_string(),
        };
        let name = self.declare_array(space, &base, align, bytes);
        let d = self.def_result(op, 0)?;
        let ty = if d.class == Class::B32 {
            ".u32"
        } else {
            ".u64"
        };
        self.line(format_args!("mov{ty} \t{d}, {name}"));
        Ok(())
    }

    /// The dynamic shared memory (module.rs declares it).
    pub(super) fn dynamic_shared(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let d = self.def_result(op, 0)?;
        let ty = if d.class == Class::B32 {
            ".u32"
        } else {
            ".u64"
        };
        self.line(format_args!("mov{ty} \t{d}, {DYNAMIC_SHARED}"));
        Ok(())
    }

    fn global_addr(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let name = global_name(ctx, op).unwrap_or("");
        if !self.info.globals.contains_key(name) {
            return Err(ctx.op_error(
                op,
                format!("names '{name}', which is no variable of this gpu.module"),
            ));
        }
        let d = self.def_result(op, 0)?;
        self.line(format_args!("mov.u64 \t{d}, {name}"));
        Ok(())
    }
}
