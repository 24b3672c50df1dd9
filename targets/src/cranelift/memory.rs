//! Memory: the `ptr` dialect, and the `cuda` ops that stay until the emitter
//! (stack slots, globals, string literals, `__ldg`), plus the dispatch of the
//! other surviving `cuda` ops.
//!
//! Loads and stores are plain (never `trusted`: a GPU pointer may be
//! anything), or atomic when they have an `ordering` (see `atomics.rs`).
//! Plain ones are marked aligned when the access's `alignment` (by
//! default the natural one, as in LLVM) is at least its size. Vector loads
//! and stores are contiguous, of all lanes, and unaligned-safe.

use super::function::FnLowering;
use super::types::byte_size;
use cranelift_codegen::ir::{
    self, InstBuilder, MemFlagsData, StackSlotData, StackSlotKind, Value, types,
};
use cuwasm::{AttrData, Diagnostic, OpId};

impl FnLowering<'_, '_> {
    /// Lower a `ptr` op; `false` if it is none this target knows.
    pub(super) fn lower_ptr(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let ctx = self.ctx;
        let v = match ctx.op_name_text(op) {
            "ptr.ptr_add" => {
                let offset = self.operand(op, 1);
                let offset = self.widen_to_i64(offset);
                let base = self.operand(op, 0);
                self.b.ins().iadd(base, offset)
            }
            "ptr.ptr_diff" => {
                let (a, b) = (self.operand(op, 0), self.operand(op, 1));
                let d = self.b.ins().isub(a, b);
                let to = self.result_type(op, 0);
                if to == types::I64 {
                    d
                } else {
                    self.b.ins().ireduce(to, d)
                }
            }
            "ptr.load" => {
                self.reject_mask(op, ctx.result(op, 0))?;
                if self.is_atomic_access(op) {
                    let v = self.atomic_load(op)?;
                    self.set_result(op, 0, v);
                    return Ok(true);
                }
                let ty = self.result_type(op, 0);
                let flags = self.access_flags(op, ty);
                let p = self.operand(op, 0);
                self.b.ins().load(ty, flags, p, 0)
            }
            "ptr.store" => {
                self.reject_mask(op, ctx.operand(op, 0))?;
                if self.is_atomic_access(op) {
                    self.atomic_store(op)?;
                    return Ok(true);
                }
                let (v, p) = (self.operand(op, 0), self.operand(op, 1));
                let flags = self.access_flags(op, self.operand_type(op, 0));
                self.b.ins().store(flags, v, p, 0);
                return Ok(true);
            }
            "ptr.type_offset" => {
                let elem = ctx.prop(op, "elementType").and_then(|a| ctx.attr_type(a));
                let Some(size) = elem.and_then(|t| byte_size(ctx, t)) else {
                    return Err(ctx.op_error(
                        op,
                        "has an element type the Cranelift target does not support",
                    ));
                };
                let ty = self.result_type(op, 0);
                self.int_const(ty, size as i128)
            }
            "ptr.constant" => self.ptr_constant(op)?,
            // Without metadata a pointer-like value is the pointer itself.
            "ptr.to_ptr" | "ptr.from_ptr" if ctx.num_operands(op) == 1 => self.operand(op, 0),
            _ => return Ok(false),
        };
        self.set_result(op, 0, v);
        Ok(true)
    }

    /// Lower a `cuda` op that survives to the emitter; `false` otherwise.
    pub(super) fn lower_cuda(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let ctx = self.ctx;
        let v = match ctx.op_name_text(op) {
            "cuda.alloca" => self.alloca(op)?,
            "cuda.global_addr" => {
                let name = ctx
                    .prop(op, "global_name")
                    .and_then(|a| match ctx.attr_data(a) {
                        AttrData::SymbolRef { root, nested } if nested.is_empty() => {
                            Some(ctx.symbol_str(*root))
                        }
                        _ => None,
                    });
                let Some(&id) = name.and_then(|n| self.m.globals.get(n)) else {
                    return Err(ctx.op_error(op, "names no top-level 'cuda.global_var'"));
                };
                self.data_address(id)
            }
            "cuda.func_addr" => {
                let name = ctx.prop(op, "callee").and_then(|a| match ctx.attr_data(a) {
                    AttrData::SymbolRef { root, nested } if nested.is_empty() => {
                        Some(ctx.symbol_str(*root))
                    }
                    _ => None,
                });
                let Some(&id) = name.and_then(|n| self.m.funcs.get(n)) else {
                    return Err(ctx.op_error(op, "names no function of the module"));
                };
                let f = self.func_ref(id);
                self.b.ins().func_addr(cranelift_codegen::ir::types::I64, f)
            }
            "cuda.call_indirect" => {
                self.lower_call_indirect(op)?;
                return Ok(true);
            }
            "cuda.string_literal" => {
                let bytes = match ctx.prop(op, "value").map(|a| ctx.attr_data(a)) {
                    Some(AttrData::String { value, .. }) => value.clone(),
                    _ => return Err(ctx.op_error(op, "needs a string 'value'")),
                };
                let id = self.m.string_literal(&bytes, ctx.loc(op))?;
                self.data_address(id)
            }
            "cuda.ldg" => {
                let ty = self.result_type(op, 0);
                let flags = self.access_flags(op, ty);
                let p = self.operand(op, 0);
                self.b.ins().load(ty, flags, p, 0)
            }
            "cuda.addrspace_cast" => self.operand(op, 0),
            // `__brev`/`__brevll`: reverse the bits of an i32/i64.
            "cuda.brev" => {
                let x = self.operand(op, 0);
                self.b.ins().bitrev(x)
            }
            "cuda.fast_math" => self.fast_math(op)?,
            "cuda.atomic_rmw" => self.atomic_rmw(op)?,
            "cuda.atomic_cas" => self.atomic_cas(op)?,
            "cuda.threadfence" => {
                self.b.ins().fence();
                return Ok(true);
            }
            _ => return Ok(false),
        };
        self.set_result(op, 0, v);
        Ok(true)
    }

