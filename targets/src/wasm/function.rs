//! One `wasm.func` to code: each SSA value is written to a local of its own
//! right after the instruction that makes it and read back where it is
//! used; structured ops, branches and locals map one to one.

use super::module::{Types, mem_arg};
use super::opcodes::numeric;
use cuwasm::{AttrData, BlockId, Context, Diagnostic, OpId, Type, ValueId};
use cuwasm_dialects::wasm::{local_types, v128_shape};
use std::collections::HashMap;
use wasm_encoder::{BlockType, Function, Ieee32, Ieee64, Instruction as I, ValType};

/// The Wasm value type of `ty`.
pub(super) fn val_type(ctx: &Context, op: OpId, ty: Type) -> Result<ValType, Diagnostic> {
    match (ctx.int_width(ty), ctx.float_kind(ty)) {
        (Some(32), _) => Ok(ValType::I32),
        (Some(64), _) => Ok(ValType::I64),
        (_, Some(cuwasm::FloatKind::F32)) => Ok(ValType::F32),
        (_, Some(cuwasm::FloatKind::F64)) => Ok(ValType::F64),
        _ if v128_shape(ctx, ty).is_some() => Ok(ValType::V128),
        _ => Err(ctx.op_error(
            op,
            format!(
                "has type '{}', which is no Wasm value type",
                ctx.type_to_string(ty)
            ),
        )),
    }
}

struct FnEncoder<'a> {
    ctx: &'a Context,
    funcs: &'a HashMap<String, u32>,
    types: &'a mut Types,
    code: Vec<I<'static>>,
    /// The local of every SSA value.
    locals: HashMap<ValueId, u32>,
    /// Types of the locals after the declared ones.
    extra: Vec<ValType>,
    first_extra: u32,
}

pub(super) fn encode(
    ctx: &Context,
    f: OpId,
    funcs: &HashMap<String, u32>,
    types: &mut Types,
) -> Result<Function, Diagnostic> {
    let all = local_types(ctx, f);
    let declared: Vec<ValType> = all
        .iter()
        .map(|&t| val_type(ctx, f, t))
        .collect::<Result<_, _>>()?;
    let num_params = cuwasm_dialects::wasm::signature(ctx, f).0.len();
    let mut e = FnEncoder {
        ctx,
        funcs,
        types,
        code: Vec::new(),
        locals: HashMap::new(),
        extra: Vec::new(),
        first_extra: all.len() as u32,
    };
    let body = ctx.entry_block(ctx.region(f, 0)).unwrap();
    e.block(body)?;
    e.code.push(I::End);
    let mut groups: Vec<(u32, ValType)> = Vec::new();
    for &t in declared[num_params..].iter().chain(&e.extra) {
        match groups.last_mut() {
            Some((n, last)) if *last == t => *n += 1,
            _ => groups.push((1, t)),
        }
    }
    let mut func = Function::new(groups);
    for inst in &e.code {
        func.instruction(inst);
    }
    Ok(func)
}

