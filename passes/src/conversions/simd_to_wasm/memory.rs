//! Memory: the `ptr` dialect and the `cuda` ops that reach the CPU level
//! (device variables, string literals, `__ldg`, atomics, `__brev`, fences).
//!
//! A pointer is an `i64` `memory_base + offset` (docs/wasm-abi.md): pointer
//! arithmetic is `i64` arithmetic and an access converts the pointer with
//! [`FnConv::address`]. Values narrower than 32 bits load zero-extended and
//! store wrapped. Atomics: see [`FnConv::atomic_rmw`].

use super::function::{FnConv, symbol_ref_name};
use cuwasm::{AttrData, Diagnostic, OpId, Type, ValueId};
use cuwasm_dialects::cuda::AtomicKind;

impl FnConv<'_> {
    pub(super) fn memory(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let i64 = self.ctx.i64();
        let v = match self.ctx.op_name_text(op) {
            "ptr.ptr_add" => {
                let (base, offset) = (self.operand(op, 0), self.operand(op, 1));
                let offset = self.int_resize(offset, i64, true);
                self.binary("i64.add", base, offset)
            }
            "ptr.ptr_diff" => {
                let (a, b) = (self.operand(op, 0), self.operand(op, 1));
                let d = self.binary("i64.sub", a, b);
                let to = self.result_ty(op, 0)?;
                self.int_resize(d, to, false)
            }
            "ptr.load" | "cuda.ldg" => {
                let p = self.operand(op, 0);
                let ty = self.old_ty(op);
                self.load(op, p, ty)?
            }
            "ptr.store" => {
                let (v, p) = (self.operand(op, 0), self.operand(op, 1));
                let ty = self.ctx.value_type(self.ctx.operand(op, 0));
                self.store(op, p, v, ty)?;
                return Ok(true);
            }
            "ptr.constant" => {
                let attr = self.ctx.prop(op, "value").expect("verified");
                let null = self
                    .ctx
                    .attr_dialect(attr)
                    .is_some_and(|(n, _)| n == "ptr.null");
                let Some(address) = self.ctx.attr_int(attr).or(null.then_some(0)) else {
                    return Err(self
                        .ctx
                        .op_error(op, "has a value the Wasm target does not support"));
                };
                self.const_int(i64, address)
            }
            "ptr.type_offset" => {
                let elem = self
                    .ctx
                    .prop(op, "elementType")
                    .and_then(|a| self.ctx.attr_type(a));
                let Some(size) = elem.and_then(|t| self.store_size(t)) else {
                    return Err(self
                        .ctx
                        .op_error(op, "has an element type the Wasm target does not support"));
                };
                let ty = self.result_ty(op, 0)?;
                self.const_int(ty, size as i128)
            }
            "ptr.to_ptr" | "ptr.from_ptr" | "cuda.addrspace_cast"
                if self.ctx.num_operands(op) == 1 =>
            {
                self.operand(op, 0)
            }
            "cuda.global_addr" => {
                let name = self
                    .ctx
                    .prop(op, "global_name")
                    .and_then(|a| symbol_ref_name(self.ctx, a));
                let Some(offset) = name.and_then(|n| self.layout.global(n)) else {
                    return Err(self
                        .ctx
                        .op_error(op, "names no device variable of the module"));
                };
                self.base_plus(offset)
            }
            "cuda.string_literal" => {
                let bytes = match self.ctx.prop(op, "value").map(|a| self.ctx.attr_data(a)) {
                    Some(AttrData::String { value, .. }) => value.clone(),
                    _ => return Err(self.ctx.op_error(op, "needs a string 'value'")),
                };
                let offset = self.layout.string(&bytes);
                self.base_plus(offset)
            }
            "cuda.brev" => {
                let x = self.operand(op, 0);
                self.bit_reverse(x)
            }
            "cuda.fast_math" => self.fast_math(op)?,
            "cuda.atomic_rmw" => self.atomic_rmw(op)?,
            "cuda.atomic_cas" => {
                let (p, expected, new) = (
                    self.operand(op, 0),
                    self.operand(op, 1),
                    self.operand(op, 2),
                );
                let ty = self.ctx.value_type(expected);
                self.cmpxchg(p, expected, new, ty)
            }
            "cuda.threadfence" => {
                if self.options.threads {
                    self.emit("wasm.atomic_fence", &[], &[], &[]);
                }
                return Ok(true);
            }
            "cuda.alloca" => {
                let msg = "is not supported by the Wasm target: kernels keep local arrays in per-thread scratch memory (run 'inline' and 'convert-gpu-to-simd' first)";
                return Err(self.ctx.op_error(op, msg));
            }
            _ => return Ok(false),
        };
        self.set_result(op, 0, v);
        Ok(true)
    }

    /// `memory_base + offset`: the pointer to byte `offset` of the memory.
    fn base_plus(&mut self, offset: u64) -> ValueId {
        let base = self.memory_base();
        let off = self.const_int(self.ctx.i64(), offset as i128);
        self.binary("i64.add", base, off)
    }

    /// Bytes a value of MLIR type `ty` takes in memory.
    fn store_size(&self, ty: Type) -> Option<u32> {
        let ctx = &*self.ctx;
        if let Some(w) = ctx.int_width(ty) {
            return Some(w.div_ceil(8));
        }
        if let Some(k) = ctx.float_kind(ty) {
            return Some(k.width() / 8);
        }
        if ctx.is_index(ty) || cuwasm_dialects::ptr::is_ptr(ctx, ty) {
            return Some(8);
        }
        cuwasm_dialects::wasm::v128_shape(ctx, ty).map(|_| 16)
    }

    /// The memory type and alignment of an access of MLIR type `ty`.
    fn access(&self, op: OpId, ty: Type) -> Result<(Type, u32), Diagnostic> {
        let ctx = &*self.ctx;
        let mem = match ctx.int_width(ty) {
            Some(1 | 8) => ctx.integer_type(8),
            Some(16) => ctx.integer_type(16),
            _ => self.ty(op, ty)?,
        };
        if matches!(ctx.type_data(ty), cuwasm::TypeData::Vector { element, .. } if ctx.int_width(*element) == Some(1))
        {
            return Err(ctx.op_error(
                op,
                "accesses a mask, which the Wasm target does not support",
            ));
        }
        // A vector's natural alignment is its element's.
        let align = match ctx.type_data(ty) {
            cuwasm::TypeData::Vector { element, .. } => self.store_size(*element),
            _ => self.store_size(ty),
        };
        Ok((mem, align.unwrap_or(1)))
    }

    pub(super) fn load(&mut self, op: OpId, p: ValueId, ty: Type) -> Result<ValueId, Diagnostic> {
        let (mem, align) = self.access(op, ty)?;
        let result = self.ty(op, ty)?;
        Ok(self.load_mem(p, mem, result, align))
    }

    pub(super) fn store(
        &mut self,
        op: OpId,
        p: ValueId,
        v: ValueId,
        ty: Type,
    ) -> Result<(), Diagnostic> {
        let (mem, align) = self.access(op, ty)?;
        self.store_mem(p, v, mem, align);
        Ok(())
    }

    fn mem_props(&self, mem: Type, align: u32) -> [(&'static str, cuwasm::Attr); 3] {
        [
            ("memtype", self.ctx.type_attr(mem)),
            ("offset", self.int_attr(0)),
            ("align", self.ctx.int_attr(self.ctx.i32(), align as i128)),
        ]
    }

    /// `wasm.load` of `mem` from pointer `p`, giving Wasm type `result`.
    fn load_mem(&mut self, p: ValueId, mem: Type, result: Type, align: u32) -> ValueId {
        let addr = self.address(p);
        let props = self.mem_props(mem, align);
        self.emit1("wasm.load", &[addr], result, &props)
    }

    fn store_mem(&mut self, p: ValueId, v: ValueId, mem: Type, align: u32) {
        let addr = self.address(p);
        let props = self.mem_props(mem, align);
        self.emit("wasm.store", &[addr, v], &[], &props);
    }

    /// `__brev`: swap ever smaller halves (5 or 6 mask-and-shift steps).
    fn bit_reverse(&mut self, x: ValueId) -> ValueId {
        let ty = self.ctx.value_type(x);
        let shape = self.shape(ty);
        let bits: u32 = if shape == "i64" { 64 } else { 32 };
        let mut v = x;
        let mut width = bits / 2;
        while width >= 1 {
            // Mask of the low `width` bits of every 2*width-bit group.
            let mut mask: u64 = 0;
            let mut i = 0;
            while i < bits {
                mask |= ((1u64 << width) - 1) << i;
                i += 2 * width;
            }
            let m = self.const_int(ty, mask as i128);
            let s = self.const_int(ty, width as i128);
            let low = self.binary(&format!("{shape}.and"), v, m);
            let low = self.binary(&format!("{shape}.shl"), low, s);
            let high = self.binary(&format!("{shape}.shr_u"), v, s);
            let high = self.binary(&format!("{shape}.and"), high, m);
            v = self.binary(&format!("{shape}.or"), low, high);
            width /= 2;
        }
        v
    }

    /// `cuda.atomic_rmw` with CUDA's semantics (the old value). With
    /// `threads`, integer add/sub/and/or/xor/exch are one Wasm atomic and the
    /// rest a `cmpxchg` loop; without, a plain load, update and store.
    fn atomic_rmw(&mut self, op: OpId) -> Result<ValueId, Diagnostic> {
        let Some(kind) = AtomicKind::from_prop(self.ctx, op, "kind")? else {
            return Err(self.ctx.op_error(op, "requires 'kind'"));
        };
        let (p, v) = (self.operand(op, 0), self.operand(op, 1));
        let ty = self.ctx.value_type(v);
        let shape = self.shape(ty);
        let float = shape.starts_with('f');
        let native = match kind {
            AtomicKind::Add if !float => Some("add"),
            AtomicKind::Sub if !float => Some("sub"),
            AtomicKind::And => Some("and"),
            AtomicKind::Or => Some("or"),
            AtomicKind::Xor => Some("xor"),
            AtomicKind::Exch if !float => Some("xchg"),
            _ => None,
        };
        if let (Some(inst), true) = (native, self.options.threads) {
            let addr = self.address(p);
            let props = [
                (
                    "opcode",
                    self.str_attr(&format!("{shape}.atomic.rmw.{inst}")),
                ),
                ("offset", self.int_attr(0)),
            ];
            return Ok(self.emit1("wasm.atomic_rmw", &[addr, v], ty, &props));
        }
        Ok(self.update_loop(p, ty, |c, old| c.atomic_update(kind, old, v)))
    }

    /// The new value of an atomic of `kind` from `old` and operand `v`.
    fn atomic_update(&mut self, kind: AtomicKind, old: ValueId, v: ValueId) -> ValueId {
        let ty = self.ctx.value_type(v);
        let shape = self.shape(ty);
        let i = |n: &str| format!("{shape}.{n}");
        let pick = |c: &mut Self, cmp: &str, old: ValueId| {
            let keep = c.compare(&i(cmp), old, v);
            c.select(keep, old, v)
        };
        match kind {
            AtomicKind::Add => self.binary(&i("add"), old, v),
            AtomicKind::Sub => self.binary(&i("sub"), old, v),
            AtomicKind::And => self.binary(&i("and"), old, v),
            AtomicKind::Or => self.binary(&i("or"), old, v),
            AtomicKind::Xor => self.binary(&i("xor"), old, v),
            AtomicKind::Exch => v,
            AtomicKind::Min => pick(self, "lt_s", old),
            AtomicKind::Max => pick(self, "gt_s", old),
            AtomicKind::Umin => pick(self, "lt_u", old),
            AtomicKind::Umax => pick(self, "gt_u", old),
            AtomicKind::Inc => {
                // old >= v ? 0 : old + 1 (unsigned)
                let wrap = self.compare(&i("ge_u"), old, v);
                let one = self.const_int(ty, 1);
                let next = self.binary(&i("add"), old, one);
                let zero = self.const_int(ty, 0);
                self.select(wrap, zero, next)
            }
            AtomicKind::Dec => {
                // (old == 0 || old > v) ? v : old - 1 (unsigned)
                let zero = self.const_int(ty, 0);
                let is_zero = self.compare(&i("eq"), old, zero);
                let above = self.compare(&i("gt_u"), old, v);
                let reset = self.binary("i32.or", is_zero, above);
                let one = self.const_int(ty, 1);
                let prev = self.binary(&i("sub"), old, one);
                self.select(reset, v, prev)
            }
        }
    }

    /// Replace the value of type `ty` at `p` by `update(old)`, atomically
    /// with `threads` (a `cmpxchg` loop on its bits), and return the old one.
    fn update_loop(
        &mut self,
        p: ValueId,
        ty: Type,
        update: impl Fn(&mut Self, ValueId) -> ValueId,
    ) -> ValueId {
        if !self.options.threads {
            let old = self.plain_load(p, ty);
            let new = update(self, old);
            self.plain_store(p, new);
            return old;
        }
        let bits_ty = self.bits_type(ty);
        let old_local = self.new_local(ty);
        let first = self.plain_load(p, ty);
        self.local_set(old_local, first);
        self.retry_loop(|c| {
            let old = c.local_get(old_local, ty);
            let new = update(c, old);
            let (old_bits, new_bits) = (c.to_bits(old), c.to_bits(new));
            let seen = c.cmpxchg_bits(p, old_bits, new_bits);
            let done = c.compare(&format!("{}.eq", c.shape(bits_ty)), seen, old_bits);
            let seen = c.from_bits(seen, ty);
            c.local_set(old_local, seen);
            done
        });
        self.local_get(old_local, ty)
    }

    /// `atomicCAS`: the old value; stores `new` if it equals `expected`.
    fn cmpxchg(&mut self, p: ValueId, expected: ValueId, new: ValueId, ty: Type) -> ValueId {
        if !self.options.threads {
            let old = self.plain_load(p, ty);
            let shape = self.shape(ty);
            let hit = self.compare(&format!("{shape}.eq"), old, expected);
            let value = self.select(hit, new, old);
            self.plain_store(p, value);
            return old;
        }
        let (e, n) = (self.to_bits(expected), self.to_bits(new));
        let old = self.cmpxchg_bits(p, e, n);
        self.from_bits(old, ty)
    }

    fn cmpxchg_bits(&mut self, p: ValueId, expected: ValueId, new: ValueId) -> ValueId {
        let ty = self.ctx.value_type(expected);
        let addr = self.address(p);
        let opcode = format!("{}.atomic.rmw.cmpxchg", self.shape(ty));
        let props = [
            ("opcode", self.str_attr(&opcode)),
            ("offset", self.int_attr(0)),
        ];
        self.emit1("wasm.atomic_cmpxchg", &[addr, expected, new], ty, &props)
    }

    /// `loop { if !body() { br 0 } }`: runs `body` until it returns true.
    fn retry_loop(&mut self, body: impl FnOnce(&mut Self) -> ValueId) {
        let (_, blocks) = self.structured("wasm.loop", &[], &[], 1);
        self.inside(blocks[0], |c| {
            let done = body(c);
            let again = c.unary("i32.eqz", done);
            let d = c.int_attr(0);
            c.emit("wasm.br_if", &[again], &[], &[("depth", d)]);
            c.emit("wasm.end", &[], &[], &[]);
        });
    }

    fn bits_type(&self, ty: Type) -> Type {
        match self.shape(ty) {
            "f32" | "i32" => self.ctx.i32(),
            _ => self.ctx.i64(),
        }
    }

    fn to_bits(&mut self, v: ValueId) -> ValueId {
        let ty = self.ctx.value_type(v);
        match self.shape(ty) {
            "f32" => self.convert("i32.reinterpret_f32", v, self.ctx.i32()),
            "f64" => self.convert("i64.reinterpret_f64", v, self.ctx.i64()),
            _ => v,
        }
    }

    fn from_bits(&mut self, v: ValueId, ty: Type) -> ValueId {
        match self.shape(ty) {
            "f32" => self.convert("f32.reinterpret_i32", v, ty),
            "f64" => self.convert("f64.reinterpret_i64", v, ty),
            _ => v,
        }
    }

    /// A naturally aligned load of Wasm scalar type `ty` from `p`.
    fn plain_load(&mut self, p: ValueId, ty: Type) -> ValueId {
        let size = self.store_size(ty).unwrap_or(4);
        self.load_mem(p, ty, ty, size)
    }

    fn plain_store(&mut self, p: ValueId, v: ValueId) {
        let ty = self.ctx.value_type(v);
        let size = self.store_size(ty).unwrap_or(4);
        self.store_mem(p, v, ty, size);
    }
}
