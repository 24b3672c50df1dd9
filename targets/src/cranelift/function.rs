//! Lowering one function: the value and block maps, region walking and the
//! dispatch of each op to the file of its dialect.
//!
//! Every MLIR block becomes a Cranelift block whose parameters are the block's
//! arguments; structured ops (`scf`) add their own blocks (headers, merges)
//! around the blocks of their regions. Blocks of a region are lowered in
//! reverse postorder, so a value is always lowered before its uses.

use super::module::ModuleState;
use super::types::{checked_type, clif_type, is_bool, is_vector, scalar_of};
use cranelift_codegen::ir::{self, BlockArg, FuncRef, Function, GlobalValue, InstBuilder, Value};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_module::{DataId, FuncId, Module};
use cuwasm::{BlockId, Context, Diagnostic, OpId, RegionId, ValueId};
use std::collections::HashMap;

/// Where the terminators of a region that is not a function body go.
pub(super) enum RegionExit {
    /// `func.return`: the function body.
    Return,
    /// `scf.yield` jumps here with its operands.
    Jump(ir::Block),
    /// `scf.condition`: to `body` when true, else to `done`, with its args.
    Condition { body: ir::Block, done: ir::Block },
}

/// The lowering of one function body.
pub(super) struct FnLowering<'a, 'm> {
    pub ctx: &'a Context,
    pub b: FunctionBuilder<'a>,
    pub m: &'a mut ModuleState<'m>,
    values: HashMap<ValueId, Value>,
    blocks: HashMap<BlockId, ir::Block>,
    func_refs: HashMap<FuncId, FuncRef>,
    data_refs: HashMap<DataId, GlobalValue>,
    /// Lowering one lane of a vector op (`vector.rs`'s scalarization): the
    /// types of vector operands and results read as their element types.
    pub lane_mode: bool,
    /// Where masked-off lanes of gathers and scatters point (`simd.rs`).
    pub dummy_slot: Option<ir::StackSlot>,
}

/// Lower the body of `func.func` `op` into `func` (whose signature is set).
pub(super) fn lower_function(
    ctx: &Context,
    m: &mut ModuleState,
    op: OpId,
    func: &mut Function,
    builder_ctx: &mut FunctionBuilderContext,
) -> Result<(), Diagnostic> {
    let mut l = FnLowering {
        ctx,
        b: FunctionBuilder::new(func, builder_ctx),
        m,
        values: HashMap::new(),
        blocks: HashMap::new(),
        func_refs: HashMap::new(),
        data_refs: HashMap::new(),
        lane_mode: false,
        dummy_slot: None,
    };
    let entry = l.b.create_block();
    l.b.append_block_params_for_function_params(entry);
    l.b.switch_to_block(entry);
    let region = ctx.region(op, 0);
    let body = l.declare_region(op, region)?;
    let params = l.b.block_params(entry).to_vec();
    l.jump(body, &params);
    l.lower_region(region, &RegionExit::Return)?;
    l.b.seal_all_blocks();
    let config = l.m.jit.target_config();
    l.b.finalize(config);
    Ok(())
}

/// The error for an op this target does not lower.
pub(super) fn unsupported(ctx: &Context, op: OpId) -> Diagnostic {
    ctx.op_error(op, "is not supported by the Cranelift target")
}

impl FnLowering<'_, '_> {
    /// Create a Cranelift block (with parameters) for every block of `region`
    /// and return the entry's; `op` owns the region (for errors).
    pub fn declare_region(&mut self, op: OpId, region: RegionId) -> Result<ir::Block, Diagnostic> {
        let ctx = self.ctx;
        for &block in ctx.region_blocks(region) {
            let cblock = self.b.create_block();
            for &arg in ctx.block_args(block) {
                let ty = checked_type(ctx, op, ctx.value_type(arg))?;
                let param = self.b.append_block_param(cblock, ty);
                self.values.insert(arg, param);
            }
            self.blocks.insert(block, cblock);
        }
        let entry = ctx
            .entry_block(region)
            .ok_or_else(|| ctx.op_error(op, "has an empty region"))?;
        Ok(self.blocks[&entry])
    }