impl FnEncoder<'_> {
    fn block(&mut self, block: BlockId) -> Result<(), Diagnostic> {
        for op in self.ctx.block_ops(block) {
            self.op(op)?;
        }
        Ok(())
    }

    /// Push the values of `vs`.
    fn get(&mut self, vs: &[ValueId]) {
        for v in vs {
            self.code.push(I::LocalGet(self.locals[v]));
        }
    }

    /// Pop `op`'s results (pushed by its instruction) into their locals.
    fn set_results(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let results: Vec<ValueId> = self.ctx.results(op).collect();
        for &r in results.iter().rev() {
            let ty = val_type(self.ctx, op, self.ctx.value_type(r))?;
            let local = self.first_extra + self.extra.len() as u32;
            self.extra.push(ty);
            self.locals.insert(r, local);
            self.code.push(I::LocalSet(local));
        }
        Ok(())
    }

    fn prop_int(&self, op: OpId, name: &str) -> u64 {
        self.ctx
            .prop(op, name)
            .and_then(|a| self.ctx.attr_int(a))
            .unwrap_or(0) as u64
    }

    fn opcode(&self, op: OpId) -> &str {
        self.ctx
            .prop(op, "opcode")
            .and_then(|a| self.ctx.attr_str(a))
            .unwrap_or("")
    }

    fn block_type(&mut self, op: OpId) -> Result<BlockType, Diagnostic> {
        let results: Vec<ValType> = self
            .ctx
            .result_types(op)
            .into_iter()
            .map(|t| val_type(self.ctx, op, t))
            .collect::<Result<_, _>>()?;
        Ok(match results.as_slice() {
            [] => BlockType::Empty,
            [t] => BlockType::Result(*t),
            _ => BlockType::FunctionType(self.types.get(vec![], results)),
        })
    }

    fn op(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let operands: Vec<ValueId> = ctx.operands(op).to_vec();
        let name = ctx.op_name_text(op);
        match name {
            "wasm.block" | "wasm.loop" => {
                let bt = self.block_type(op)?;
                self.code.push(if name == "wasm.block" {
                    I::Block(bt)
                } else {
                    I::Loop(bt)
                });
                self.region(op, 0)?;
                self.code.push(I::End);
            }
            "wasm.if" => {
                let bt = self.block_type(op)?;
                self.get(&operands);
                self.code.push(I::If(bt));
                self.region(op, 0)?;
                if !ctx.region_is_empty(ctx.region(op, 1)) {
                    self.code.push(I::Else);
                    self.region(op, 1)?;
                }
                self.code.push(I::End);
            }
            "wasm.end" => self.get(&operands),
            "wasm.br" => {
                self.get(&operands);
                self.code.push(I::Br(self.prop_int(op, "depth") as u32));
            }
            "wasm.br_if" => {
                self.get(&operands[1..]);
                self.get(&operands[..1]);
                self.code.push(I::BrIf(self.prop_int(op, "depth") as u32));
                self.code.extend(operands[1..].iter().map(|_| I::Drop));
            }
            "wasm.br_table" => {
                self.get(&operands[1..]);
                self.get(&operands[..1]);
                let depths: Vec<u32> = match ctx.prop(op, "depths").map(|a| ctx.attr_data(a)) {
                    Some(AttrData::DenseArray { values, .. }) => {
                        values.iter().map(|&d| d as u32).collect()
                    }
                    _ => Vec::new(),
                };
                let default = self.prop_int(op, "default") as u32;
                self.code.push(I::BrTable(depths.into(), default));
            }
            "wasm.return" => {
                self.get(&operands);
                self.code.push(I::Return);
            }
            "wasm.unreachable" => self.code.push(I::Unreachable),
            "wasm.local_get" => self
                .code
                .push(I::LocalGet(self.prop_int(op, "index") as u32)),
            "wasm.local_set" => {
                self.get(&operands);
                self.code
                    .push(I::LocalSet(self.prop_int(op, "index") as u32));
            }
            "wasm.global_get" => self
                .code
                .push(I::GlobalGet(self.prop_int(op, "index") as u32)),
            "wasm.const" => self.constant(op)?,
            "wasm.call" => {
                let callee = ctx.prop(op, "callee").and_then(|a| match ctx.attr_data(a) {
                    AttrData::SymbolRef { root, .. } => Some(ctx.symbol_str(*root)),
                    _ => None,
                });
                let Some(&index) = callee.and_then(|c| self.funcs.get(c)) else {
                    return Err(ctx.op_error(op, "calls a function the module does not have"));
                };
                self.get(&operands);
                self.code.push(I::Call(index));
            }
            "wasm.load" | "wasm.store" => self.memory(op, &operands)?,
            "wasm.atomic_rmw" | "wasm.atomic_cmpxchg" => {
                self.get(&operands);
                let inst = atomic(self.opcode(op), self.prop_int(op, "offset"));
                let Some(inst) = inst else {
                    return Err(ctx.op_error(op, "has an opcode the Wasm target does not encode"));
                };
                self.code.push(inst);
            }
            "wasm.atomic_fence" => self.code.push(I::AtomicFence),
            "wasm.select" => {
                self.get(&operands);
                self.code.push(I::Select);
            }
            "wasm.bitselect" => {
                self.get(&operands);
                self.code.push(I::V128Bitselect);
            }
            "wasm.f32x4_fma" => {
                self.get(&operands);
                self.code.push(I::F32x4RelaxedMadd);
            }
            "wasm.v128_splat" | "wasm.extract_lane" | "wasm.replace_lane" => {
                self.get(&operands);
                let inst = lane_op(ctx, op, self.opcode(op), self.prop_int(op, "lane") as u8);
                let Some(inst) = inst else {
                    return Err(ctx.op_error(op, "has a shape the Wasm target does not encode"));
                };
                self.code.push(inst);
            }
            "wasm.unary" | "wasm.binary" | "wasm.compare" | "wasm.convert" => {
                self.get(&operands);
                let Some(inst) = numeric(self.opcode(op)) else {
                    return Err(ctx.op_error(
                        op,
                        format!(
                            "has opcode '{}', which the Wasm target does not encode",
                            self.opcode(op)
                        ),
                    ));
                };
                self.code.push(inst);
            }
            _ => return Err(ctx.op_error(op, "is not an op of the wasm dialect the emitter knows")),
        }
        self.set_results(op)
    }

    fn region(&mut self, op: OpId, i: usize) -> Result<(), Diagnostic> {
        match self.ctx.entry_block(self.ctx.region(op, i)) {
            Some(b) => self.block(b),
            None => Ok(()),
        }
    }

    fn constant(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let attr = ctx.prop(op, "value").expect("verified");
        let inst = match ctx.attr_data(attr) {
            AttrData::Integer { value, ty } if ctx.int_width(*ty) == Some(32) => {
                I::I32Const(*value as i32)
            }
            AttrData::Integer { value, .. } => I::I64Const(*value as i64),
            AttrData::Float { bits, ty } if ctx.float_kind(*ty) == Some(cuwasm::FloatKind::F32) => {
                I::F32Const(Ieee32::new(*bits as u32))
            }
            AttrData::Float { bits, .. } => I::F64Const(Ieee64::new(*bits)),
            _ => return Err(ctx.op_error(op, "has a constant the Wasm target does not encode")),
        };
        self.code.push(inst);
        Ok(())
    }

    fn memory(&mut self, op: OpId, operands: &[ValueId]) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let mem = ctx
            .prop(op, "memtype")
            .and_then(|a| ctx.attr_type(a))
            .expect("verified");
        let arg = mem_arg(self.prop_int(op, "offset"), self.prop_int(op, "align"));
        let load = ctx.is_op(op, "wasm.load");
        let value_ty = match load {
            true => ctx.value_type(ctx.result(op, 0)),
            false => ctx.value_type(operands[1]),
        };
        let value = val_type(ctx, op, value_ty)?;
        let signed = ctx.prop(op, "signed").is_some();
        let inst = match (load, value, ctx.int_width(mem)) {
            (true, ValType::I32, Some(8)) if signed => I::I32Load8S(arg),
            (true, ValType::I32, Some(8)) => I::I32Load8U(arg),
            (true, ValType::I32, Some(16)) if signed => I::I32Load16S(arg),
            (true, ValType::I32, Some(16)) => I::I32Load16U(arg),
            (true, ValType::I32, _) => I::I32Load(arg),
            (true, ValType::I64, Some(8)) if signed => I::I64Load8S(arg),
            (true, ValType::I64, Some(8)) => I::I64Load8U(arg),
            (true, ValType::I64, Some(16)) if signed => I::I64Load16S(arg),
            (true, ValType::I64, Some(16)) => I::I64Load16U(arg),
            (true, ValType::I64, Some(32)) if signed => I::I64Load32S(arg),
            (true, ValType::I64, Some(32)) => I::I64Load32U(arg),
            (true, ValType::I64, _) => I::I64Load(arg),
            (true, ValType::F32, _) => I::F32Load(arg),
            (true, ValType::F64, _) => I::F64Load(arg),
            (true, _, _) => I::V128Load(arg),
            (false, ValType::I32, Some(8)) => I::I32Store8(arg),
            (false, ValType::I32, Some(16)) => I::I32Store16(arg),
            (false, ValType::I32, _) => I::I32Store(arg),
            (false, ValType::I64, Some(8)) => I::I64Store8(arg),
            (false, ValType::I64, Some(16)) => I::I64Store16(arg),
            (false, ValType::I64, Some(32)) => I::I64Store32(arg),
            (false, ValType::I64, _) => I::I64Store(arg),
            (false, ValType::F32, _) => I::F32Store(arg),
            (false, ValType::F64, _) => I::F64Store(arg),
            (false, _, _) => I::V128Store(arg),
        };
        self.get(operands);
        self.code.push(inst);
        Ok(())
    }
}

