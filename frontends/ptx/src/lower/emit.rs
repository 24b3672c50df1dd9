//! Building ops, and reading and writing PTX operands.
//!
//! **Registers** are `cuda.alloca` slots of their declared type, made in the
//! entry block when first used; a read is a `ptr.load`, a write a `ptr.store`
//! (`mem2reg` turns them into SSA values). An instruction reads a register as
//! its own type: a register of the same width is bitcast (`.b32` registers hold
//! the `.f32` values clang writes); `ld`, `st` and `cvt` may use wider
//! registers (PTX's "operand size exceeding instruction-type size": reads
//! truncate, writes extend by the instruction type's signedness); anything else
//! is a located error.
//!
//! **Addresses** are integers, as in PTX. `[a+off]` in state space S is
//! `ptr.ptr_add(origin_S, ext64(a + off))`, an address with no provenance, as
//! PTX has none; a variable's name is its pointer directly (`[sym+off]` is
//! `ptr.ptr_add(sym, off)`), and a variable used as a value (`mov.u64 %rd,
//! sym`) is `ptr.ptr_diff(sym, origin_S)`, its address in S's window. The
//! origin of generic and global addresses is `#ptr.null` (zero-extended); of
//! the shared, local and const windows the function's first variable there
//! (sign-extended offsets), so that their 32-bit addresses (`mov.u32 %r,
//! shared_var`, as nvcc writes them) stay small on targets whose pointers are
//! host addresses ([`FnLower::origin`]). Parameter slots are generic
//! allocations, so a `.param` address (`mov.b64 %rd, param`, then `ld.param
//! [%rd]`) is the generic address of the slot.

use super::{Binding, DictKey, FnLower, LResult, SelectGuard};
use crate::ast::{self, Operand, Space, Span, Value};
use cuwasm::{Attr, AttrData, BlockId, FloatKind, OpId, Type, ValueId};

/// How strictly an operand's register must match the instruction type.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Fit {
    /// Same width (bitcast between integer and float).
    Exact,
    /// `ld`/`st`/`cvt`: the register may be wider.
    Relaxed,
}

// arith.cmpi predicates
pub(crate) const EQ: i64 = 0;
pub(crate) const NE: i64 = 1;
pub(crate) const SLT: i64 = 2;
pub(crate) const SLE: i64 = 3;
pub(crate) const SGT: i64 = 4;
pub(crate) const SGE: i64 = 5;
pub(crate) const ULT: i64 = 6;
pub(crate) const ULE: i64 = 7;
pub(crate) const UGT: i64 = 8;
pub(crate) const UGE: i64 = 9;

/// The properties an op always carries in mlir-opt's print: `overflowFlags` for
/// the wrapping integer ops (slot 1), `fastmath` for float arith and math ops
/// (slot 2); 0 for none.
fn default_prop(name: &str) -> u8 {
    match name {
        "arith.addi" | "arith.subi" | "arith.muli" | "arith.shli" | "arith.trunci" => 1,
        "arith.addf" | "arith.subf" | "arith.mulf" | "arith.divf" | "arith.remf" | "arith.negf"
        | "arith.maximumf" | "arith.minimumf" | "arith.maxnumf" | "arith.minnumf"
        | "arith.cmpf" => 2,
        "math.ctpop" | "math.ctlz" | "math.cttz" | "math.absi" | "math.ipowi" => 0,
        _ if name.starts_with("math.") => 2,
        _ => 0,
    }
}

/// The name of default-property slot `slot` (1 or 2).
fn default_name(slot: u8) -> &'static str {
    if slot == 1 {
        "overflowFlags"
    } else {
        "fastmath"
    }
}

/// The size of [`FnLower::op_cache`] (a power of two).
pub(crate) const OP_CACHE: usize = 64;

/// A `&'static str` by its address: op names and property names are literals,
/// and hashing an address is cheaper than hashing the text.
fn addr(s: &'static str) -> usize {
    s.as_ptr() as usize
}

impl<'a> FnLower<'_, 'a, '_> {
    /// The block being filled; after a terminator, a fresh (unreachable) one.
    pub(crate) fn cur(&mut self) -> BlockId {
        match self.block {
            Some(b) => b,
            None => {
                let b = self.new_block();
                self.enter(b);
                b
            }
        }
    }

