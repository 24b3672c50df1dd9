//! Instructions: dispatch and guards, control flow, data movement, memory,
//! barriers, atomics and warp operations. Arithmetic is in `arith.rs`.
//!
//! A guard `@p` on an instruction without side effects is a select per written
//! register (`select(p, new, old)`); on any other instruction it is a branch
//! around it; on `bra`/`ret`/`exit`/`brx.idx` a conditional branch.

use super::emit::Fit;
use super::mods::Mods;
use super::{Binding, FnLower, LResult, SelectGuard};
use crate::ast::{self, Guard, Instruction, Operand, Space, Value};
use cuwasm::{Attr, OperationState, Type, ValueId};
use cuwasm_dialects::cuda::{AtomicKind, ReduxKind, Scope, ShflMode, VoteMode};

/// The instructions that only compute values (their guard becomes a select).
fn is_pure(opcode: &str) -> bool {
    matches!(
        opcode,
        "mov"
            | "add"
            | "sub"
            | "mul"
            | "mad"
            | "mul24"
            | "mad24"
            | "sad"
            | "fma"
            | "div"
            | "rem"
            | "abs"
            | "neg"
            | "min"
            | "max"
            | "and"
            | "or"
            | "xor"
            | "not"
            | "cnot"
            | "shl"
            | "shr"
            | "popc"
            | "clz"
            | "brev"
            | "bfe"
            | "bfi"
            | "bfind"
            | "prmt"
            | "setp"
            | "set"
            | "selp"
            | "slct"
            | "cvt"
            | "cvta"
            | "copysign"
            | "testp"
            | "rcp"
            | "sqrt"
            | "rsqrt"
            | "ex2"
            | "lg2"
            | "sin"
            | "cos"
            | "tanh"
    )
}

/// Special registers whose reads are not pure (a guarded `mov` of one branches).
fn volatile_sreg(o: &Operand) -> bool {
    matches!(o, Operand::Reg(n, _, _) if matches!(*n, "%clock" | "%clock64" | "%globaltimer" | "%smid" | "%warpid"))
}

impl<'a> FnLower<'_, 'a, '_> {
    pub(crate) fn instruction(&mut self, inst: &'a Instruction<'a>) -> LResult<()> {
        let mut m = Mods::new(inst.mods);
        match inst.opcode {
            "bra" | "ret" | "exit" | "brx" => return self.control(inst, &mut m),
            _ => {}
        }
        let Some(g) = inst.guard else {
            return self.dispatch(inst, &mut m);
        };
        let pred = self.guard_value(g)?;
        if is_pure(inst.opcode) && !inst.operands.iter().any(volatile_sreg) {
            self.guard = Some(SelectGuard {
                pred,
                negated: g.negated,
            });
            let r = self.dispatch(inst, &mut m);
            self.guard = None;
            return r;
        }
        let (then, cont) = (self.new_block(), self.new_block());
        // keep program order: `then` right after the current block, then `cont`
        if g.negated {
            self.cond_br(pred, cont, then);
        } else {
            self.cond_br(pred, then, cont);
        }
        self.enter(then);
        self.dispatch(inst, &mut m)?;
        if self.block.is_some() {
            self.br(cont);
        }
        self.enter(cont);
        Ok(())
    }

    fn guard_value(&mut self, g: Guard<'a>) -> LResult<ValueId> {
        let o = Operand::Reg(g.reg, None, g.span);
        self.read(&o, ast::Type::Pred, Fit::Exact)
    }