/// `T.atomic.rmw.OP` with its natural alignment.
fn atomic(opcode: &str, offset: u64) -> Option<I<'static>> {
    let (ty, op) = opcode.split_once(".atomic.rmw.")?;
    let arg = mem_arg(offset, if ty == "i64" { 8 } else { 4 });
    Some(match (ty, op) {
        ("i32", "add") => I::I32AtomicRmwAdd(arg),
        ("i32", "sub") => I::I32AtomicRmwSub(arg),
        ("i32", "and") => I::I32AtomicRmwAnd(arg),
        ("i32", "or") => I::I32AtomicRmwOr(arg),
        ("i32", "xor") => I::I32AtomicRmwXor(arg),
        ("i32", "xchg") => I::I32AtomicRmwXchg(arg),
        ("i32", "cmpxchg") => I::I32AtomicRmwCmpxchg(arg),
        ("i64", "add") => I::I64AtomicRmwAdd(arg),
        ("i64", "sub") => I::I64AtomicRmwSub(arg),
        ("i64", "and") => I::I64AtomicRmwAnd(arg),
        ("i64", "or") => I::I64AtomicRmwOr(arg),
        ("i64", "xor") => I::I64AtomicRmwXor(arg),
        ("i64", "xchg") => I::I64AtomicRmwXchg(arg),
        ("i64", "cmpxchg") => I::I64AtomicRmwCmpxchg(arg),
        _ => return None,
    })
}