    /// A new empty block appended to the function.
    pub(crate) fn new_block(&mut self) -> BlockId {
        let loc = self.loc();
        let b = self.ctx.create_block(&[], loc);
        self.ctx.append_block(self.region, b);
        b
    }

    /// Create a detached op at the current location, with the properties mlir-opt
    /// always prints (see [`default_prop`]) added when not given.
    pub(crate) fn build_op(
        &mut self,
        name: &'static str,
        operands: &[ValueId],
        results: &[Type],
        props: &[(&'static str, Attr)],
    ) -> OpId {
        let dict = self.props_dict(name, props);
        self.build_with(name, operands, results, dict)
    }

    /// The interned name of op `name` and its default-property slot, once per module.
    pub(crate) fn op_entry(&mut self, name: &'static str) -> (cuwasm::OpName, u8) {
        // a direct-mapped cache in front of the map: ops repeat a few names
        let slot = (addr(name) >> 3) & (OP_CACHE - 1);
        if let Some((a, n, d)) = self.op_cache[slot]
            && a == addr(name)
        {
            return (n, d);
        }
        let cached = self.info.op_names.borrow().get(&addr(name)).copied();
        let e = match cached {
            Some(e) => e,
            None => {
                let e = (self.ctx.op_name(name), default_prop(name));
                self.info.op_names.borrow_mut().insert(addr(name), e);
                e
            }
        };
        self.op_cache[slot] = Some((addr(name), e.0, e.1));
        e
    }

    /// The property dictionary of op `name` given `props`, with the property
    /// mlir-opt always prints (see [`default_prop`]) added when not given;
    /// `None` when empty. Interned once per module for each distinct input.
    pub(crate) fn props_dict(
        &mut self,
        name: &'static str,
        props: &[(&'static str, Attr)],
    ) -> Option<Attr> {
        let (_, mut slot) = self.op_entry(name);
        if slot != 0 && props.iter().any(|(k, _)| *k == default_name(slot)) {
            slot = 0;
        }
        if props.is_empty() {
            return self.info.common.default_dicts[slot as usize];
        }
        let mut key: DictKey = ([None; 4], slot);
        let cacheable = props.len() <= 4;
        if cacheable {
            for (k, (n, a)) in props.iter().enumerate() {
                key.0[k] = Some((addr(n), *a));
            }
            if let Some(d) = self.info.dicts.borrow().get(&key) {
                return Some(*d);
            }
        }
        let mut entries: Vec<(cuwasm::Symbol, Attr)> = props
            .iter()
            .map(|(k, a)| (self.ctx.symbol(k), *a))
            .collect();
        if slot != 0 {
            let c = &self.info.common;
            let a = if slot == 1 {
                c.overflow_none
            } else {
                c.fastmath_none
            };
            entries.push((self.ctx.symbol(default_name(slot)), a));
        }
        let dict = self.ctx.dictionary_attr(entries);
        if cacheable {
            self.info.dicts.borrow_mut().insert(key, dict);
        }
        Some(dict)
    }

    /// Create a detached op with a ready-made property dictionary.
    pub(crate) fn build_with(
        &mut self,
        name: &'static str,
        operands: &[ValueId],
        results: &[Type],
        properties: Option<Attr>,
    ) -> OpId {
        let (op_name, _) = self.op_entry(name);
        let loc = self.loc();
        self.ctx
            .create_simple_op(op_name, loc, operands, results, properties, &[])
    }

    /// Create an op at the end of the current block.
    pub(crate) fn op(
        &mut self,
        name: &'static str,
        operands: &[ValueId],
        results: &[Type],
        props: &[(&'static str, Attr)],
    ) -> OpId {
        let op = self.build_op(name, operands, results, props);
        let b = self.cur();
        self.ctx.append_op(b, op);
        op
    }

    /// An op with one result.
    pub(crate) fn op1(
        &mut self,
        name: &'static str,
        operands: &[ValueId],
        result: Type,
        props: &[(&'static str, Attr)],
    ) -> ValueId {
        let op = self.op(name, operands, &[result], props);
        self.ctx.result(op, 0)
    }

    /// An op whose result has the type of its first operand.
    pub(crate) fn same(&mut self, name: &'static str, operands: &[ValueId]) -> ValueId {
        let ty = self.ctx.value_type(operands[0]);
        self.op1(name, operands, ty, &[])
    }

    pub(crate) fn ty(&self, v: ValueId) -> Type {
        self.ctx.value_type(v)
    }

    pub(crate) fn width(&self, ty: Type) -> u32 {
        match self.ctx.float_kind(ty) {
            Some(k) => match k {
                FloatKind::F16 | FloatKind::BF16 => 16,
                FloatKind::F32 => 32,
                FloatKind::F64 => 64,
                FloatKind::Other(_, w) => w,
            },
            None => self.ctx.int_width(ty).unwrap_or(0),
        }
    }

    /// `arith.constant` of `value` (of type `ty`), made once per function in
    /// the entry block (located at its first use).
    pub(crate) fn constant(&mut self, ty: Type, value: Attr) -> ValueId {
        if let Some(v) = self.consts.get(&value) {
            return *v;
        }
        // `{value = ...}` interned directly: the property-dictionary cache
        // would miss (a new constant has a new value) and grow
        let dict = self
            .ctx
            .intern_attr(AttrData::Dictionary(vec![(self.info.common.value, value)]));
        let op = self.build_with("arith.constant", &[], &[ty], Some(dict));
        self.ctx.insert_op_before(self.entry_term, op);
        let v = self.ctx.result(op, 0);
        self.consts.insert(value, v);
        v
    }

    pub(crate) fn c_int(&mut self, ty: Type, v: i128) -> ValueId {
        // by value first: most constants repeat, and interning costs a lookup
        if let Some(c) = self.const_values.get(&(ty, v)) {
            return *c;
        }
        let a = self.ctx.int_attr(ty, v);
        let c = self.constant(ty, a);
        self.const_values.insert((ty, v), c);
        c
    }

    pub(crate) fn c_bits(&mut self, ty: Type, bits: u64) -> ValueId {
        // floats by their bits, apart from the integers (a float type's key)
        let key = (ty, bits as i128 | 1 << 64);
        if let Some(c) = self.const_values.get(&key) {
            return *c;
        }
        let a = self.ctx.intern_attr(AttrData::Float { bits, ty });
        let c = self.constant(ty, a);
        self.const_values.insert(key, c);
        c
    }

    pub(crate) fn c_float(&mut self, ty: Type, v: f64) -> ValueId {
        let a = self.ctx.float_attr(ty, v);
        self.constant(ty, a)
    }

    pub(crate) fn c_bool(&mut self, v: bool) -> ValueId {
        let i1 = self.info.common.i1;
        self.c_int(i1, v as i128)
    }

    pub(crate) fn cmpi(&mut self, pred: i64, a: ValueId, b: ValueId) -> ValueId {
        let (i1, p) = (
            self.info.common.i1,
            self.info.common.predicates[pred as usize],
        );
        self.op1("arith.cmpi", &[a, b], i1, &[("predicate", p)])
    }

    pub(crate) fn cmpf(&mut self, pred: i64, a: ValueId, b: ValueId) -> ValueId {
        let (i1, p) = (
            self.info.common.i1,
            self.info.common.predicates[pred as usize],
        );
        self.op1("arith.cmpf", &[a, b], i1, &[("predicate", p)])
    }

    pub(crate) fn select(&mut self, c: ValueId, a: ValueId, b: ValueId) -> ValueId {
        let ty = self.ty(a);
        self.op1("arith.select", &[c, a, b], ty, &[])
    }

    pub(crate) fn not(&mut self, v: ValueId) -> ValueId {
        let t = self.c_bool(true);
        self.same("arith.xori", &[v, t])
    }

    /// `v` as `ty` of the same width (`arith.bitcast` when the types differ).
    pub(crate) fn bitcast(&mut self, v: ValueId, ty: Type) -> ValueId {
        if self.ty(v) == ty {
            v
        } else {
            self.op1("arith.bitcast", &[v], ty, &[])
        }
    }

    /// An integer `v` as the integer type `ty`: extended (signed or not) or truncated.
    pub(crate) fn resize(&mut self, v: ValueId, ty: Type, signed: bool) -> ValueId {
        let (from, to) = (self.width(self.ty(v)), self.width(ty));
        if from == to {
            self.bitcast(v, ty)
        } else if from < to {
            let name = if signed { "arith.extsi" } else { "arith.extui" };
            self.op1(name, &[v], ty, &[])
        } else {
            self.op1("arith.trunci", &[v], ty, &[])
        }
    }

    /// The integer type of `ty`'s width (`f32` → `i32`).
    pub(crate) fn int_of(&self, ty: Type) -> Type {
        let w = self.width(ty);
        self.info
            .common
            .int(w)
            .unwrap_or_else(|| self.ctx.integer_type(w))
    }

    pub(crate) fn int_const_of(&mut self, like: ValueId, v: i128) -> ValueId {
        let ty = self.ty(like);
        self.c_int(ty, v)
    }

    pub(crate) fn branch_from(&mut self, from: BlockId, to: BlockId) {
        let (name, _) = self.op_entry("cf.br");
        let loc = self.loc();
        let op = self.ctx.create_simple_op(name, loc, &[], &[], None, &[to]);
        self.ctx.append_op(from, op);
        self.add_edge(from, 0, to);
    }

    /// `cf.br` from the current block; the block ends.
    pub(crate) fn br(&mut self, to: BlockId) {
        let b = self.cur();
        self.branch_from(b, to);
        self.block = None;
    }

    /// `cf.cond_br c, t, f`; the block ends.
    pub(crate) fn cond_br(&mut self, c: ValueId, t: BlockId, f: BlockId) {
        let (name, _) = self.op_entry("cf.cond_br");
        let props = Some(self.info.common.cond_br_props);
        let loc = self.loc();
        let op = self
            .ctx
            .create_simple_op(name, loc, &[c], &[], props, &[t, f]);
        let b = self.cur();
        self.ctx.append_op(b, op);
        self.add_edge(b, 0, t);
        self.add_edge(b, 1, f);
        self.block = None;
    }

    pub(crate) fn load(
        &mut self,
        ptr: ValueId,
        ty: Type,
        align: Option<u64>,
        volatile: bool,
    ) -> ValueId {
        let op = if align.is_none() && !volatile {
            let props = self.info.common.plain_load;
            let op = self.build_with("ptr.load", &[ptr], &[ty], Some(props));
            let b = self.cur();
            self.ctx.append_op(b, op);
            op
        } else {
            let mut props = self.access_props(align, volatile);
            props.insert(1, ("invariant", self.info.common.false_));
            self.op("ptr.load", &[ptr], &[ty], &props)
        };
        self.ctx.result(op, 0)
    }

    pub(crate) fn store(&mut self, v: ValueId, ptr: ValueId, align: Option<u64>, volatile: bool) {
        if align.is_none() && !volatile {
            let props = self.info.common.plain_store;
            let op = self.build_with("ptr.store", &[v, ptr], &[], Some(props));
            let b = self.cur();
            self.ctx.append_op(b, op);
        } else {
            let props = self.access_props(align, volatile);
            self.op("ptr.store", &[v, ptr], &[], &props);
        }
    }

    // ---- registers ------------------------------------------------------------------

    pub(crate) fn read_reg(&mut self, r: usize) -> ValueId {
        let b = self.cur();
        self.read_var(r, b)
    }

    /// Give register `r` the value `v` (of its type); under a select-mode
    /// guard the old value stays where the predicate is false.
    pub(crate) fn write_reg(&mut self, r: usize, v: ValueId) {
        let v = match self.guard {
            Some(SelectGuard { pred, negated }) => {
                let old = self.read_reg(r);
                if negated {
                    self.select(pred, old, v)
                } else {
                    self.select(pred, v, old)
                }
            }
            None => v,
        };
        let b = self.cur();
        self.write_var(r, b, v);
    }

    fn reg_of(&mut self, name: &'a str, span: Span) -> LResult<usize> {
        match self.lookup(name) {
            Some(Binding::Reg(r)) => Ok(r),
            Some(Binding::Var { .. }) => {
                Err(self.err(span, format!("'{name}' is a variable, not a register")))
            }
            None => Err(self.err(span, format!("undefined register '{name}'"))),
        }
    }

    pub(crate) fn err(&self, span: Span, msg: impl Into<String>) -> cuwasm::Diagnostic {
        self.info.error(self.ctx, span, msg)
    }

    /// Convert `v`, read from a register of PTX type `from`, to instruction type `want`.
    fn fit_value(
        &mut self,
        v: ValueId,
        from: ast::Type,
        want: ast::Type,
        fit: Fit,
        span: Span,
        name: &str,
    ) -> LResult<ValueId> {
        let ty = self.info.common.ir(self.ctx, want);
        let (wf, ww) = (from.bits(), want.bits());
        if wf == ww && (from == ast::Type::Pred) == (want == ast::Type::Pred) {
            return Ok(self.bitcast(v, ty));
        }
        if fit == Fit::Relaxed && wf > ww && from.is_int() && want != ast::Type::Pred {
            let int = self
                .info
                .common
                .int(ww)
                .unwrap_or_else(|| self.ctx.integer_type(ww));
            let t = self.resize(v, int, false);
            return Ok(self.bitcast(t, ty));
        }
        Err(self.err(
            span,
            format!(
                "register '{name}' has type {}, which does not fit the instruction type {}",
                from.name(),
                want.name()
            ),
        ))
    }

    /// A bare name that is a register (PTX register names need no `%`) as a register operand.
    fn named_reg(&mut self, o: &Operand<'a>) -> Option<Operand<'a>> {
        match o {
            Operand::Sym(name, span) if matches!(self.lookup(name), Some(Binding::Reg(_))) => {
                Some(Operand::Reg(name, None, *span))
            }
            _ => None,
        }
    }

    /// The value of operand `o` as PTX type `ty`.
    pub(crate) fn read(&mut self, o: &Operand<'a>, ty: ast::Type, fit: Fit) -> LResult<ValueId> {
        if let Some(r) = self.named_reg(o) {
            return self.read(&r, ty, fit);
        }
        match o {
            Operand::Reg(name, comp, span) => {
                // declared registers first: special registers are rarer
                let found = if comp.is_none() {
                    self.lookup(name)
                } else {
                    None
                };
                if let Some(Binding::Reg(r)) = found {
                    let v = self.read_reg(r);
                    let from = self.regs[r].ty;
                    return self.fit_value(v, from, ty, fit, *span, name);
                }
                if let Some(sp) = self.special(name, *comp, *span)? {
                    let (v, from) = sp;
                    return self.fit_value(v, from, ty, Fit::Relaxed, *span, name);
                }
                if comp.is_some() {
                    return Err(self.err(*span, "vector register components are not supported"));
                }
                match found {
                    Some(_) => {
                        Err(self.err(*span, format!("'{name}' is a variable, not a register")))
                    }
                    None => Err(self.err(*span, format!("undefined register '{name}'"))),
                }
            }
            Operand::Not(name, span) => {
                if ty != ast::Type::Pred {
                    return Err(self.err(*span, "'!' applies to predicates only"));
                }
                let r = self.reg_of(name, *span)?;
                if self.regs[r].ty != ast::Type::Pred {
                    return Err(self.err(*span, format!("'{name}' is not a predicate")));
                }
                let v = self.read_reg(r);
                Ok(self.not(v))
            }
            Operand::Imm(v, span) => self.immediate(*v, ty, *span),
            Operand::Sym(name, span) => {
                if *name == "WARP_SZ" {
                    return self.immediate(Value::Int(32), ty, *span);
                }
                self.immediate(Value::Addr(name, 0), ty, *span)
            }
            other => Err(self.err(
                other.span(),
                format!("expected a register or a constant of type {}", ty.name()),
            )),
        }
    }

    pub(crate) fn immediate(
        &mut self,
        v: Value<'a>,
        ty: ast::Type,
        span: Span,
    ) -> LResult<ValueId> {
        let irt = self.info.common.ir(self.ctx, ty);
        let float = self.ctx.float_kind(irt);
        Ok(match (v, float) {
            (Value::Int(i), None) => self.c_int(irt, i as i128),
            (Value::Int(i), Some(_)) => self.c_float(irt, i as i64 as f64),
            (Value::F32Bits(b), Some(FloatKind::F32)) => self.c_bits(irt, b as u64),
            (Value::F32Bits(b), Some(_)) => self.c_float(irt, f32::from_bits(b) as f64),
            (Value::F64Bits(b), Some(FloatKind::F64)) => self.c_bits(irt, b),
            (Value::F64Bits(b), Some(_)) => self.c_float(irt, f64::from_bits(b)),
            (Value::F64(x), Some(FloatKind::F64)) => self.c_bits(irt, x.to_bits()),
            (Value::F64(x), Some(_)) => self.c_float(irt, x),
            // a hexadecimal float in a bit-size instruction is its bit pattern
            (Value::F32Bits(b), None) if ty.bits() == 32 => self.c_int(irt, b as i128),
            (Value::F64Bits(b), None) if ty.bits() == 64 => self.c_int(irt, b as i128),
            (Value::Addr(name, off), _) if ty.is_int() => {
                let a = self.symbol_address(name, span, irt)?;
                if off == 0 {
                    a
                } else {
                    let o = self.c_int(irt, off as i128);
                    self.same("arith.addi", &[a, o])
                }
            }
            (Value::Addr(name, _), _) => {
                return Err(self.err(
                    span,
                    format!("the address of '{name}' is not a {} value", ty.name()),
                ));
            }
            (_, None) => {
                return Err(self.err(
                    span,
                    format!("a float constant where {} is expected", ty.name()),
                ));
            }
        })
    }

    /// The address of variable `name` in its state space's window, as integer `ty`.
    fn symbol_address(&mut self, name: &'a str, span: Span, ty: Type) -> LResult<ValueId> {
        let Binding::Var { ptr, .. } = self.var(name, span)? else {
            return Err(self.err(span, format!("'{name}' is a register, not a variable")));
        };
        Ok(self.ptr_to_int(ptr, ty))
    }

    /// A variable's binding (function scopes first, then module scope).
    pub(crate) fn var(&mut self, name: &'a str, span: Span) -> LResult<Binding> {
        if let Some(b) = self.lookup(name) {
            return Ok(b);
        }
        match self.global_ptr(name, span)? {
            Some(b) => Ok(b),
            None if self.info.globals.contains_key(name) => {
                Err(self.err(span, format!("'{name}' is a function, not a variable")))
            }
            None => Err(self.err(span, format!("undefined symbol '{name}'"))),
        }
    }

    /// Store `v` (of PTX type `ty`) into the destination operand.
    pub(crate) fn write(
        &mut self,
        o: &Operand<'a>,
        v: ValueId,
        ty: ast::Type,
        fit: Fit,
    ) -> LResult<()> {
        if let Some(r) = self.named_reg(o) {
            return self.write(&r, v, ty, fit);
        }
        match o {
            Operand::Sink(_) => Ok(()),
            Operand::Reg(name, None, span) => {
                let r = match self.lookup(name) {
                    Some(Binding::Reg(r)) => r,
                    Some(Binding::Var { .. }) => {
                        return Err(
                            self.err(*span, format!("'{name}' is a variable, not a register"))
                        );
                    }
                    None if is_special(name) => {
                        return Err(self.err(*span, "expected a destination register"));
                    }
                    None => return Err(self.err(*span, format!("undefined register '{name}'"))),
                };
                let (rty, rir) = (self.regs[r].ty, self.regs[r].ir);
                let (wr, wv) = (rty.bits(), ty.bits());
                let pred_mismatch = (rty == ast::Type::Pred) != (ty == ast::Type::Pred);
                let v = if wr == wv && !pred_mismatch {
                    self.bitcast(v, rir)
                } else if fit == Fit::Relaxed && wr > wv && rty.is_int() && !pred_mismatch {
                    let int = self.int_of(self.ty(v));
                    let i = self.bitcast(v, int);
                    let wide = self.resize(i, rir, ty.is_signed());
                    self.bitcast(wide, rir)
                } else {
                    return Err(self.err(
                        *span,
                        format!(
                            "register '{name}' has type {}, which does not fit the instruction type {}",
                            rty.name(),
                            ty.name()
                        ),
                    ));
                };
                self.write_reg(r, v);
                Ok(())
            }
            other => Err(self.err(other.span(), "expected a destination register")),
        }
    }

    /// A pointer for memory operand `o` in state space `space`.
    pub(crate) fn address(&mut self, o: &Operand<'a>, space: Space) -> LResult<ValueId> {
        let Operand::Addr(base, off, span) = o else {
            return Err(self.err(o.span(), "expected an address operand '[...]'"));
        };
        let want = self.info.common.ptr(space);
        let base = base.map(|(name, reg)| {
            (
                name,
                reg || matches!(self.lookup(name), Some(Binding::Reg(_))),
            )
        });
        match base {
            Some((name, true)) => {
                let r = self.reg_of(name, *span)?;
                let rty = self.regs[r].ty;
                if !rty.is_int() || !matches!(rty.bits(), 32 | 64) {
                    return Err(self.err(
                        *span,
                        format!(
                            "an address register must be 32 or 64 bits, not {}",
                            rty.name()
                        ),
                    ));
                }
                let v = self.read_reg(r);
                let v = if *off != 0 {
                    let o = self.int_const_of(v, *off as i128);
                    self.same("arith.addi", &[v, o])
                } else {
                    v
                };
                Ok(self.int_to_ptr(v, want))
            }
            Some((name, false)) => {
                let Binding::Var { ptr, space: vs, .. } = self.var(name, *span)? else {
                    return Err(self.err(*span, format!("'{name}' is a register, not a variable")));
                };
                let p = self.cast_space(ptr, vs, space, *span, name)?;
                Ok(self.offset(p, *off))
            }
            None => {
                let i64 = self.info.common.i64;
                let v = self.c_int(i64, *off as i128);
                Ok(self.int_to_ptr(v, want))
            }
        }
    }

    /// `ptr + off` bytes.
    pub(crate) fn offset(&mut self, p: ValueId, off: i64) -> ValueId {
        if off == 0 {
            return p;
        }
        let i64 = self.info.common.i64;
        let o = self.c_int(i64, off as i128);
        let ty = self.ty(p);
        let flags = self.info.common.add_flags;
        self.op1("ptr.ptr_add", &[p, o], ty, &[("flags", flags)])
    }

    /// An integer address in pointer type `ptr`'s window: `ptr_add(origin,
    /// ext64(a))`, zero-extended for generic and global addresses and
    /// sign-extended in the shared, local and const windows (offsets from the
    /// window's origin, which may lie after the address).
    pub(crate) fn int_to_ptr(&mut self, a: ValueId, ptr: Type) -> ValueId {
        let i64 = self.info.common.i64;
        let signed = ptr != self.info.common.ptr_generic;
        let a = self.resize(a, i64, signed);
        let null = self.origin(ptr);
        let flags = self.info.common.add_flags;
        self.op1("ptr.ptr_add", &[null, a], ptr, &[("flags", flags)])
    }

    /// A pointer's address as integer `ty`.
    pub(crate) fn ptr_to_int(&mut self, p: ValueId, ty: Type) -> ValueId {
        let pty = self.ty(p);
        let null = self.origin(pty);
        if null == p {
            // the window's origin itself
            return self.c_int(ty, 0);
        }
        let flags = self.info.common.diff_flags;
        self.op1("ptr.ptr_diff", &[p, null], ty, &[("flags", flags)])
    }

    /// A variable of state space `from` used in an access of space `to`: the same
    /// pointer, or its generic address (`cuda.addrspace_cast`).
    fn cast_space(
        &mut self,
        p: ValueId,
        from: Space,
        to: Space,
        span: Span,
        name: &str,
    ) -> LResult<ValueId> {
        let (pf, pt) = (self.info.common.ptr(from), self.info.common.ptr(to));
        if pf == pt {
            return Ok(p);
        }
        if to == Space::Generic {
            return Ok(self.op1("cuda.addrspace_cast", &[p], pt, &[]));
        }
        Err(self.err(
            span,
            format!(
                "'{name}' is a {} variable, accessed as {}",
                from.name(),
                to.name()
            ),
        ))
    }

    /// The value of a special register (`%tid.x`, `%laneid`, ...), with its PTX type;
    /// `None` when `name` is not one.
    fn special(
        &mut self,
        name: &str,
        comp: Option<&str>,
        span: Span,
    ) -> LResult<Option<(ValueId, ast::Type)>> {
        let dim_op = match name {
            "%tid" => Some("cuda.thread_idx"),
            "%ntid" => Some("cuda.block_dim"),
            "%ctaid" => Some("cuda.block_idx"),
            "%nctaid" => Some("cuda.grid_dim"),
            _ => None,
        };
        let i32 = self.info.common.i32;
        if let Some(op) = dim_op {
            let Some(d @ ("x" | "y" | "z")) = comp else {
                return Err(self.err(span, format!("{name} needs a component .x, .y or .z")));
            };
            let a = self.info.common.dims[(d.as_bytes()[0] - b'x') as usize];
            let v = self.op1(op, &[], i32, &[("dimension", a)]);
            return Ok(Some((v, ast::Type::U32)));
        }
        if !is_special(name) {
            return Ok(None);
        }
        if comp.is_some() {
            return Err(self.err(span, format!("{name} has no components")));
        }
        let lanemask = |fl: &mut Self, kind: &str| -> ValueId {
            // eq: 1 << lane; lt: eq - 1; le: (eq << 1) - 1 (wraps to all ones for lane 31);
            // ge: ~lt; gt: ~le
            let lane = fl.op1("cuda.lane_id", &[], i32, &[]);
            let one = fl.c_int(i32, 1);
            let eq = fl.same("arith.shli", &[one, lane]);
            let lt = fl.same("arith.subi", &[eq, one]);
            let eq2 = fl.same("arith.shli", &[eq, one]);
            let le = fl.same("arith.subi", &[eq2, one]);
            let ones = fl.c_int(i32, -1);
            match kind {
                "eq" => eq,
                "lt" => lt,
                "le" => le,
                "ge" => fl.same("arith.xori", &[lt, ones]),
                _ => fl.same("arith.xori", &[le, ones]),
            }
        };
        let v = match name {
            "%laneid" => (self.op1("cuda.lane_id", &[], i32, &[]), ast::Type::U32),
            "%lanemask_eq" => (lanemask(self, "eq"), ast::Type::U32),
            "%lanemask_lt" => (lanemask(self, "lt"), ast::Type::U32),
            "%lanemask_le" => (lanemask(self, "le"), ast::Type::U32),
            "%lanemask_ge" => (lanemask(self, "ge"), ast::Type::U32),
            "%lanemask_gt" => (lanemask(self, "gt"), ast::Type::U32),
            _ => {
                let reg = &name[1..];
                let Some(sr) = cuwasm_dialects::cuda::SpecialReg::from_keyword(reg) else {
                    return Err(self.err(
                        span,
                        format!("the special register {name} is not supported"),
                    ));
                };
                let ty = self.ctx.integer_type(sr.width());
                let a = sr.attr(self.ctx);
                let v = self.op1("cuda.read_sreg", &[], ty, &[("register", a)]);
                let pt = if sr.width() == 64 {
                    ast::Type::U64
                } else {
                    ast::Type::U32
                };
                (v, pt)
            }
        };
        Ok(Some(v))
    }
}

/// Is `name` a special register (other than the `dim3` ones)?
pub(crate) fn is_special(name: &str) -> bool {
    matches!(
        name,
        "%tid"
            | "%ntid"
            | "%ctaid"
            | "%nctaid"
            | "%laneid"
            | "%warpid"
            | "%nwarpid"
            | "%smid"
            | "%nsmid"
            | "%gridid"
            | "%clock"
            | "%clock64"
            | "%globaltimer"
            | "%lanemask_eq"
            | "%lanemask_le"
            | "%lanemask_lt"
            | "%lanemask_ge"
            | "%lanemask_gt"
            | "%dynamic_smem_size"
            | "%total_smem_size"
            | "%clock_hi"
            | "%globaltimer_lo"
            | "%globaltimer_hi"
            | "%envreg"
            | "%pm0"
            | "%is_explicit_cluster"
    )
}
