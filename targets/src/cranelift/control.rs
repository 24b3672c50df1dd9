//! Control flow: `func.return`/`func.call`, the structured `scf` ops (as
//! Cranelift blocks with block parameters) and the `cf` branches.

use super::function::{FnLowering, RegionExit};
use super::types::signature_of_types;
use cranelift_codegen::ir::{self, InstBuilder, Value, condcodes::IntCC};
use cranelift_frontend::Switch;
use cuwasm::{AttrData, DenseValues, Diagnostic, OpId, TypeData};

impl FnLowering<'_, '_> {
    /// Lower a `func`, `scf` or `cf` op; `false` if it is none this target knows.
    pub(super) fn lower_control(
        &mut self,
        op: OpId,
        exit: &RegionExit,
    ) -> Result<bool, Diagnostic> {
        match self.ctx.op_name_text(op) {
            "func.return" => {
                let values = self.operands(op);
                self.b.ins().return_(&values);
            }
            "func.call" => self.lower_call(op)?,
            "scf.yield" => self.lower_yield(op, exit)?,
            "scf.condition" => self.lower_condition(op, exit)?,
            "scf.if" => self.lower_if(op)?,
            "scf.for" => self.lower_for(op)?,
            "scf.while" => self.lower_while(op)?,
            "scf.index_switch" => self.lower_index_switch(op)?,
            "scf.execute_region" => self.lower_execute_region(op)?,
            "cf.br" => {
                let dest = self.block(self.ctx.successors(op)[0]);
                let args = self.operands(op);
                self.jump(dest, &args);
            }
            "cf.cond_br" => self.lower_cond_br(op),
            "cf.switch" => self.lower_switch(op)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn lower_call(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let callee = ctx.prop(op, "callee").and_then(|a| match ctx.attr_data(a) {
            AttrData::SymbolRef { root, nested } if nested.is_empty() => {
                Some(ctx.symbol_str(*root).to_string())
            }
            _ => None,
        });
        let Some(&id) = callee.as_ref().and_then(|c| self.m.funcs.get(c)) else {
            return Err(ctx.op_error(op, "calls a function the module does not declare"));
        };
        let args = self.operands(op);
        for (i, v) in self.call(id, &args).into_iter().enumerate() {
            self.set_result(op, i, v);
        }
        Ok(())
    }

    /// A call through a function pointer, with the signature of the op's
    /// `function_type`.
    pub(super) fn lower_call_indirect(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let fty = ctx.prop(op, "function_type").and_then(|a| ctx.attr_type(a));
        let Some(TypeData::Function { inputs, results }) = fty.map(|t| ctx.type_data(t)) else {
            return Err(ctx.op_error(op, "has no 'function_type'"));
        };
        let sig = signature_of_types(ctx, op, inputs, results, self.m.jit_signature())?;
        let sig = self.b.import_signature(sig);
        let values = self.operands(op);
        let inst = self.b.ins().call_indirect(sig, values[0], &values[1..]);
        let results = self.b.inst_results(inst).to_vec();
        for (i, v) in results.into_iter().enumerate() {
            self.set_result(op, i, v);
        }
        Ok(())
    }

    fn lower_yield(&mut self, op: OpId, exit: &RegionExit) -> Result<(), Diagnostic> {
        let RegionExit::Jump(target) = *exit else {
            return Err(self
                .ctx
                .op_error(op, "is not in a region the Cranelift target expects it in"));
        };
        let values = self.operands(op);
        self.jump(target, &values);
        Ok(())
    }

    fn lower_condition(&mut self, op: OpId, exit: &RegionExit) -> Result<(), Diagnostic> {
        let RegionExit::Condition { body, done } = *exit else {
            return Err(self
                .ctx
                .op_error(op, "is not in a region the Cranelift target expects it in"));
        };
        let values = self.operands(op);
        self.brif(values[0], (body, &values[1..]), (done, &values[1..]));
        Ok(())
    }

    /// A block with one parameter per result of `op`, bound to them: where
    /// the regions of a structured op meet again.
    fn merge_block(&mut self, op: OpId) -> ir::Block {
        let merge = self.b.create_block();
        for i in 0..self.ctx.num_results(op) {
            let ty = self.result_type(op, i);
            let v = self.b.append_block_param(merge, ty);
            self.set_result(op, i, v);
        }
        merge
    }

    /// `scf.if`: branch to the then or else region (or straight to the merge
    /// when there is no else); both yield to the merge block.
    fn lower_if(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let merge = self.merge_block(op);
        let (then_region, else_region) = (ctx.region(op, 0), ctx.region(op, 1));
        let then_block = self.declare_region(op, then_region)?;
        let else_block = match ctx.region_is_empty(else_region) {
            true => None,
            false => Some(self.declare_region(op, else_region)?),
        };
        let cond = self.operand(op, 0);
        self.brif(cond, (then_block, &[]), (else_block.unwrap_or(merge), &[]));
        self.lower_region(then_region, &RegionExit::Jump(merge))?;
        if else_block.is_some() {
            self.lower_region(else_region, &RegionExit::Jump(merge))?;
        }
        self.b.switch_to_block(merge);
        Ok(())
    }

    /// `scf.for`: a header leaves when `iv >= ub` (unsigned with
    /// `unsignedCmp`), else enters the body, which yields to a latch that adds
    /// the step and jumps back.
    fn lower_for(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let ops = self.operands(op);
        let (lb, ub, step, inits) = (ops[0], ops[1], ops[2], &ops[3..]);
        let iv_ty = self.operand_type(op, 0);
        let carried: Vec<ir::Type> = (3..ops.len()).map(|i| self.operand_type(op, i)).collect();
        let header = self.b.create_block();
        let iv = self.b.append_block_param(header, iv_ty);
        let iters: Vec<Value> = carried
            .iter()
            .map(|t| self.b.append_block_param(header, *t))
            .collect();
        let latch = self.b.create_block();
        let yielded: Vec<Value> = carried
            .iter()
            .map(|t| self.b.append_block_param(latch, *t))
            .collect();
        let merge = self.merge_block(op);
        let region = ctx.region(op, 0);
        let body = self.declare_region(op, region)?;
        self.jump(header, &[&[lb], inits].concat());
        self.b.switch_to_block(header);
        let cc = match ctx.prop(op, "unsignedCmp") {
            Some(_) => IntCC::UnsignedGreaterThanOrEqual,
            None => IntCC::SignedGreaterThanOrEqual,
        };
        // The exit is the *first* successor on purpose: Cranelift's
        // elaboration then visits the body's dominator subtree before the
        // exit. In the other order the exit's visit pops the loop off the
        // elaborator's loop stack before the body is reached, and its
        // loop-invariant code motion never hoisted anything out of an scf.for
        // (BENCHMARKS.md, "E-graph (-O2) on the CPU path").
        let stop = self.b.ins().icmp(cc, iv, ub);
        self.brif(stop, (merge, &iters), (body, &[&[iv], &iters[..]].concat()));
        self.lower_region(region, &RegionExit::Jump(latch))?;
        self.b.switch_to_block(latch);
        let next = self.b.ins().iadd(iv, step);
        self.jump(header, &[&[next], &yielded[..]].concat());
        self.b.switch_to_block(merge);
        Ok(())
    }

    /// `scf.while`: the before region is the loop header; its `scf.condition`
    /// goes to the after region or out; the after region yields back.
    fn lower_while(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let merge = self.merge_block(op);
        let (before, after) = (ctx.region(op, 0), ctx.region(op, 1));
        let header = self.declare_region(op, before)?;
        let body = self.declare_region(op, after)?;
        let inits = self.operands(op);
        self.jump(header, &inits);
        self.lower_region(before, &RegionExit::Condition { body, done: merge })?;
        self.lower_region(after, &RegionExit::Jump(header))?;
        self.b.switch_to_block(merge);
        Ok(())
    }

    /// `scf.index_switch`: a Cranelift `Switch` over the case values; every
    /// region yields to the merge block.
    fn lower_index_switch(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let cases: Vec<i128> = ctx
            .prop(op, "cases")
            .and_then(|a| ctx.attr_dense_array(a))
            .map(<[i128]>::to_vec)
            .unwrap_or_default();
        let merge = self.merge_block(op);
        let regions = ctx.regions(op).to_vec();
        let mut entries = Vec::new();
        for &region in &regions {
            entries.push(self.declare_region(op, region)?);
        }
        let arg = self.operand(op, 0);
        let targets: Vec<(i128, ir::Block)> = cases
            .into_iter()
            .zip(entries[1..].iter().copied())
            .collect();
        self.emit_switch(arg, 64, &targets, entries[0]);
        for region in regions {
            self.lower_region(region, &RegionExit::Jump(merge))?;
        }
        self.b.switch_to_block(merge);
        Ok(())
    }

    /// `scf.execute_region`: its blocks inline, yielding to the merge block.
    fn lower_execute_region(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let merge = self.merge_block(op);
        let region = self.ctx.region(op, 0);
        let entry = self.declare_region(op, region)?;
        self.jump(entry, &[]);
        self.lower_region(region, &RegionExit::Jump(merge))?;
        self.b.switch_to_block(merge);
        Ok(())
    }

    fn lower_cond_br(&mut self, op: OpId) {
        let succs = self.ctx.successors(op).to_vec();
        let values = self.operands(op);
        let [t, f] = [0, 1].map(|s| self.successor_values(op, s, &values));
        let (tb, fb) = (self.block(succs[0]), self.block(succs[1]));
        self.brif(values[0], (tb, &t), (fb, &f));
    }

    /// `cf.switch`: a `Switch` on the flag; a case whose destination takes
    /// operands goes through a small block that passes them.
    fn lower_switch(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let flag_width = ctx
            .int_width(ctx.value_type(ctx.operand(op, 0)))
            .unwrap_or(64);
        if flag_width > 64 {
            return Err(ctx.op_error(
                op,
                "has a flag wider than 64 bits, which the Cranelift target does not support",
            ));
        }
        let values: Vec<i128> = match ctx.prop(op, "case_values").map(|a| ctx.attr_data(a)) {
            Some(AttrData::Dense {
                values: DenseValues::Int(v),
                splat,
                ..
            }) => {
                let n = ctx.successors(op).len() - 1;
                if *splat { vec![v[0]; n] } else { v.clone() }
            }
            _ => Vec::new(),
        };
        let operands = self.operands(op);
        // Blocks that pass a destination's operands are filled after the
        // switch: the current block must be finished before switching away.
        let mut dests = Vec::new();
        let mut trampolines = Vec::new();
        for (s, &succ) in ctx.successors(op).iter().enumerate() {
            let args = self.successor_values(op, s, &operands);
            let dest = self.block(succ);
            if args.is_empty() {
                dests.push(dest);
            } else {
                let block = self.b.create_block();
                dests.push(block);
                trampolines.push((block, dest, args));
            }
        }
        let targets: Vec<(i128, ir::Block)> =
            values.into_iter().zip(dests[1..].iter().copied()).collect();
        self.emit_switch(operands[0], flag_width, &targets, dests[0]);
        for (block, dest, args) in trampolines {
            self.b.switch_to_block(block);
            self.jump(dest, &args);
        }
        Ok(())
    }

    /// The operands `op` passes to successor `s`, by its branch interface.
    fn successor_values(&self, op: OpId, s: usize, values: &[Value]) -> Vec<Value> {
        let range = self
            .ctx
            .op_info(op)
            .and_then(|info| info.successor_operands)
            .map_or(0..0, |f| f(self.ctx, op, s));
        values[range].to_vec()
    }

    /// Branch on `value` (of `width` bits) to the block of the first case equal
    /// to it, else to `default`. Case values are compared as unsigned bit
    /// patterns of that width, as `Switch` wants; a repeated value keeps its
    /// first case.
    fn emit_switch(
        &mut self,
        value: Value,
        width: u32,
        cases: &[(i128, ir::Block)],
        default: ir::Block,
    ) {
        let mask = if width >= 64 {
            u64::MAX
        } else {
            (1u64 << width) - 1
        };
        let mut switch = Switch::new();
        let mut seen = std::collections::HashSet::new();
        for &(case, block) in cases {
            let key = (case as u64 & mask) as u128;
            if seen.insert(key) {
                switch.set_entry(key, block);
            }
        }
        switch.emit(&mut self.b, value, default);
    }
}