    /// An integer offset or address as `i64` (sign-extended, as GEP indices are).
    fn widen_to_i64(&mut self, v: Value) -> Value {
        match self.b.func.dfg.value_type(v) {
            types::I64 => v,
            _ => self.b.ins().sextend(types::I64, v),
        }
    }

    /// Flags of a plain access of `ty` (see the module docs). A vector's
    /// natural alignment is its element's: `aligned` would let Cranelift fold
    /// the load into SSE instructions that fault on unaligned addresses.
    pub(super) fn access_flags(&self, op: OpId, ty: ir::Type) -> MemFlagsData {
        let align = self
            .ctx
            .prop(op, "alignment")
            .and_then(|a| self.ctx.attr_int(a));
        let natural = ty.lane_type().bytes() as i128;
        match align.unwrap_or(natural) >= ty.bytes() as i128 {
            true => MemFlagsData::new().with_aligned(),
            false => MemFlagsData::new(),
        }
    }

    /// Is this `ptr.load`/`ptr.store` atomic (an `ordering` other than
    /// not_atomic)? Those go to [`Self::atomic_load`]/[`Self::atomic_store`].
    fn is_atomic_access(&self, op: OpId) -> bool {
        self.ctx
            .prop(op, "ordering")
            .and_then(|o| self.ctx.attr_int(o))
            .is_some_and(|o| o != 0)
    }

    /// A mask vector has no memory layout here (its lanes are wider than `i1`'s byte).
    fn reject_mask(&self, op: OpId, v: cuwasm::ValueId) -> Result<(), Diagnostic> {
        match self.is_mask(self.ctx.value_type(v)) {
            true => Err(self.ctx.op_error(
                op,
                "of a mask vector is not supported by the Cranelift target",
            )),
            false => Ok(()),
        }
    }

    /// `ptr.constant`: `#ptr.null` or an integer address.
    fn ptr_constant(&mut self, op: OpId) -> Result<Value, Diagnostic> {
        let ctx = self.ctx;
        let attr = ctx.prop(op, "value").expect("verified");
        let address = match ctx.attr_data(attr) {
            AttrData::Dialect { .. }
                if ctx.attr_dialect(attr).is_some_and(|(n, _)| n == "ptr.null") =>
            {
                0
            }
            _ => ctx.attr_int(attr).ok_or_else(|| {
                ctx.op_error(op, "has a value the Cranelift target does not support")
            })?,
        };
        Ok(self.int_const(types::I64, address))
    }

    /// `cuda.alloca`: a stack slot of `count` elements, aligned to
    /// `alignment` (at least the element's). One slot per op, as LLVM keeps
    /// static allocas in the entry block: a loop reuses it.
    fn alloca(&mut self, op: OpId) -> Result<Value, Diagnostic> {
        let ctx = self.ctx;
        let elem = ctx.prop(op, "element_type").and_then(|a| ctx.attr_type(a));
        let count = ctx.prop(op, "count").and_then(|a| ctx.attr_int(a));
        let (Some(size), Some(count)) = (elem.and_then(|t| byte_size(ctx, t)), count) else {
            return Err(ctx.op_error(
                op,
                "has an element type or count the Cranelift target does not support",
            ));
        };
        let align = ctx
            .prop(op, "alignment")
            .and_then(|a| ctx.attr_int(a))
            .unwrap_or(1);
        let align = (align as u32).max(size);
        let bytes = u32::try_from(count * size as i128)
            .map_err(|_| ctx.op_error(op, "is too large for a stack slot"))?;
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            bytes,
            align.trailing_zeros() as u8,
        ));
        Ok(self.b.ins().stack_addr(types::I64, slot, 0))
    }
}