/// `splat`, `extract_lane` and `replace_lane` by the vector's shape.
fn lane_op(ctx: &Context, op: OpId, opcode: &str, lane: u8) -> Option<I<'static>> {
    if ctx.is_op(op, "wasm.v128_splat") {
        let (n, elem) = v128_shape(ctx, ctx.value_type(ctx.result(op, 0)))?;
        return Some(match (n, ctx.float_kind(elem).is_some()) {
            (16, _) => I::I8x16Splat,
            (8, _) => I::I16x8Splat,
            (4, false) => I::I32x4Splat,
            (2, false) => I::I64x2Splat,
            (4, true) => I::F32x4Splat,
            _ => I::F64x2Splat,
        });
    }
    Some(match opcode {
        "i8x16.extract_lane_s" => I::I8x16ExtractLaneS(lane),
        "i8x16.extract_lane_u" => I::I8x16ExtractLaneU(lane),
        "i16x8.extract_lane_s" => I::I16x8ExtractLaneS(lane),
        "i16x8.extract_lane_u" => I::I16x8ExtractLaneU(lane),
        "i32x4.extract_lane" => I::I32x4ExtractLane(lane),
        "i64x2.extract_lane" => I::I64x2ExtractLane(lane),
        "f32x4.extract_lane" => I::F32x4ExtractLane(lane),
        "f64x2.extract_lane" => I::F64x2ExtractLane(lane),
        "i8x16.replace_lane" => I::I8x16ReplaceLane(lane),
        "i16x8.replace_lane" => I::I16x8ReplaceLane(lane),
        "i32x4.replace_lane" => I::I32x4ReplaceLane(lane),
        "i64x2.replace_lane" => I::I64x2ReplaceLane(lane),
        "f32x4.replace_lane" => I::F32x4ReplaceLane(lane),
        "f64x2.replace_lane" => I::F64x2ReplaceLane(lane),
        _ => return None,
    })
}