    /// Lower the blocks of `region` (declared before), reachable ones only.
    pub fn lower_region(&mut self, region: RegionId, exit: &RegionExit) -> Result<(), Diagnostic> {
        for block in reverse_postorder(self.ctx, region) {
            self.b.switch_to_block(self.blocks[&block]);
            for op in self.ctx.block_ops(block) {
                self.lower_op(op, exit)?;
            }
        }
        Ok(())
    }

    /// The Cranelift block of an MLIR block (a branch target).
    pub fn block(&self, block: BlockId) -> ir::Block {
        self.blocks[&block]
    }

    pub fn lower_op(&mut self, op: OpId, exit: &RegionExit) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let mut vector = false;
        for ty in ctx
            .operand_types(op)
            .into_iter()
            .chain(ctx.result_types(op))
        {
            checked_type(ctx, op, ty)?;
            vector |= is_vector(ctx, ty);
        }
        let name = ctx.op_name_text(op);
        if vector && !self.lane_mode && (name.starts_with("arith.") || name.starts_with("math.")) {
            return self.lower_lanewise(op, exit);
        }
        let dialect = name.split_once('.').map_or(name, |(d, _)| d);
        let handled = match dialect {
            "arith" => self.lower_arith(op)?,
            "math" => self.lower_math(op)?,
            "ptr" => self.lower_ptr(op)?,
            "cuda" => self.lower_cuda(op)?,
            "simd" => self.lower_simd(op)?,
            "func" | "scf" | "cf" => self.lower_control(op, exit)?,
            "builtin" => self.lower_builtin_cast(op),
            _ => false,
        };
        if handled {
            Ok(())
        } else {
            Err(unsupported(ctx, op))
        }
    }

    /// `builtin.unrealized_conversion_cast` of one value between types that
    /// are the same in Cranelift (an integer and a pointer of 64 bits).
    fn lower_builtin_cast(&mut self, op: OpId) -> bool {
        let ctx = self.ctx;
        if !ctx.is_op(op, "builtin.unrealized_conversion_cast")
            || ctx.num_operands(op) != 1
            || ctx.num_results(op) != 1
            || self.operand_type(op, 0) != self.result_type(op, 0)
        {
            return false;
        }
        let v = self.operand(op, 0);
        self.set_result(op, 0, v);
        true
    }

    // ---- values ----------------------------------------------------------------

    pub fn value(&self, v: ValueId) -> Value {
        self.values[&v]
    }

    pub fn operand(&self, op: OpId, i: usize) -> Value {
        self.value(self.ctx.operand(op, i))
    }

    pub fn operands(&self, op: OpId) -> Vec<Value> {
        self.ctx
            .operands(op)
            .iter()
            .map(|v| self.value(*v))
            .collect()
    }

    pub fn set_result(&mut self, op: OpId, i: usize, v: Value) {
        self.values.insert(self.ctx.result(op, i), v);
    }

    /// The MLIR type of `v` as this lowering sees it: a vector's element type
    /// in lane mode.
    fn seen_type(&self, v: ValueId) -> cuwasm::Type {
        let ty = self.ctx.value_type(v);
        match self.lane_mode {
            true => scalar_of(self.ctx, ty),
            false => ty,
        }
    }

    /// The Cranelift type of operand `i` (checked on entry to the op).
    pub fn operand_type(&self, op: OpId, i: usize) -> ir::Type {
        clif_type(self.ctx, self.seen_type(self.ctx.operand(op, i))).unwrap()
    }

    pub fn result_type(&self, op: OpId, i: usize) -> ir::Type {
        clif_type(self.ctx, self.seen_type(self.ctx.result(op, i))).unwrap()
    }

    /// Is operand `i` an `i1`?
    pub fn operand_is_bool(&self, op: OpId, i: usize) -> bool {
        is_bool(self.ctx, self.seen_type(self.ctx.operand(op, i)))
    }

    pub fn result_is_bool(&self, op: OpId, i: usize) -> bool {
        is_bool(self.ctx, self.seen_type(self.ctx.result(op, i)))
    }

    /// Map `v` to `value` (a lane of a vector during scalarization).
    pub fn set_value(&mut self, v: ValueId, value: Value) {
        self.values.insert(v, value);
    }

    /// An `i1` 0/1 in its `i8` as the two's-complement value MLIR means for
    /// signed operations (0 or -1).
    pub fn signed_view(&mut self, v: Value, bool_ty: bool) -> Value {
        if bool_ty { self.b.ins().ineg(v) } else { v }
    }

    /// Bring an `i1` result back to 0/1 after arithmetic in its `i8`.
    pub fn normalize(&mut self, v: Value, bool_ty: bool) -> Value {
        if bool_ty {
            self.b.ins().band_imm_u(v, 1)
        } else {
            v
        }
    }

    /// A 0/1 `i8` (a comparison) as `ty`.
    pub fn widen_flag(&mut self, flag: Value, ty: ir::Type) -> Value {
        if ty == ir::types::I8 {
            flag
        } else {
            self.b.ins().uextend(ty, flag)
        }
    }

    /// The integer constant an `arith.constant` defines for operand `i`.
    pub fn constant_operand(&self, op: OpId, i: usize) -> Option<i128> {
        let def = self.ctx.defining_op(self.ctx.operand(op, i))?;
        if !self.ctx.is_op(def, "arith.constant") {
            return None;
        }
        self.ctx.attr_int(self.ctx.prop(def, "value")?)
    }

    // ---- branches and calls ------------------------------------------------------

    pub fn jump(&mut self, block: ir::Block, args: &[Value]) {
        self.b.ins().jump(block, &block_args(args));
    }

    pub fn brif(&mut self, cond: Value, then: (ir::Block, &[Value]), els: (ir::Block, &[Value])) {
        self.b
            .ins()
            .brif(cond, then.0, &block_args(then.1), els.0, &block_args(els.1));
    }

    /// Call the module function `id`; returns its results.
    pub fn call(&mut self, id: FuncId, args: &[Value]) -> Vec<Value> {
        let func_ref = self.func_ref(id);
        let inst = self.b.ins().call(func_ref, args);
        self.b.inst_results(inst).to_vec()
    }

    /// The function `id` as this function refers to it (declared once).
    pub fn func_ref(&mut self, id: FuncId) -> ir::FuncRef {
        match self.func_refs.get(&id) {
            Some(&r) => r,
            None => {
                let r = self.m.jit.declare_func_in_func(id, self.b.func);
                self.func_refs.insert(id, r);
                r
            }
        }
    }

    /// The address of the data object `id`.
    pub fn data_address(&mut self, id: DataId) -> Value {
        let gv = match self.data_refs.get(&id) {
            Some(&g) => g,
            None => {
                let g = self.m.jit.declare_data_in_func(id, self.b.func);
                self.data_refs.insert(id, g);
                g
            }
        };
        self.b.ins().symbol_value(ir::types::I64, gv)
    }
}

fn block_args(values: &[Value]) -> Vec<BlockArg> {
    values.iter().map(|v| BlockArg::Value(*v)).collect()
}

/// The blocks of `region` reachable from its entry, in reverse postorder.
fn reverse_postorder(ctx: &Context, region: RegionId) -> Vec<BlockId> {
    let Some(entry) = ctx.entry_block(region) else {
        return Vec::new();
    };
    let mut seen = std::collections::HashSet::from([entry]);
    let mut post = Vec::new();
    let mut stack = vec![(entry, 0usize)];
    while let Some((block, next)) = stack.pop() {
        match ctx.block_successors(block).get(next) {
            Some(&succ) => {
                stack.push((block, next + 1));
                if seen.insert(succ) {
                    stack.push((succ, 0));
                }
            }
            None => post.push(block),
        }
    }
    post.reverse();
    post
}
