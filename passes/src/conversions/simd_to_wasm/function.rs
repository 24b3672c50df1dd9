//! Converting one `func.func` into a `wasm.func`: types, the value map,
//! locals, structured control flow (`scf` → block/loop/if with locals for
//! loop-carried values) and calls; the other ops go to the file of their
//! dialect.
//!
//! Values: `i1`, `i8`, `i16` and `i32` live in an `i32`, the narrow ones
//! zero-extended (`i1` is 0 or 1), so ops whose result is narrow mask it and
//! signed ops sign-extend their narrow operands first ([`FnConv::signed`]).
//! `index`, `i64` and pointers are `i64`. 128-bit vectors are `v128`; a mask
//! `vector<Nxi1>` is `N` lanes of all ones or zero.

use super::Options;
use super::layout::Layout;
use cuwasm::{
    Attr, AttrData, BlockId, Context, Diagnostic, Location, OpId, OperationState, Type, TypeData,
    ValueId,
};
use cuwasm_dialects::cpu_abi;
use cuwasm_dialects::wasm::v128_shape;
use std::collections::HashMap;

/// The Wasm type of `ty` (see the module docs); an error at `op` if none.
pub fn wasm_type(ctx: &Context, op: OpId, ty: Type) -> Result<Type, Diagnostic> {
    let found = match ctx.type_data(ty) {
        TypeData::Integer {
            width: 1 | 8 | 16 | 32,
            ..
        } => Some(ctx.i32()),
        TypeData::Integer { width: 64, .. } | TypeData::Index => Some(ctx.i64()),
        TypeData::Float(cuwasm::FloatKind::F32 | cuwasm::FloatKind::F64) => Some(ty),
        TypeData::Vector { shape, element, .. } if shape.len() == 1 => {
            match ctx.int_width(*element) {
                Some(1) if 128 % shape[0] == 0 => {
                    let lane = ctx.integer_type((128 / shape[0]) as u32);
                    Some(ctx.vector_type(shape, lane))
                }
                _ => v128_shape(ctx, ty).map(|_| ty),
            }
        }
        _ if cuwasm_dialects::ptr::is_ptr(ctx, ty) => Some(ctx.i64()),
        _ => None,
    };
    found.ok_or_else(|| {
        let t = ctx.type_to_string(ty);
        ctx.op_error(
            op,
            format!("type '{t}' is not supported by the Wasm target"),
        )
    })
}

/// The name of a flat symbol reference (`@name`).
pub fn symbol_ref_name(ctx: &Context, attr: Attr) -> Option<&str> {
    match ctx.attr_data(attr) {
        AttrData::SymbolRef { root, nested } if nested.is_empty() => Some(ctx.symbol_str(*root)),
        _ => None,
    }
}

/// Convert `func.func` `f` into a `wasm.func` at the end of `module_body`.
pub fn convert(
    ctx: &mut Context,
    f: OpId,
    module_body: BlockId,
    layout: &mut Layout,
    options: Options,
) -> Result<(), Diagnostic> {
    let region = ctx.region(f, 0);
    if ctx.region_blocks(region).len() != 1 {
        return Err(ctx.op_error(
            f,
            "needs structured control flow for the Wasm target (run 'lift-cf-to-scf' first)",
        ));
    }
    let Some((inputs, results)) = cuwasm_dialects::func::function_signature(ctx, f) else {
        return Err(ctx.op_error(f, "has no function type"));
    };
    let inputs: Vec<Type> = inputs
        .iter()
        .map(|&t| wasm_type(ctx, f, t))
        .collect::<Result<_, _>>()?;
    let results: Vec<Type> = results
        .iter()
        .map(|&t| wasm_type(ctx, f, t))
        .collect::<Result<_, _>>()?;
    let name = ctx.symbol_name(f).unwrap_or("").to_string();
    let fty = ctx.function_type(&inputs, &results);
    let loc = ctx.loc(f);
    let mut state = OperationState::new(ctx, "wasm.func", loc)
        .property(ctx, "sym_name", ctx.string_attr(&name))
        .property(ctx, "function_type", ctx.type_attr(fty))
        .regions(1);
    if ctx.attr(f, cpu_abi::KERNEL_ATTR).is_some() {
        state = state.property(ctx, "export_name", ctx.string_attr(&name));
    }
    let func = ctx.create_op(state);
    ctx.append_op(module_body, func);
    let body = ctx.create_block(&[], loc);
    ctx.append_block(ctx.region(func, 0), body);

    let old_entry = ctx.entry_block(region).unwrap();
    let mut conv = FnConv {
        ctx,
        layout,
        module_body,
        options,
        values: HashMap::new(),
        num_params: inputs.len() as u32,
        locals: Vec::new(),
        block: body,
        loc,
        memory_base: None,
        lane_mode: false,
    };
    conv.memory_base = Some(conv.global_get(0, conv.ctx.i64()));
    let args: Vec<ValueId> = conv.ctx.block_args(old_entry).to_vec();
    for (i, (arg, ty)) in args.into_iter().zip(inputs).enumerate() {
        let v = conv.local_get(i as u32, ty);
        conv.values.insert(arg, v);
    }
    let term = conv.body_ops(old_entry)?;
    if !conv.ctx.is_op(term, "func.return") {
        return Err(conv
            .ctx
            .op_error(term, "is not a function's terminator the Wasm target knows"));
    }
    let values = conv.vs(term);
    conv.emit("wasm.return", &values, &[], &[]);
    let locals: Vec<Attr> = conv.locals.iter().map(|&t| conv.ctx.type_attr(t)).collect();
    let locals = conv.ctx.array_attr(locals);
    conv.ctx.set_prop(func, "locals", Some(locals));
    Ok(())
}