    /// Exactly `n` operands, or an error naming the instruction.
    pub(crate) fn operands<'o>(
        &self,
        inst: &'o Instruction<'a>,
        n: usize,
    ) -> LResult<&'o [Operand<'a>]> {
        if inst.operands.len() == n {
            Ok(inst.operands)
        } else {
            Err(self.err(
                inst.opcode_span,
                format!(
                    "'{}' takes {n} operand{}, but {} {} given",
                    inst.opcode,
                    if n == 1 { "" } else { "s" },
                    inst.operands.len(),
                    if inst.operands.len() == 1 {
                        "was"
                    } else {
                        "were"
                    }
                ),
            ))
        }
    }

    /// Exactly one type modifier.
    pub(crate) fn one_type(&self, inst: &Instruction, m: &mut Mods) -> LResult<ast::Type> {
        let tys = m.types();
        match tys.as_slice() {
            [(t, _)] => Ok(*t),
            [] => {
                self.finish_mods(m, inst.opcode)?;
                Err(self.err(
                    inst.opcode_span,
                    format!("'{}' needs a type modifier", inst.opcode),
                ))
            }
            [_, (_, s), ..] => {
                Err(self.err(*s, format!("'{}' takes one type modifier", inst.opcode)))
            }
        }
    }

    pub(crate) fn unsupported<T>(&self, inst: &Instruction, what: &str) -> LResult<T> {
        Err(self.err(
            inst.opcode_span,
            format!("{what} ('{}') is not supported", inst.opcode),
        ))
    }

    fn dispatch(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        match inst.opcode {
            "mov" => self.mov(inst, m)?,
            "ld" | "ldu" => self.ld(inst, m)?,
            "st" => self.st(inst, m)?,
            "cvta" => self.cvta(inst, m)?,
            "prefetch" | "prefetchu" => {
                // a hint: no effect on the program's meaning
                m.any(&[".global", ".local"]);
                m.hints();
                self.operands(inst, 1)?;
            }
            "call" => self.call(inst, m)?,
            "bar" | "barrier" => self.bar(inst, m)?,
            "membar" | "fence" => self.fence(inst, m)?,
            "atom" | "red" => self.atom(inst, m)?,
            "shfl" => self.shfl(inst, m)?,
            "vote" => self.vote(inst, m)?,
            "activemask" => {
                if !m.has(".b32") {
                    return Err(self.err(inst.opcode_span, "'activemask' needs the type .b32"));
                }
                let ops = self.operands(inst, 1)?;
                let i32 = self.info.common.i32;
                let v = self.op1("cuda.activemask", &[], i32, &[]);
                self.write(&ops[0], v, ast::Type::B32, Fit::Exact)?;
            }
            "redux" => self.redux(inst, m)?,
            _ => return self.arith(inst, m),
        }
        self.finish_mods(m, inst.opcode)
    }

    // ---- control flow ---------------------------------------------------------------

    fn control(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        m.has(".uni");
        let guard = match inst.guard {
            Some(g) => Some((self.guard_value(g)?, g.negated)),
            None => None,
        };
        // the block to go to when the guard fails, and the one taken
        let branch = |fl: &mut Self, taken: cuwasm::BlockId| match guard {
            None => fl.br(taken),
            Some((p, negated)) => {
                let next = fl.new_block();
                if negated {
                    fl.cond_br(p, next, taken);
                } else {
                    fl.cond_br(p, taken, next);
                }
                fl.enter(next);
            }
        };
        match inst.opcode {
            "bra" => {
                let ops = self.operands(inst, 1)?;
                let target = self.label(&ops[0])?;
                self.finish_mods(m, "bra")?;
                branch(self, target);
            }
            "brx" => {
                if !m.has(".idx") {
                    return self.unsupported(inst, "brx without .idx");
                }
                self.finish_mods(m, "brx")?;
                let ops = self.operands(inst, 2)?;
                let index = self.read(&ops[0], ast::Type::U32, Fit::Exact)?;
                let Operand::Sym(list, span) = &ops[1] else {
                    return Err(
                        self.err(ops[1].span(), "expected the label of a .branchtargets list")
                    );
                };
                let Some(targets) = self.targets.get(list).copied() else {
                    return Err(self.err(*span, format!("'{list}' is not a .branchtargets list")));
                };
                let mut blocks = Vec::new();
                for (name, span) in targets {
                    blocks.push(self.label(&Operand::Sym(name, *span))?);
                }
                let sw = match guard {
                    None => self.cur(),
                    Some(_) => {
                        let b = self.new_block();
                        branch(self, b);
                        // `branch` left us in the fall-through block; the switch goes in `b`
                        b
                    }
                };
                let after = self.block;
                self.enter(sw);
                self.switch(index, &blocks);
                self.block = if guard.is_some() { after } else { None };
            }
            "ret" | "exit" => {
                self.operands(inst, 0)?;
                self.finish_mods(m, inst.opcode)?;
                if inst.opcode == "exit" && !self.is_entry() {
                    return Err(self.err(
                        inst.opcode_span,
                        "'exit' in a .func (ending the thread from a callee) is not supported",
                    ));
                }
                match guard {
                    None => self.ret()?,
                    Some(_) => {
                        let b = self.new_block();
                        branch(self, b);
                        let after = self.block;
                        self.enter(b);
                        self.ret()?;
                        self.block = after;
                    }
                }
            }
            _ => unreachable!("control() is called for control instructions"),
        }
        Ok(())
    }

    fn label(&self, o: &Operand<'a>) -> LResult<cuwasm::BlockId> {
        match o {
            Operand::Sym(name, span) => self
                .labels
                .get(name)
                .copied()
                .ok_or_else(|| self.err(*span, format!("undefined label '{name}'"))),
            other => Err(self.err(other.span(), "expected a label")),
        }
    }

    /// `cf.switch` on `index` to `blocks[i]`; out-of-range indices (undefined in PTX) go to the last.
    fn switch(&mut self, index: ValueId, blocks: &[cuwasm::BlockId]) {
        let n = blocks.len();
        let default = blocks[n - 1];
        let mut succ = vec![default];
        succ.extend_from_slice(blocks);
        let i32 = self.info.common.i32;
        let vty = self.ctx.vector_type(&[n as i64], i32);
        let values = self.ctx.intern_attr(cuwasm::AttrData::Dense {
            ty: vty,
            values: cuwasm::DenseValues::Int((0..n as i128).collect()),
            splat: false,
        });
        let segs = self.ctx.dense_i32_array(&vec![0; n]);
        let sizes = self.ctx.dense_i32_array(&[1, 0, 0]);
        let loc = self.loc();
        let st = OperationState::new(self.ctx, "cf.switch", loc)
            .operands(&[index])
            .successors(&succ)
            .property(self.ctx, "case_values", values)
            .property(self.ctx, "case_operand_segments", segs)
            .property(self.ctx, "operandSegmentSizes", sizes);
        let op = self.ctx.create_op(st);
        let b = self.cur();
        self.ctx.append_op(b, op);
        for (i, s) in succ.iter().enumerate() {
            self.add_edge(b, i as u32, *s);
        }
        self.block = None;
    }

    /// Return: `gpu.return` from a kernel, `func.return` of the return parameters from a function.
    pub(crate) fn ret(&mut self) -> LResult<()> {
        if self.is_entry() {
            self.op("gpu.return", &[], &[], &[]);
        } else {
            let mut values = Vec::new();
            for b in self.rets.clone() {
                values.push(match b {
                    Binding::Reg(r) => self.read_reg(r),
                    Binding::Var { ptr, elem, .. } => {
                        let ty = self.slot_value_type(ptr, elem);
                        self.load(ptr, ty, None, false)
                    }
                });
            }
            self.op("func.return", &values, &[], &[]);
        }
        self.block = None;
        Ok(())
    }

    /// The type a parameter slot holds as a whole (`vector<N x T>` for arrays).
    fn slot_value_type(&self, ptr: ValueId, elem: Type) -> Type {
        let op = self.ctx.defining_op(ptr).expect("a slot");
        let count = self
            .ctx
            .prop(op, "count")
            .and_then(|a| self.ctx.attr_int(a))
            .unwrap_or(1);
        if count == 1 {
            elem
        } else {
            self.ctx.vector_type(&[count as i64], elem)
        }
    }

    fn call(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        m.has(".uni");
        let ops = &inst.operands;
        let mut i = 0;
        let rets: &[Operand<'a>] = match ops.first() {
            Some(Operand::List(items, _)) => {
                i = 1;
                items
            }
            _ => &[],
        };
        let (callee, cspan) = match ops.get(i) {
            Some(Operand::Sym(name, span)) => (*name, *span),
            Some(other) => return Err(self.err(other.span(), "indirect calls are not supported")),
            None => return Err(self.err(inst.opcode_span, "'call' needs a function name")),
        };
        i += 1;
        let args: &[Operand<'a>] = match ops.get(i) {
            Some(Operand::List(items, _)) => {
                i += 1;
                items
            }
            _ => &[],
        };
        if let Some(extra) = ops.get(i) {
            return Err(self.err(
                extra.span(),
                "indirect calls through a prototype are not supported",
            ));
        }
        let Some(super::Global::Func(f)) = self.info.globals.get(callee).copied() else {
            return Err(self.err(cspan, format!("call to undefined function '{callee}'")));
        };
        let sig = &self.info.funcs[f];
        if sig.entry {
            return Err(self.err(
                cspan,
                format!("'{callee}' is a kernel (.entry); it cannot be called"),
            ));
        }
        if sig.params.len() != args.len() || sig.rets.len() != rets.len() {
            return Err(self.err(
                cspan,
                format!(
                    "'{callee}' takes {} argument(s) and returns {} value(s), but the call has {} and {}",
                    sig.params.len(),
                    sig.rets.len(),
                    args.len(),
                    rets.len()
                ),
            ));
        }
        let params = sig.params.clone();
        let results: Vec<Type> = sig.rets.iter().map(|p| param_ir(self.ctx, p)).collect();
        let mut values = Vec::new();
        for (a, p) in args.iter().zip(&params) {
            values.push(self.call_arg(a, p)?);
        }
        let callee_attr = self.ctx.symbol_ref_attr(callee, &[]);
        let op = self.op("func.call", &values, &results, &[("callee", callee_attr)]);
        let outs: Vec<ValueId> = self.ctx.results(op).collect();
        for ((o, v), p) in rets.iter().zip(outs).zip(&sig.rets.clone()) {
            self.call_result(o, v, p)?;
        }
        Ok(())
    }

    /// When `o` names a `.param` variable of the call sequence: its slot and the type
    /// it holds, which must have `bits` bits.
    fn param_var(
        &mut self,
        o: &Operand<'a>,
        bits: u32,
        what: &str,
    ) -> LResult<Option<(ValueId, Type)>> {
        let Operand::Sym(name, span) = o else {
            return Ok(None);
        };
        let Some(Binding::Var {
            ptr,
            space: Space::Param,
            elem,
        }) = self.lookup(name)
        else {
            return Ok(None);
        };
        let have = self.slot_value_type(ptr, elem);
        if self.width(have) != bits {
            return Err(self.err(
                *span,
                format!("'{name}' does not have the size of the callee's {what}"),
            ));
        }
        Ok(Some((ptr, have)))
    }

    /// An argument: a `.param` variable of the call sequence (read whole), a register or a constant.
    fn call_arg(&mut self, a: &Operand<'a>, p: &ast::Param) -> LResult<ValueId> {
        let want = param_ir(self.ctx, p);
        if let Some((ptr, have)) = self.param_var(a, self.width(want), "parameter")? {
            let v = self.load(ptr, have, None, false);
            return Ok(self.bitcast(v, want));
        }
        if p.array.is_some() {
            return Err(self.err(a.span(), "an aggregate argument must be a .param variable"));
        }
        self.read(a, p.ty, Fit::Exact)
    }

    fn call_result(&mut self, o: &Operand<'a>, v: ValueId, p: &ast::Param) -> LResult<()> {
        if let Some((ptr, have)) = self.param_var(o, self.width(self.ty(v)), "result")? {
            let v = self.bitcast(v, have);
            self.store(v, ptr, None, false);
            return Ok(());
        }
        if p.array.is_some() {
            return Err(self.err(o.span(), "an aggregate result must go to a .param variable"));
        }
        self.write(o, v, p.ty, Fit::Exact)
    }

    // ---- data movement ----------------------------------------------------------------

    fn mov(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let ty = self.one_type(inst, m)?;
        let ops = self.operands(inst, 2)?;
        match (&ops[0], &ops[1]) {
            (Operand::Vec(parts, _), src) => {
                // unpack: {lo, ..., hi} = src
                let n = parts.len() as u32;
                let w = ty.bits() / n.max(1);
                if n < 2 || w * n != ty.bits() || !matches!(w, 8 | 16 | 32 | 64) {
                    return Err(self.err(
                        ops[0].span(),
                        format!("cannot split {} into {n} parts", ty.name()),
                    ));
                }
                let bits = bits_type(ty.bits());
                let v = self.read(src, bits, Fit::Exact)?;
                let part_ty = bits_type(w);
                let pir = self.info.common.ir(self.ctx, part_ty);
                for (i, d) in parts.iter().enumerate() {
                    if matches!(d, Operand::Sink(_)) {
                        continue;
                    }
                    let sh = self.int_const_of(v, (i as u32 * w) as i128);
                    let s = self.same("arith.shrui", &[v, sh]);
                    let p = self.resize(s, pir, false);
                    self.write(d, p, part_ty, Fit::Exact)?;
                }
            }
            (d, Operand::Vec(parts, span)) => {
                // pack: d = {lo, ..., hi}
                let n = parts.len() as u32;
                let w = ty.bits() / n.max(1);
                if n < 2 || w * n != ty.bits() || !matches!(w, 8 | 16 | 32 | 64) {
                    return Err(
                        self.err(*span, format!("cannot build {} from {n} parts", ty.name()))
                    );
                }
                let bits = bits_type(ty.bits());
                let wide = self.info.common.ir(self.ctx, bits);
                let mut acc = self.c_int(wide, 0);
                for (i, p) in parts.iter().enumerate() {
                    let v = self.read(p, bits_type(w), Fit::Exact)?;
                    let v = self.resize(v, wide, false);
                    let v = if i == 0 {
                        v
                    } else {
                        let sh = self.c_int(wide, (i as u32 * w) as i128);
                        self.same("arith.shli", &[v, sh])
                    };
                    acc = self.same("arith.ori", &[acc, v]);
                }
                self.write(d, acc, bits, Fit::Exact)?;
            }
            (d, s) => {
                let v = self.read(s, ty, Fit::Exact)?;
                self.write(d, v, ty, Fit::Exact)?;
            }
        }
        Ok(())
    }

    fn state_space(&self, m: &mut Mods) -> Space {
        match m.any(&[
            ".global",
            ".shared",
            ".shared::cta",
            ".const",
            ".local",
            ".param",
            ".param::entry",
            ".param::func",
        ]) {
            Some(s) => Space::from_modifier(s).expect("a space"),
            None => Space::Generic,
        }
    }

    fn vector_width(&self, m: &mut Mods) -> u32 {
        match m.any(&[".v2", ".v4", ".v8"]) {
            Some(".v2") => 2,
            Some(".v4") => 4,
            Some(_) => 8,
            None => 1,
        }
    }

    /// The memory ordering of `.relaxed`/`.acquire`/`.release` with a scope:
    /// (ptr dialect ordering, syncscope), or `None` for a plain (weak) access.
    fn memory_order(
        &self,
        inst: &Instruction,
        m: &mut Mods,
    ) -> LResult<Option<(i128, Option<&'static str>)>> {
        m.has(".weak");
        let sem = m.any(&[".relaxed", ".acquire", ".release", ".mmio"]);
        let scope = m.any(&[".cta", ".cluster", ".gpu", ".sys"]);
        let order = match sem {
            None => {
                if scope.is_some() {
                    return Err(self.err(
                        inst.opcode_span,
                        "a scope needs .relaxed, .acquire or .release",
                    ));
                }
                return Ok(None);
            }
            Some(".relaxed") => 2,
            Some(".acquire") => 3,
            Some(".release") => 4,
            Some(_) => return self.unsupported(inst, "an .mmio access"),
        };
        let sync = match scope {
            Some(".cta") => Some("block"),
            Some(".cluster") => Some("cluster"),
            Some(".gpu") => Some("device"),
            Some(_) => None,
            None => {
                return Err(self.err(
                    inst.opcode_span,
                    format!("'{}' with a memory order needs a scope", inst.opcode),
                ));
            }
        };
        Ok(Some((order, sync)))
    }

    /// The type an access through `[var]` reads or writes: the variable's own
    /// element type when the width is the instruction's (so `mem2reg` sees one
    /// type per slot), else the instruction's.
    fn access_type(&mut self, addr: &Operand<'a>, ty: Type) -> Type {
        if let Operand::Addr(Some((name, false)), 0, _) = addr
            && let Some(Binding::Var {
                elem,
                space: Space::Param | Space::Local,
                ..
            }) = self.lookup(name)
            && self.width(elem) == self.width(ty)
        {
            return elem;
        }
        ty
    }

    /// The `n` elements of a `.vN` operand (`{a, b, ...}`), or the operand itself when `n` is 1.
    fn vector_operand(&self, o: &'a Operand<'a>, n: u32, what: &str) -> LResult<&'a [Operand<'a>]> {
        match (o, n) {
            (Operand::Vec(items, _), k) if items.len() as u32 == k && k > 1 => Ok(items),
            (o, 1) if !matches!(o, Operand::Vec(..)) => Ok(std::slice::from_ref(o)),
            (o, _) => Err(self.err(o.span(), format!("expected {n} {what}(s)"))),
        }
    }

    fn ld(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let order = self.memory_order(inst, m)?;
        let volatile = m.has(".volatile") | m.has(".cv");
        let space = self.state_space(m);
        let nc = m.has(".nc") || inst.opcode == "ldu";
        let cache_hint = m.hints();
        let n = self.vector_width(m);
        let ty = self.one_type(inst, m)?;
        let ops = self.operands(inst, 2 + cache_hint as usize)?;
        if nc && !matches!(space, Space::Global | Space::Generic) {
            return Err(self.err(
                inst.opcode_span,
                "read-only loads (.nc, ldu) are from .global memory",
            ));
        }
        let dsts = self.vector_operand(&ops[0], n, "destination register")?;
        let ptr = self.address(&ops[1], space)?;
        let irt = self.info.common.ir(self.ctx, ty);
        let size = (ty.bits() / 8).max(1) as u64;
        for (i, d) in dsts.iter().enumerate() {
            if matches!(d, Operand::Sink(_)) {
                continue;
            }
            let p = self.offset(ptr, i as i64 * size as i64);
            let v = if nc {
                self.op1("cuda.ldg", &[p], irt, &[])
            } else if let Some((ord, scope)) = order {
                let mut props = self.access_props(Some(size), volatile);
                props.insert(1, ("invariant", self.info.common.false_));
                props[4] = ("ordering", self.info.common.ordering[ord as usize]);
                if let Some(s) = scope {
                    props.push(("syncscope", self.ctx.string_attr(s)));
                }
                self.op1("ptr.load", &[p], irt, &props)
            } else {
                let at = if n == 1 {
                    self.access_type(&ops[1], irt)
                } else {
                    irt
                };
                let v = self.load(
                    p,
                    at,
                    if n > 1 && i == 0 {
                        Some(size * n as u64)
                    } else {
                        None
                    },
                    volatile,
                );
                self.bitcast(v, irt)
            };
            self.write(d, v, ty, Fit::Relaxed)?;
        }
        Ok(())
    }

    fn st(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let order = self.memory_order(inst, m)?;
        let volatile = m.has(".volatile");
        let space = self.state_space(m);
        let cache_hint = m.hints();
        let n = self.vector_width(m);
        let ty = self.one_type(inst, m)?;
        let ops = self.operands(inst, 2 + cache_hint as usize)?;
        let srcs = self.vector_operand(&ops[1], n, "source value")?;
        if matches!(space, Space::Const) {
            return Err(self.err(inst.opcode_span, "stores to .const memory are not allowed"));
        }
        let ptr = self.address(&ops[0], space)?;
        let irt = self.info.common.ir(self.ctx, ty);
        let size = (ty.bits() / 8).max(1) as u64;
        for (i, s) in srcs.iter().enumerate() {
            let v = self.read(s, ty, Fit::Relaxed)?;
            let p = self.offset(ptr, i as i64 * size as i64);
            if let Some((ord, scope)) = order {
                let mut props = self.access_props(Some(size), volatile);
                props[3] = ("ordering", self.info.common.ordering[ord as usize]);
                if let Some(s) = scope {
                    props.push(("syncscope", self.ctx.string_attr(s)));
                }
                self.op("ptr.store", &[v, p], &[], &props);
            } else {
                let at = if n == 1 {
                    self.access_type(&ops[0], irt)
                } else {
                    irt
                };
                let v = self.bitcast(v, at);
                self.store(
                    v,
                    p,
                    if n > 1 && i == 0 {
                        Some(size * n as u64)
                    } else {
                        None
                    },
                    volatile,
                );
            }
        }
        Ok(())
    }

    fn cvta(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let to = m.has(".to");
        let space = self.state_space(m);
        let ty = self.one_type(inst, m)?;
        if !matches!(ty, ast::Type::U32 | ast::Type::U64) {
            return Err(self.err(inst.opcode_span, "'cvta' takes .u32 or .u64"));
        }
        let ops = self.operands(inst, 2)?;
        let irt = self.info.common.ir(self.ctx, ty);
        let v = match space {
            // global addresses are generic addresses, and so are those of parameter slots
            Space::Global | Space::Param => self.read(&ops[1], ty, Fit::Exact)?,
            Space::Shared | Space::Const | Space::Local => {
                let (from, into) = if to {
                    (Space::Generic, space)
                } else {
                    (space, Space::Generic)
                };
                let p = match &ops[1] {
                    Operand::Sym(name, span) if !to => match self.var(name, *span)? {
                        Binding::Var { ptr, space: vs, .. } if vs == space => ptr,
                        _ => {
                            return Err(self.err(
                                *span,
                                format!("'{name}' is not a {} variable", space.name()),
                            ));
                        }
                    },
                    o => {
                        let a = self.read(o, ty, Fit::Exact)?;
                        let pt = self.info.common.ptr(from);
                        self.int_to_ptr(a, pt)
                    }
                };
                let pt = self.info.common.ptr(into);
                let c = self.op1("cuda.addrspace_cast", &[p], pt, &[]);
                self.ptr_to_int(c, irt)
            }
            _ => return self.unsupported(inst, "cvta of this state space"),
        };
        self.write(&ops[0], v, ty, Fit::Exact)
    }

    // ---- barriers and fences -------------------------------------------------------------

    fn bar(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        m.has(".aligned");
        if m.has(".warp") {
            if !m.has(".sync") {
                return self.unsupported(inst, "bar.warp without .sync");
            }
            let ops = self.operands(inst, 1)?;
            let mask = self.read(&ops[0], ast::Type::B32, Fit::Exact)?;
            self.op("cuda.syncwarp", &[mask], &[], &[]);
            return Ok(());
        }
        let kind = m.any(&[".sync", ".arrive", ".red"]).unwrap_or(".sync");
        let i32 = self.info.common.i32;
        match kind {
            ".sync" | ".arrive" => {
                let ops = &inst.operands;
                if ops.is_empty() || ops.len() > 2 {
                    return self.operands(inst, 1).map(|_| ());
                }
                let arrive = kind == ".arrive";
                if arrive && ops.len() != 2 {
                    return self.operands(inst, 2).map(|_| ());
                }
                let zero = matches!(ops[0], Operand::Imm(Value::Int(0), _));
                if zero && ops.len() == 1 && !arrive {
                    self.op("cuda.syncthreads", &[], &[], &[]);
                    return Ok(());
                }
                let mut args = vec![self.read(&ops[0], ast::Type::U32, Fit::Exact)?];
                if ops.len() == 2 {
                    args.push(self.read(&ops[1], ast::Type::U32, Fit::Exact)?);
                }
                let props: Vec<(&'static str, Attr)> = if arrive {
                    vec![("arrive", self.ctx.unit_attr())]
                } else {
                    vec![]
                };
                self.op("cuda.barrier", &args, &[], &props);
            }
            _ => {
                // bar.red.popc.u32 d, 0, {!}p / bar.red.{and,or}.pred p, 0, {!}q
                let red = m.any(&[".popc", ".and", ".or"]);
                let ty = self.one_type(inst, m)?;
                let ops = self.operands(inst, 3)?;
                if !matches!(ops[1], Operand::Imm(Value::Int(0), _)) {
                    return self.unsupported(inst, "bar.red on a named barrier or a thread count");
                }
                let p = self.read(&ops[2], ast::Type::Pred, Fit::Exact)?;
                let (name, want) = match red {
                    Some(".popc") => ("cuda.syncthreads_count", ast::Type::U32),
                    Some(".and") => ("cuda.syncthreads_and", ast::Type::Pred),
                    Some(_) => ("cuda.syncthreads_or", ast::Type::Pred),
                    None => {
                        return Err(self.err(inst.opcode_span, "bar.red needs .popc, .and or .or"));
                    }
                };
                if ty != want {
                    return Err(self.err(
                        inst.opcode_span,
                        format!("this bar.red takes {}", want.name()),
                    ));
                }
                let r = self.op1(name, &[p], i32, &[]);
                let r = if want == ast::Type::Pred {
                    let z = self.c_int(i32, 0);
                    self.cmpi(super::emit::NE, r, z)
                } else {
                    r
                };
                self.write(&ops[0], r, want, Fit::Exact)?;
            }
        }
        Ok(())
    }

    /// `membar.{cta,gl,sys}` and `fence.{sc,acq_rel}.{cta,gpu,sys}`: `cuda.threadfence`
    /// of that scope (a fence.acq_rel becomes the stronger sequentially consistent fence).
    fn fence(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        self.operands(inst, 0)?;
        let scope = if inst.opcode == "membar" {
            m.any(&[".cta", ".gl", ".sys"])
        } else {
            m.any(&[".sc", ".acq_rel"]);
            m.any(&[".cta", ".cluster", ".gpu", ".sys"])
        };
        let scope = match scope {
            Some(".cta") => Some(Scope::Block),
            Some(".sys") => Some(Scope::System),
            Some(_) => None,
            None => {
                return Err(self.err(inst.opcode_span, format!("'{}' needs a scope", inst.opcode)));
            }
        };
        self.threadfence(scope);
        Ok(())
    }

    fn threadfence(&mut self, scope: Option<Scope>) {
        let props: Vec<(&'static str, Attr)> = scope
            .map(|s| ("scope", s.attr(self.ctx)))
            .into_iter()
            .collect();
        self.op("cuda.threadfence", &[], &[], &props);
    }

    // ---- atomics -------------------------------------------------------------------

    /// `atom`/`red`: `cuda.atomic_rmw`/`cuda.atomic_cas` (relaxed, as CUDA's atomics);
    /// `.acquire`/`.release`/`.acq_rel` add a fence after/before/around it.
    fn atom(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let red = inst.opcode == "red";
        let sem = m.any(&[".relaxed", ".acquire", ".release", ".acq_rel"]);
        let scope = match m.any(&[".cta", ".cluster", ".gpu", ".sys"]) {
            Some(".cta") => Some(Scope::Block),
            Some(".sys") => Some(Scope::System),
            _ => None,
        };
        let space = self.state_space(m);
        if !matches!(space, Space::Global | Space::Shared | Space::Generic) {
            return Err(self.err(
                inst.opcode_span,
                "atomics act on .global, .shared or generic memory",
            ));
        }
        let cache_hint = m.hints();
        m.has(".noftz");
        let op = m.any(&[
            ".add", ".inc", ".dec", ".min", ".max", ".and", ".or", ".xor", ".exch", ".cas",
        ]);
        let Some(op) = op else {
            return Err(self.err(
                inst.opcode_span,
                format!("'{}' needs an operation (.add, .cas, ...)", inst.opcode),
            ));
        };
        if self.vector_width(m) > 1 {
            return self.unsupported(inst, "a vector atomic");
        }
        let ty = self.one_type(inst, m)?;
        let cas = op == ".cas";
        let n = (!red) as usize + 2 + cas as usize + cache_hint as usize;
        let ops = self.operands(inst, n)?;
        let (dst, rest) = if red {
            (None, ops)
        } else {
            (Some(&ops[0]), &ops[1..])
        };
        let ptr = self.address(&rest[0], space)?;
        let b = self.read(&rest[1], ty, Fit::Exact)?;
        if matches!(sem, Some(".release" | ".acq_rel")) {
            self.threadfence(scope);
        }
        let irt = self.info.common.ir(self.ctx, ty);
        let mut props: Vec<(&'static str, Attr)> = Vec::new();
        if let Some(s) = scope {
            props.push(("scope", s.attr(self.ctx)));
        }
        let result = if cas {
            let c = self.read(&rest[2], ty, Fit::Exact)?;
            if !matches!(ty.bits(), 16 | 32 | 64) || ty.is_float() {
                return Err(self.err(inst.opcode_span, "atom.cas takes .b16, .b32 or .b64"));
            }
            self.op1("cuda.atomic_cas", &[ptr, b, c], irt, &props)
        } else {
            let kind = match (op, ty.is_signed()) {
                (".add", _) => AtomicKind::Add,
                (".inc", _) => AtomicKind::Inc,
                (".dec", _) => AtomicKind::Dec,
                (".min", true) => AtomicKind::Min,
                (".min", false) => AtomicKind::Umin,
                (".max", true) => AtomicKind::Max,
                (".max", false) => AtomicKind::Umax,
                (".and", _) => AtomicKind::And,
                (".or", _) => AtomicKind::Or,
                (".xor", _) => AtomicKind::Xor,
                _ => AtomicKind::Exch,
            };
            if ty.is_float() && kind != AtomicKind::Add && kind != AtomicKind::Exch {
                return self.unsupported(inst, "a float atomic other than add and exch");
            }
            props.push(("kind", kind.attr(self.ctx)));
            self.op1("cuda.atomic_rmw", &[ptr, b], irt, &props)
        };
        if matches!(sem, Some(".acquire" | ".acq_rel")) {
            self.threadfence(scope);
        }
        if let Some(d) = dst {
            self.write(d, result, ty, Fit::Exact)?;
        }
        Ok(())
    }

    // ---- warp operations ---------------------------------------------------------------

    /// `shfl.sync.mode.b32 d[|p], a, b, c, membermask`. With a constant `c` of the form a
    /// width gives (`((32 - w) << 8) | clamp`), it is `cuda.shfl_sync` of that mode and
    /// width; otherwise PTX's definition is computed: the source lane `j` and its
    /// validity from `c`'s clamp and segment mask, then an `idx` shuffle from `j`
    /// (or from the lane itself where `j` is not valid).
    fn shfl(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let sync = m.has(".sync");
        let mode = match m.any(&[".up", ".down", ".bfly", ".idx"]) {
            Some(".up") => ShflMode::Up,
            Some(".down") => ShflMode::Down,
            Some(".bfly") => ShflMode::Xor,
            Some(_) => ShflMode::Idx,
            None => {
                return Err(self.err(
                    inst.opcode_span,
                    "'shfl' needs a mode (.up, .down, .bfly, .idx)",
                ));
            }
        };
        if !m.has(".b32") {
            return Err(self.err(inst.opcode_span, "'shfl' takes .b32"));
        }
        let ops = self.operands(inst, 4 + sync as usize)?;
        let (d, p) = match &ops[0] {
            Operand::Pair(d, p, _) => (&**d, Some(&**p)),
            d => (d, None),
        };
        let a = self.read(&ops[1], ast::Type::B32, Fit::Exact)?;
        let b = self.read(&ops[2], ast::Type::B32, Fit::Exact)?;
        let i32 = self.info.common.i32;
        let mask = if sync {
            self.read(&ops[4], ast::Type::B32, Fit::Exact)?
        } else {
            self.c_int(i32, -1)
        };
        let width = match ops[3] {
            Operand::Imm(Value::Int(c), _) => shfl_width(mode, c),
            _ => None,
        };
        let c = self.read(&ops[3], ast::Type::B32, Fit::Exact)?;
        let (j, valid) = if width.is_none() || p.is_some() {
            self.shfl_source(mode, b, c)
        } else {
            (b, b)
        };
        let v = match width {
            Some(w) => {
                // PTX uses the lane operand's low 5 bits (cuda.shfl_sync all of it)
                let b = match ops[2] {
                    Operand::Imm(Value::Int(k), _) if k < 32 => b,
                    _ => {
                        let m = self.c_int(i32, 31);
                        self.same("arith.andi", &[b, m])
                    }
                };
                let mut operands = vec![mask, a, b];
                if w != 32 {
                    operands.push(self.c_int(i32, w as i128));
                }
                let mode_attr = mode.attr(self.ctx);
                self.op1("cuda.shfl_sync", &operands, i32, &[("mode", mode_attr)])
            }
            None => {
                let lane = self.op1("cuda.lane_id", &[], i32, &[]);
                let src = self.select(valid, j, lane);
                let idx = ShflMode::Idx.attr(self.ctx);
                self.op1("cuda.shfl_sync", &[mask, a, src], i32, &[("mode", idx)])
            }
        };
        if let Some(p) = p {
            self.write(p, valid, ast::Type::Pred, Fit::Exact)?;
        }
        self.write(d, v, ast::Type::B32, Fit::Exact)
    }

    /// PTX's source lane of a shuffle and whether it is valid: `bval = b[4:0]`,
    /// `segmask = c[12:8]`, `maxLane = (lane & segmask) | (c[4:0] & ~segmask)`.
    fn shfl_source(&mut self, mode: ShflMode, b: ValueId, c: ValueId) -> (ValueId, ValueId) {
        let i32 = self.info.common.i32;
        let lane = self.op1("cuda.lane_id", &[], i32, &[]);
        let k31 = self.c_int(i32, 31);
        let eight = self.c_int(i32, 8);
        let bval = self.same("arith.andi", &[b, k31]);
        let seg = self.same("arith.shrui", &[c, eight]);
        let seg = self.same("arith.andi", &[seg, k31]);
        let nseg = self.same("arith.xori", &[seg, k31]);
        let clamp = self.same("arith.andi", &[c, k31]);
        let minl = self.same("arith.andi", &[lane, seg]);
        let hi = self.same("arith.andi", &[clamp, nseg]);
        let maxl = self.same("arith.ori", &[minl, hi]);
        let (j, pred) = match mode {
            ShflMode::Up => (self.same("arith.subi", &[lane, bval]), super::emit::SGE),
            ShflMode::Down => (self.same("arith.addi", &[lane, bval]), super::emit::SLE),
            ShflMode::Xor => (self.same("arith.xori", &[lane, bval]), super::emit::SLE),
            ShflMode::Idx => {
                let bl = self.same("arith.andi", &[bval, nseg]);
                (self.same("arith.ori", &[minl, bl]), super::emit::SLE)
            }
        };
        let valid = self.cmpi(pred, j, maxl);
        (j, valid)
    }

    fn vote(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let sync = m.has(".sync");
        let mode = match m.any(&[".all", ".any", ".uni", ".ballot"]) {
            Some(".all") => VoteMode::All,
            Some(".any") => VoteMode::Any,
            Some(".uni") => VoteMode::Uni,
            Some(_) => VoteMode::Ballot,
            None => {
                return Err(self.err(
                    inst.opcode_span,
                    "'vote' needs a mode (.all, .any, .uni, .ballot)",
                ));
            }
        };
        let ty = self.one_type(inst, m)?;
        let want = if mode == VoteMode::Ballot {
            ast::Type::B32
        } else {
            ast::Type::Pred
        };
        if ty != want {
            return Err(self.err(inst.opcode_span, format!("this vote takes {}", want.name())));
        }
        let ops = self.operands(inst, 2 + sync as usize)?;
        let p = self.read(&ops[1], ast::Type::Pred, Fit::Exact)?;
        let i32 = self.info.common.i32;
        let mask = if sync {
            self.read(&ops[2], ast::Type::B32, Fit::Exact)?
        } else {
            self.c_int(i32, -1)
        };
        let rt = self.info.common.ir(self.ctx, want);
        let a = mode.attr(self.ctx);
        let v = self.op1("cuda.vote_sync", &[mask, p], rt, &[("mode", a)]);
        self.write(&ops[0], v, want, Fit::Exact)
    }

    fn redux(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        if !m.has(".sync") {
            return self.unsupported(inst, "redux without .sync");
        }
        let op = m.any(&[".add", ".min", ".max", ".and", ".or", ".xor"]);
        let ty = self.one_type(inst, m)?;
        let kind = match (op, ty) {
            (Some(".add"), ast::Type::U32 | ast::Type::S32) => ReduxKind::Add,
            (Some(".min"), ast::Type::S32) => ReduxKind::Min,
            (Some(".min"), ast::Type::U32) => ReduxKind::Umin,
            (Some(".max"), ast::Type::S32) => ReduxKind::Max,
            (Some(".max"), ast::Type::U32) => ReduxKind::Umax,
            (Some(".and"), ast::Type::B32) => ReduxKind::And,
            (Some(".or"), ast::Type::B32) => ReduxKind::Or,
            (Some(".xor"), ast::Type::B32) => ReduxKind::Xor,
            _ => return self.unsupported(inst, "this redux.sync operation and type"),
        };
        let ops = self.operands(inst, 3)?;
        let a = self.read(&ops[1], ty, Fit::Exact)?;
        let mask = self.read(&ops[2], ast::Type::B32, Fit::Exact)?;
        let i32 = self.info.common.i32;
        let k = kind.attr(self.ctx);
        let v = self.op1("cuda.redux_sync", &[mask, a], i32, &[("kind", k)]);
        self.write(&ops[0], v, ty, Fit::Exact)
    }
}

/// The width a constant shfl `c` operand encodes (`((32 - w) << 8) | clamp`, with
/// clamp 0 for `up` and 31 otherwise), if it is of that form.
fn shfl_width(mode: ShflMode, c: u64) -> Option<u64> {
    let (clamp, seg) = (c & 0x1f, (c >> 8) & 0x1f);
    let width = 32 - seg;
    let standard_clamp = if mode == ShflMode::Up { 0 } else { 0x1f };
    let ok = c >> 13 == 0
        && (c >> 5) & 0x7 == 0
        && width.is_power_of_two()
        && seg == (!(width - 1) & 0x1f)
        && clamp == standard_clamp;
    ok.then_some(width)
}

/// The bit type of a width.
pub(crate) fn bits_type(w: u32) -> ast::Type {
    match w {
        1 => ast::Type::Pred,
        8 => ast::Type::B8,
        16 => ast::Type::B16,
        32 => ast::Type::B32,
        64 => ast::Type::B64,
        _ => ast::Type::B128,
    }
}

fn param_ir(ctx: &cuwasm::Context, p: &ast::Param) -> Type {
    let t = super::ir_type(ctx, p.ty);
    match p.array {
        Some(n) => ctx.vector_type(&[n as i64], t),
        None => t,
    }
}