/// The conversion of one function.
pub(super) struct FnConv<'a> {
    pub ctx: &'a mut Context,
    pub layout: &'a mut Layout,
    pub module_body: BlockId,
    pub options: Options,
    values: HashMap<ValueId, ValueId>,
    num_params: u32,
    locals: Vec<Type>,
    /// Where new ops go.
    block: BlockId,
    /// The location of the op being converted.
    loc: Location,
    /// `env.memory_base`, read once at the function's entry.
    memory_base: Option<ValueId>,
    /// Converting one lane of a vector op (see [`FnConv::mlir_ty`]).
    pub lane_mode: bool,
}

impl FnConv<'_> {
    // ---- values -----------------------------------------------------------------

    /// The Wasm value of `v` (converted before: ops are visited in order).
    pub fn v(&self, v: ValueId) -> ValueId {
        self.values[&v]
    }

    /// The Wasm values of `op`'s operands.
    pub fn vs(&self, op: OpId) -> Vec<ValueId> {
        self.ctx.operands(op).iter().map(|&v| self.v(v)).collect()
    }

    pub fn operand(&self, op: OpId, i: usize) -> ValueId {
        self.v(self.ctx.operand(op, i))
    }

    /// Map the MLIR value `old` to the Wasm value `new`; returns the previous mapping.
    pub fn remap(&mut self, old: ValueId, new: ValueId) -> Option<ValueId> {
        self.values.insert(old, new)
    }

    pub fn set_result(&mut self, op: OpId, i: usize, v: ValueId) {
        let r = self.ctx.result(op, i);
        self.values.insert(r, v);
    }

    /// The Wasm type of `ty` at `op`.
    pub fn ty(&self, op: OpId, ty: Type) -> Result<Type, Diagnostic> {
        wasm_type(self.ctx, op, ty)
    }

    pub fn result_ty(&self, op: OpId, i: usize) -> Result<Type, Diagnostic> {
        self.ty(op, self.mlir_ty(self.ctx.result(op, i)))
    }

    /// The MLIR type of `v` as the op being converted sees it: a vector's
    /// element type while one lane of a vector op is converted
    /// ([`FnConv::scalarize`](Self::scalarize)).
    pub fn mlir_ty(&self, v: ValueId) -> Type {
        let ty = self.ctx.value_type(v);
        match (self.lane_mode, self.ctx.type_data(ty)) {
            (true, TypeData::Vector { element, .. }) => *element,
            _ => ty,
        }
    }

    pub fn memory_base(&self) -> ValueId {
        self.memory_base.expect("read at entry")
    }

    // ---- building -----------------------------------------------------------------

    /// Append op `name` to the current block.
    pub fn emit(
        &mut self,
        name: &str,
        operands: &[ValueId],
        results: &[Type],
        props: &[(&str, Attr)],
    ) -> OpId {
        self.emit_with_regions(name, operands, results, props, 0)
    }

    /// [`emit`](Self::emit) for a one-result op; returns the result.
    pub fn emit1(
        &mut self,
        name: &str,
        operands: &[ValueId],
        result: Type,
        props: &[(&str, Attr)],
    ) -> ValueId {
        let op = self.emit(name, operands, &[result], props);
        self.ctx.result(op, 0)
    }

    fn emit_with_regions(
        &mut self,
        name: &str,
        operands: &[ValueId],
        results: &[Type],
        props: &[(&str, Attr)],
        regions: usize,
    ) -> OpId {
        let mut state = OperationState::new(self.ctx, name, self.loc)
            .operands(operands)
            .results(results)
            .regions(regions);
        for (k, v) in props {
            state = state.property(self.ctx, k, *v);
        }
        let op = self.ctx.create_op(state);
        self.ctx.append_op(self.block, op);
        op
    }

    /// A structured op (`wasm.block`, `wasm.loop`, `wasm.if`) with a block in
    /// each of its `regions`; returns the op and the blocks.
    pub(super) fn structured(
        &mut self,
        name: &str,
        operands: &[ValueId],
        results: &[Type],
        regions: usize,
    ) -> (OpId, Vec<BlockId>) {
        let op = self.emit_with_regions(name, operands, results, &[], regions);
        let blocks = (0..regions).map(|i| self.new_block_in(op, i)).collect();
        (op, blocks)
    }

    /// A `wasm.if` on `cond` with `results`, and its then and else blocks.
    pub(super) fn emit_if(&mut self, cond: ValueId, results: &[Type]) -> (OpId, [BlockId; 2]) {
        let op = self.emit_with_regions("wasm.if", &[cond], results, &[], 2);
        (op, [self.new_block_in(op, 0), self.new_block_in(op, 1)])
    }

    /// A new block as the body of region `i` of `op`.
    fn new_block_in(&mut self, op: OpId, i: usize) -> BlockId {
        let b = self.ctx.create_block(&[], self.loc);
        self.ctx.append_block(self.ctx.region(op, i), b);
        b
    }

    /// Run `f` with new ops going to `block`.
    pub(super) fn inside<R>(&mut self, block: BlockId, f: impl FnOnce(&mut Self) -> R) -> R {
        let saved = std::mem::replace(&mut self.block, block);
        let r = f(self);
        self.block = saved;
        r
    }

    pub fn str_attr(&self, s: &str) -> Attr {
        self.ctx.string_attr(s)
    }

    pub fn int_attr(&self, v: i128) -> Attr {
        self.ctx.int_attr(self.ctx.i64(), v)
    }

    /// `wasm.const` of an integer of Wasm type `ty` (`i32` or `i64`).
    pub fn const_int(&mut self, ty: Type, value: i128) -> ValueId {
        let value = match self.ctx.int_width(ty) {
            Some(32) => value as i32 as i128,
            _ => value as i64 as i128,
        };
        let a = self.ctx.int_attr(ty, value);
        self.emit1("wasm.const", &[], ty, &[("value", a)])
    }

    /// `wasm.const` of a float of type `ty` with bit pattern `bits`.
    pub fn const_float_bits(&mut self, ty: Type, bits: u64) -> ValueId {
        let a = self.ctx.intern_attr(AttrData::Float { bits, ty });
        self.emit1("wasm.const", &[], ty, &[("value", a)])
    }

    pub fn unary(&mut self, opcode: &str, x: ValueId) -> ValueId {
        let ty = match opcode.ends_with(".eqz")
            || opcode.ends_with("_true")
            || opcode.ends_with(".bitmask")
        {
            true => self.ctx.i32(),
            false => self.ctx.value_type(x),
        };
        let o = self.str_attr(opcode);
        self.emit1("wasm.unary", &[x], ty, &[("opcode", o)])
    }

    pub fn binary(&mut self, opcode: &str, a: ValueId, b: ValueId) -> ValueId {
        let ty = self.ctx.value_type(a);
        let o = self.str_attr(opcode);
        self.emit1("wasm.binary", &[a, b], ty, &[("opcode", o)])
    }

    /// A comparison: an `i32` 0/1 for scalars, a lane mask for vectors.
    pub fn compare(&mut self, opcode: &str, a: ValueId, b: ValueId) -> ValueId {
        let ty = self.ctx.value_type(a);
        let result = match v128_shape(self.ctx, ty) {
            Some((n, _)) => self
                .ctx
                .vector_type(&[n], self.ctx.integer_type((128 / n) as u32)),
            None => self.ctx.i32(),
        };
        let o = self.str_attr(opcode);
        self.emit1("wasm.compare", &[a, b], result, &[("opcode", o)])
    }

    pub fn convert(&mut self, opcode: &str, x: ValueId, to: Type) -> ValueId {
        let o = self.str_attr(opcode);
        self.emit1("wasm.convert", &[x], to, &[("opcode", o)])
    }

    pub fn select(&mut self, cond: ValueId, a: ValueId, b: ValueId) -> ValueId {
        let ty = self.ctx.value_type(a);
        self.emit1("wasm.select", &[a, b, cond], ty, &[])
    }

    pub fn global_get(&mut self, index: u32, ty: Type) -> ValueId {
        let i = self.ctx.int_attr(self.ctx.i32(), index as i128);
        self.emit1("wasm.global_get", &[], ty, &[("index", i)])
    }

    /// A new local of type `ty`; returns its index.
    pub fn new_local(&mut self, ty: Type) -> u32 {
        self.locals.push(ty);
        self.num_params + self.locals.len() as u32 - 1
    }

    pub fn local_get(&mut self, index: u32, ty: Type) -> ValueId {
        let i = self.ctx.int_attr(self.ctx.i32(), index as i128);
        self.emit1("wasm.local_get", &[], ty, &[("index", i)])
    }

    pub fn local_set(&mut self, index: u32, v: ValueId) {
        let i = self.ctx.int_attr(self.ctx.i32(), index as i128);
        self.emit("wasm.local_set", &[v], &[], &[("index", i)]);
    }

    /// Locals holding `values` (one new local each).
    fn locals_for(&mut self, values: &[ValueId]) -> Vec<u32> {
        values
            .iter()
            .map(|&v| {
                let ty = self.ctx.value_type(v);
                let l = self.new_local(ty);
                self.local_set(l, v);
                l
            })
            .collect()
    }

    fn read_locals(&mut self, locals: &[u32]) -> Vec<ValueId> {
        let types: Vec<Type> = locals
            .iter()
            .map(|&l| self.locals[(l - self.num_params) as usize])
            .collect();
        locals
            .iter()
            .zip(types)
            .map(|(&l, t)| self.local_get(l, t))
            .collect()
    }

    fn write_locals(&mut self, locals: &[u32], values: &[ValueId]) {
        for (&l, &v) in locals.iter().zip(values) {
            self.local_set(l, v);
        }
    }

    fn br(&mut self, name: &str, operands: &[ValueId], depth: u32) {
        let d = self.int_attr(depth as i128);
        self.emit(name, operands, &[], &[("depth", d)]);
    }

    /// Call `@callee` (a `wasm.func` or import of the module).
    pub fn call(&mut self, callee: &str, args: &[ValueId], results: &[Type]) -> OpId {
        let c = self.ctx.symbol_ref_attr(callee, &[]);
        self.emit("wasm.call", args, results, &[("callee", c)])
    }

    /// Call the C function `name` imported from `env` (math the ISA lacks).
    pub fn call_import(&mut self, name: &str, args: &[ValueId], result: Type) -> ValueId {
        let inputs: Vec<Type> = args.iter().map(|&a| self.ctx.value_type(a)).collect();
        self.layout
            .import_function(self.ctx, self.module_body, name, &inputs, &[result]);
        let op = self.call(name, args, &[result]);
        self.ctx.result(op, 0)
    }

    // ---- ops ------------------------------------------------------------------------

    /// Convert the ops of the single-block region `block` except its
    /// terminator, which is returned for the caller to convert.
    fn body_ops(&mut self, block: BlockId) -> Result<OpId, Diagnostic> {
        let ops: Vec<OpId> = self.ctx.block_ops(block).collect();
        let (&term, ops) = ops
            .split_last()
            .expect("verified blocks end in a terminator");
        for &op in ops {
            self.loc = self.ctx.loc(op);
            self.op(op)?;
        }
        self.loc = self.ctx.loc(term);
        Ok(term)
    }

    fn op(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let name = self.ctx.op_name_text(op);
        let dialect = name.split_once('.').map_or(name, |(d, _)| d).to_string();
        let vector = self
            .ctx
            .operands(op)
            .iter()
            .copied()
            .chain(self.ctx.results(op))
            .any(|v| {
                matches!(
                    self.ctx.type_data(self.ctx.value_type(v)),
                    TypeData::Vector { .. }
                )
            });
        let handled = match dialect.as_str() {
            "arith" | "math" if vector => self.vector_op(op)?,
            "arith" => self.arith(op)?,
            "math" => self.math(op)?,
            "ptr" | "cuda" => self.memory(op)?,
            "simd" => self.simd(op)?,
            "scf" => self.scf(op)?,
            "func" => self.func_call(op)?,
            "builtin"
                if self.ctx.is_op(op, "builtin.unrealized_conversion_cast")
                    && self.ctx.num_operands(op) == 1 =>
            {
                let v = self.operand(op, 0);
                self.set_result(op, 0, v);
                true
            }
            _ => false,
        };
        if handled {
            Ok(())
        } else {
            Err(self.ctx.op_error(op, "is not supported by the Wasm target"))
        }
    }

    fn func_call(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        if !self.ctx.is_op(op, "func.call") {
            return Ok(false);
        }
        let callee = self
            .ctx
            .prop(op, "callee")
            .and_then(|a| symbol_ref_name(self.ctx, a));
        let Some(callee) = callee.map(str::to_string) else {
            return Err(self
                .ctx
                .op_error(op, "has a callee the Wasm target cannot resolve"));
        };
        let results: Vec<Type> = (0..self.ctx.num_results(op))
            .map(|i| self.result_ty(op, i))
            .collect::<Result<_, _>>()?;
        let args = self.vs(op);
        let call = self.call(&callee, &args, &results);
        for i in 0..results.len() {
            let r = self.ctx.result(call, i);
            self.set_result(op, i, r);
        }
        Ok(true)
    }

    fn scf(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        match self.ctx.op_name_text(op) {
            "scf.if" => self.scf_if(op)?,
            "scf.for" => self.scf_for(op)?,
            "scf.while" => self.scf_while(op)?,
            "scf.index_switch" => self.scf_index_switch(op)?,
            "scf.execute_region" => self.scf_execute_region(op)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn result_types(&self, op: OpId) -> Result<Vec<Type>, Diagnostic> {
        (0..self.ctx.num_results(op))
            .map(|i| self.result_ty(op, i))
            .collect()
    }

    fn set_results(&mut self, op: OpId, values: &[ValueId]) {
        for (i, &v) in values.iter().enumerate() {
            self.set_result(op, i, v);
        }
    }

    /// The values of the `scf.yield` ending `block` (converted with the block).
    fn region_yield(&mut self, block: BlockId) -> Result<Vec<ValueId>, Diagnostic> {
        let term = self.body_ops(block)?;
        Ok(self.vs(term))
    }

    /// Convert the single block of `region` into `into`, ending it in `wasm.end`
    /// of the yielded values.
    fn region_into_end(
        &mut self,
        region: cuwasm::RegionId,
        into: BlockId,
    ) -> Result<(), Diagnostic> {
        let block = self.ctx.entry_block(region).expect("non-empty region");
        self.inside(into, |c| {
            let values = c.region_yield(block)?;
            c.emit("wasm.end", &values, &[], &[]);
            Ok(())
        })
    }

    fn scf_if(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let results = self.result_types(op)?;
        let cond = self.operand(op, 0);
        let else_region = self.ctx.region(op, 1);
        let has_else = !self.ctx.region_is_empty(else_region);
        let wif = self.emit_with_regions("wasm.if", &[cond], &results, &[], 2);
        let then_block = self.new_block_in(wif, 0);
        self.region_into_end(self.ctx.region(op, 0), then_block)?;
        if has_else {
            let else_block = self.new_block_in(wif, 1);
            self.region_into_end(else_region, else_block)?;
        }
        let values: Vec<ValueId> = self.ctx.results(wif).collect();
        self.set_results(op, &values);
        Ok(())
    }

    /// `block { loop { <body> } end }`: `body` runs inside the loop, where a
    /// branch of depth 0 continues and depth 1 leaves.
    fn loop_nest(
        &mut self,
        body: impl FnOnce(&mut Self) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let (_, outer) = self.structured("wasm.block", &[], &[], 1);
        self.inside(outer[0], |c| {
            let (_, inner) = c.structured("wasm.loop", &[], &[], 1);
            c.inside(inner[0], body)?;
            c.emit("wasm.end", &[], &[], &[]);
            Ok(())
        })
    }

    fn scf_for(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let (lb, ub, step) = (
            self.operand(op, 0),
            self.operand(op, 1),
            self.operand(op, 2),
        );
        let inits: Vec<ValueId> = (3..self.ctx.num_operands(op))
            .map(|i| self.operand(op, i))
            .collect();
        let iv_ty = self.ctx.value_type(lb);
        let iv_local = self.locals_for(&[lb])[0];
        let carried = self.locals_for(&inits);
        let unsigned = self.ctx.prop(op, "unsignedCmp").is_some();
        let old_iv_ty = self.ctx.value_type(self.ctx.operand(op, 0));
        let body = self.ctx.entry_block(self.ctx.region(op, 0)).unwrap();
        let args: Vec<ValueId> = self.ctx.block_args(body).to_vec();
        self.loop_nest(|c| {
            let iv = c.local_get(iv_local, iv_ty);
            let cmp = if unsigned { "ge_u" } else { "ge_s" };
            let (iv_s, ub_s) = match unsigned {
                true => (iv, ub),
                false => (c.signed(iv, old_iv_ty), c.signed(ub, old_iv_ty)),
            };
            let shape = c.shape(iv_ty);
            let done = c.compare(&format!("{shape}.{cmp}"), iv_s, ub_s);
            c.br("wasm.br_if", &[done], 1);
            let values = c.read_locals(&carried);
            c.values.insert(args[0], iv);
            for (&a, v) in args[1..].iter().zip(values) {
                c.values.insert(a, v);
            }
            let yielded = c.region_yield(body)?;
            c.write_locals(&carried, &yielded);
            let next = c.binary(&format!("{shape}.add"), iv, step);
            let next = c.normalize(next, old_iv_ty);
            c.local_set(iv_local, next);
            c.br("wasm.br", &[], 0);
            Ok(())
        })?;
        let values = self.read_locals(&carried);
        self.set_results(op, &values);
        Ok(())
    }

    fn scf_while(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let inits = self.vs(op);
        let carried = self.locals_for(&inits);
        let result_types = self.result_types(op)?;
        let results: Vec<u32> = result_types.iter().map(|&t| self.new_local(t)).collect();
        let before = self.ctx.entry_block(self.ctx.region(op, 0)).unwrap();
        let after = self.ctx.entry_block(self.ctx.region(op, 1)).unwrap();
        self.loop_nest(|c| {
            let values = c.read_locals(&carried);
            let args: Vec<ValueId> = c.ctx.block_args(before).to_vec();
            for (a, v) in args.into_iter().zip(values) {
                c.values.insert(a, v);
            }
            let cond_op = c.body_ops(before)?;
            let forwarded: Vec<ValueId> = c.vs(cond_op);
            let (cond, forwarded) = forwarded
                .split_first()
                .expect("scf.condition has a condition");
            c.write_locals(&results, forwarded);
            let stop = c.unary("i32.eqz", *cond);
            c.br("wasm.br_if", &[stop], 1);
            let args: Vec<ValueId> = c.ctx.block_args(after).to_vec();
            for (a, &v) in args.into_iter().zip(forwarded) {
                c.values.insert(a, v);
            }
            let yielded = c.region_yield(after)?;
            c.write_locals(&carried, &yielded);
            c.br("wasm.br", &[], 0);
            Ok(())
        })?;
        let values = self.read_locals(&results);
        self.set_results(op, &values);
        Ok(())
    }

    /// An `if` chain over the cases; region 0 is the default.
    fn scf_index_switch(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let cases: Vec<i128> = match self.ctx.prop(op, "cases").map(|a| self.ctx.attr_data(a)) {
            Some(AttrData::DenseArray { values, .. }) => values.clone(),
            _ => return Err(self.ctx.op_error(op, "requires 'cases'")),
        };
        let results = self.result_types(op)?;
        let arg = self.operand(op, 0);
        let values = self.switch_chain(op, arg, &cases, 0, &results)?;
        self.set_results(op, &values);
        Ok(())
    }

    fn switch_chain(
        &mut self,
        op: OpId,
        arg: ValueId,
        cases: &[i128],
        i: usize,
        results: &[Type],
    ) -> Result<Vec<ValueId>, Diagnostic> {
        if i == cases.len() {
            let block = self.ctx.entry_block(self.ctx.region(op, 0)).unwrap();
            return self.region_yield(block);
        }
        let ty = self.ctx.value_type(arg);
        let case = self.const_int(ty, cases[i]);
        let shape = self.shape(ty);
        let hit = self.compare(&format!("{shape}.eq"), arg, case);
        let (wif, blocks) = self.structured("wasm.if", &[hit], results, 2);
        self.region_into_end(self.ctx.region(op, i + 1), blocks[0])?;
        self.inside(blocks[1], |c| {
            let values = c.switch_chain(op, arg, cases, i + 1, results)?;
            c.emit("wasm.end", &values, &[], &[]);
            Ok(())
        })?;
        Ok(self.ctx.results(wif).collect())
    }

    fn scf_execute_region(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let region = self.ctx.region(op, 0);
        if self.ctx.region_blocks(region).len() != 1 {
            return Err(self.ctx.op_error(
                op,
                "with several blocks is not supported by the Wasm target",
            ));
        }
        let block = self.ctx.entry_block(region).unwrap();
        let values = self.region_yield(block)?;
        self.set_results(op, &values);
        Ok(())
    }

    // ---- integers of every width ------------------------------------------------------

    /// `"i32"`, `"i64"`, `"f32"`, `"f64"` or a vector shape for Wasm type `ty`.
    pub fn shape(&self, ty: Type) -> &'static str {
        let ctx = &*self.ctx;
        if let Some((n, elem)) = v128_shape(ctx, ty) {
            return match (n, ctx.float_kind(elem).is_some()) {
                (4, true) => "f32x4",
                (2, true) => "f64x2",
                (16, _) => "i8x16",
                (8, _) => "i16x8",
                (4, _) => "i32x4",
                _ => "i64x2",
            };
        }
        match (ctx.int_width(ty), ctx.float_kind(ty)) {
            (Some(64), _) => "i64",
            (Some(_), _) => "i32",
            (_, Some(cuwasm::FloatKind::F64)) => "f64",
            _ => "f32",
        }
    }

    /// The width of the MLIR integer type `ty` when it is narrower than its
    /// Wasm type (1, 8, 16), else `None`.
    pub fn narrow_width(&self, ty: Type) -> Option<u32> {
        self.ctx.int_width(ty).filter(|w| *w < 32)
    }

    /// Mask `v` (an `i32`) to the width of MLIR type `ty` when it is narrow.
    pub fn normalize(&mut self, v: ValueId, ty: Type) -> ValueId {
        match self.narrow_width(ty) {
            Some(w) => {
                let i32 = self.ctx.i32();
                let mask = self.const_int(i32, (1i128 << w) - 1);
                self.binary("i32.and", v, mask)
            }
            None => v,
        }
    }

    /// The two's-complement value of `v` (of MLIR type `ty`) in its `i32`.
    pub fn signed(&mut self, v: ValueId, ty: Type) -> ValueId {
        match self.narrow_width(ty) {
            Some(1) => {
                let zero = self.const_int(self.ctx.i32(), 0);
                self.binary("i32.sub", zero, v)
            }
            Some(8) => self.unary("i32.extend8_s", v),
            Some(16) => self.unary("i32.extend16_s", v),
            _ => v,
        }
    }

    /// Convert the memory address `p` (an `i64` pointer) into the `i32`
    /// offset a load or store takes (docs/wasm-abi.md). An offset of 4 GiB
    /// or more (or a pointer below the memory) becomes `0xffffffff`, which
    /// traps, rather than wrapping around into the memory.
    pub fn address(&mut self, p: ValueId) -> ValueId {
        let base = self.memory_base();
        let offset = self.binary("i64.sub", p, base);
        if self.options.memory64 {
            // Offsets beyond the memory (or below it, as huge ones) trap.
            return offset;
        }
        let i64 = self.ctx.i64();
        let last = self.const_int(i64, u32::MAX as i128);
        let beyond = self.compare("i64.gt_u", offset, last);
        let offset = self.select(beyond, last, offset);
        self.convert("i32.wrap_i64", offset, self.ctx.i32())
    }
}
