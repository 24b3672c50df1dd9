//! One function as C++: its body as statements, one local per SSA value or
//! block argument, the structured control flow of `scf` as `if`, `while`,
//! `for` and `switch`, and the dispatch of every other op to the file of its
//! dialect.
//!
//! Values are named `v0`, `v1`, ... in order of definition; a value nothing
//! reads is not named (a pure op without uses is dropped, an op with effects
//! becomes a statement). Constants are written where they are used. Locals
//! of a structured op's region live in the C++ block of that region, which
//! is where MLIR's scoping keeps them too.

use super::types::{Scalar, scalar};
use super::{Symbols, atomics, expr, host, memory, warp};
use cuwasm::{BlockId, Context, Diagnostic, OpId, RegionId, ValueId};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Which compilation a function belongs to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Side {
    /// Kernels and device functions (`gpu.module`).
    Device,
    /// Host functions (`func.func` of the top-level module).
    Host,
}

/// What a region's terminator does.
enum Exit<'x> {
    /// `func.return`/`gpu.return`: return from the function.
    Return,
    /// `scf.yield`: assign its operands to these variables, all at once.
    Assign(&'x [String]),
    /// `scf.condition` of a while loop's `before` region: leave the loop with
    /// `results` when false, else run the `after` block with its arguments.
    Condition {
        results: &'x [String],
        after: BlockId,
    },
}

/// The C++ text of one function body under construction.
pub(super) struct FnEmitter<'a> {
    pub ctx: &'a Context,
    pub symbols: &'a Symbols,
    pub side: Side,
    names: HashMap<ValueId, String>,
    next_value: usize,
    body: String,
    indent: usize,
    /// Declarations that open the body (per-thread arrays of `cuda.alloca`).
    pub top: Vec<String>,
}

/// The error for an op the target does not handle.
pub(super) fn unsupported(ctx: &Context, op: OpId) -> Diagnostic {
    let name = ctx.op_name_text(op);
    let hint = if name.starts_with("cf.") {
        " (unstructured control flow: run lift-cf-to-scf first)"
    } else if matches!(name, "cuda.bfe" | "cuda.bfi" | "cuda.prmt") {
        " (run expand-cuda-arith first)"
    } else {
        ""
    };
    ctx.op_error(op, format!("is not supported by the HIP target{hint}"))
}

impl<'a> FnEmitter<'a> {
    pub fn new(ctx: &'a Context, symbols: &'a Symbols, side: Side) -> Self {
        FnEmitter {
            ctx,
            symbols,
            side,
            names: HashMap::new(),
            next_value: 0,
            body: String::new(),
            indent: 1,
            top: Vec::new(),
        }
    }

    /// The body's text (hoisted declarations first), without its braces.
    pub fn finish(self) -> String {
        let mut text = String::new();
        for decl in &self.top {
            let _ = writeln!(text, "  {decl}");
        }
        text + &self.body
    }

    /// Write one statement at the current depth.
    pub fn line(&mut self, text: impl AsRef<str>) {
        for _ in 0..self.indent {
            self.body.push_str("  ");
        }
        self.body.push_str(text.as_ref());
        self.body.push('\n');
    }

    /// A new local name.
    pub fn fresh(&mut self) -> String {
        let n = self.next_value;
        self.next_value += 1;
        format!("v{n}")
    }

    /// The C++ expression of a value defined before.
    pub fn val(&self, v: ValueId) -> String {
        self.names
            .get(&v)
            .cloned()
            .unwrap_or_else(|| "/* value defined nowhere */".to_string())
    }

    /// Operand `i` of `op`.
    pub fn operand(&self, op: OpId, i: usize) -> String {
        self.val(self.ctx.operand(op, i))
    }

    /// The scalar kind of operand `i` of `op`.
    pub fn operand_scalar(&self, op: OpId, i: usize) -> Result<Scalar, Diagnostic> {
        scalar(self.ctx, op, self.ctx.value_type(self.ctx.operand(op, i)))
    }

    /// The scalar kind of result `i` of `op`.
    pub fn result_scalar(&self, op: OpId, i: usize) -> Result<Scalar, Diagnostic> {
        scalar(self.ctx, op, self.ctx.value_type(self.ctx.result(op, i)))
    }

    /// Write `v` where it is used (constants, built-in variables).
    pub fn bind(&mut self, v: ValueId, expr: String) {
        self.names.insert(v, expr);
    }

    /// Name result `i` of `op` after an existing name or expression.
    pub fn alias(&mut self, op: OpId, i: usize, name: String) {
        self.names.insert(self.ctx.result(op, i), name);
    }

    /// Define result `i` of `op` as `expr`: a `const` local, a statement when
    /// nothing reads it and the op has effects, nothing when it has none.
    pub fn define(&mut self, op: OpId, i: usize, expr: String) -> Result<(), Diagnostic> {
        let v = self.ctx.result(op, i);
        if !self.ctx.has_uses(v) {
            if !self.ctx.is_memory_effect_free(op) {
                self.line(format!("{expr};"));
            }
            return Ok(());
        }
        let ty = scalar(self.ctx, op, self.ctx.value_type(v))?;
        let name = self.fresh();
        self.line(format!("{} = {expr};", const_declaration(ty, &name)));
        self.names.insert(v, name);
        Ok(())
    }

    /// Define the single result of `op` as `expr`.
    pub fn define1(&mut self, op: OpId, expr: String) -> Result<(), Diagnostic> {
        self.define(op, 0, expr)
    }

    /// Declare a mutable local for `v` (`= init` when given); its name.
    pub fn declare(
        &mut self,
        op: OpId,
        v: ValueId,
        init: Option<String>,
    ) -> Result<String, Diagnostic> {
        let ty = scalar(self.ctx, op, self.ctx.value_type(v))?.cpp();
        let name = self.fresh();
        let decl = super::declaration(ty, &name);
        match init {
            Some(init) => self.line(format!("{decl} = {init};")),
            None => self.line(format!("{decl};")),
        }
        self.names.insert(v, name.clone());
        Ok(name)
    }

    /// Declare a mutable local for every result of `op`; their names.
    fn declare_results(&mut self, op: OpId) -> Result<Vec<String>, Diagnostic> {
        let results: Vec<ValueId> = self.ctx.results(op).collect();
        results
            .into_iter()
            .map(|r| self.declare(op, r, None))
            .collect()
    }

    /// Emit a function body: `region`'s entry block arguments are named already.
    pub fn function_body(&mut self, op: OpId, region: RegionId) -> Result<(), Diagnostic> {
        self.region(op, region, Exit::Return)
    }

    /// The ops of `region`'s single block, its terminator per `exit`.
    fn region(&mut self, op: OpId, region: RegionId, exit: Exit) -> Result<(), Diagnostic> {
        let blocks = self.ctx.region_blocks(region);
        let Some(&block) = blocks.first() else {
            return Ok(());
        };
        if blocks.len() > 1 {
            return Err(self.ctx.op_error(
                op,
                format!(
                    "has a region of {} blocks: the HIP target takes structured control flow (run lift-cf-to-scf first)",
                    blocks.len()
                ),
            ));
        }
        self.block(block, exit)
    }

    fn block(&mut self, block: BlockId, exit: Exit) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        for op in ctx.block_ops(block) {
            match ctx.op_name_text(op) {
                "scf.yield" => match &exit {
                    Exit::Assign(vars) => {
                        let values: Vec<String> = (0..ctx.num_operands(op))
                            .map(|i| self.operand(op, i))
                            .collect();
                        self.parallel_assign(op, vars, &values)?;
                    }
                    _ => return Err(ctx.op_error(op, "is not where the HIP target expects it")),
                },
                "scf.condition" => match &exit {
                    Exit::Condition { results, after } => self.condition(op, results, *after)?,
                    _ => return Err(ctx.op_error(op, "is not where the HIP target expects it")),
                },
                "func.return" | "gpu.return" => self.ret(op)?,
                _ => self.op(op)?,
            }
        }
        Ok(())
    }

    /// `dests[i] = values[i]` for all `i` at once: through temporaries when a
    /// value reads a variable assigned before it.
    fn parallel_assign(
        &mut self,
        op: OpId,
        dests: &[String],
        values: &[String],
    ) -> Result<(), Diagnostic> {
        let clash = values
            .iter()
            .enumerate()
            .any(|(i, v)| dests[..i].contains(v));
        if !clash {
            for (d, v) in dests.iter().zip(values) {
                if d != v {
                    self.line(format!("{d} = {v};"));
                }
            }
            return Ok(());
        }
        let mut temps = Vec::new();
        for (i, value) in values.iter().enumerate() {
            let ty = self.operand_scalar(op, i)?;
            let t = self.fresh();
            self.line(format!("{} = {value};", const_declaration(ty, &t)));
            temps.push(t);
        }
        for (d, t) in dests.iter().zip(&temps) {
            self.line(format!("{d} = {t};"));
        }
        Ok(())
    }

    fn ret(&mut self, op: OpId) -> Result<(), Diagnostic> {
        match self.ctx.num_operands(op) {
            // The end of a function body needs no `return;`.
            0 if self.ctx.next_op(op).is_none() && self.depth_is_body() => {}
            0 => self.line("return;"),
            1 => {
                let v = self.operand(op, 0);
                self.line(format!("return {v};"));
            }
            _ => {
                return Err(self.ctx.op_error(
                    op,
                    "returns several values, which the HIP target does not express",
                ));
            }
        }
        Ok(())
    }

    /// Is the current block the function's body (not a nested region)?
    fn depth_is_body(&self) -> bool {
        self.indent == 1
    }

    /// Open a C++ block: `head {`.
    fn open(&mut self, head: impl AsRef<str>) {
        self.line(format!("{} {{", head.as_ref()));
        self.indent += 1;
    }

    /// Close a C++ block, with `tail` after the brace (`} else {`).
    fn close(&mut self, tail: &str) {
        self.indent -= 1;
        self.line(format!("}}{tail}"));
    }

    /// Every op but a terminator.
    fn op(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let name = self.ctx.op_name_text(op);
        let dialect = name.split('.').next().unwrap_or("");
        let handled = match dialect {
            "arith" | "math" => expr::emit(self, op)?,
            "scf" => self.scf(op)?,
            "ptr" => memory::emit_ptr(self, op)?,
            "gpu" => warp::emit_gpu(self, op)?,
            "func" => self.call(op)?,
            "cuda" => {
                memory::emit_cuda(self, op)?
                    || atomics::emit(self, op)?
                    || warp::emit_cuda(self, op)?
                    || expr::emit_cuda(self, op)?
                    || host::emit(self, op)?
            }
            _ => false,
        };
        if handled {
            Ok(())
        } else {
            Err(unsupported(self.ctx, op))
        }
    }

    /// `func.call`: a call of the C++ function of the callee.
    fn call(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        if !self.ctx.is_op(op, "func.call") {
            return Ok(false);
        }
        let callee = self
            .ctx
            .prop(op, "callee")
            .and_then(|a| self.symbols.function(self.ctx, a))
            .ok_or_else(|| {
                self.ctx
                    .op_error(op, "calls a function the HIP target does not know")
            })?;
        let args: Vec<String> = (0..self.ctx.num_operands(op))
            .map(|i| self.operand(op, i))
            .collect();
        let call = format!("{callee}({})", args.join(", "));
        match self.ctx.num_results(op) {
            0 => self.line(format!("{call};")),
            1 => self.define1(op, call)?,
            _ => {
                return Err(self.ctx.op_error(
                    op,
                    "calls a function with several results, which the HIP target does not express",
                ));
            }
        }
        Ok(true)
    }

    fn scf(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        match self.ctx.op_name_text(op) {
            "scf.if" => self.scf_if(op)?,
            "scf.while" => self.scf_while(op)?,
            "scf.for" => self.scf_for(op)?,
            "scf.index_switch" => self.scf_switch(op)?,
            "scf.execute_region" => {
                let results = self.declare_results(op)?;
                self.open("");
                self.region(op, self.ctx.region(op, 0), Exit::Assign(&results))?;
                self.close("");
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `scf.if`: results are locals declared before, assigned by each branch.
    fn scf_if(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let results = self.declare_results(op)?;
        let cond = self.operand(op, 0);
        let (then_region, else_region) = (self.ctx.region(op, 0), self.ctx.region(op, 1));
        if results.is_empty() && self.is_empty_region(then_region) {
            self.open(format!("if (!({cond}))"));
            self.region(op, else_region, Exit::Assign(&results))?;
            self.close("");
            return Ok(());
        }
        self.open(format!("if ({cond})"));
        self.region(op, then_region, Exit::Assign(&results))?;
        if results.is_empty() && self.is_empty_region(else_region) {
            self.close("");
        } else {
            self.close(" else {");
            self.indent += 1;
            self.region(op, else_region, Exit::Assign(&results))?;
            self.close("");
        }
        Ok(())
    }

    /// Does `region` do nothing (no block, or only a terminator; with no
    /// results to assign, that terminator yields nothing)?
    fn is_empty_region(&self, region: RegionId) -> bool {
        self.ctx
            .region_blocks(region)
            .iter()
            .all(|&b| self.ctx.block_ops(b).count() <= 1 && self.ctx.block_args(b).is_empty())
    }

    /// `scf.while`: the `before` block's arguments are loop variables; its
    /// condition leaves the loop with the results or runs the `after` block,
    /// whose yield assigns the loop variables.
    fn scf_while(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let (before, after) = (ctx.region(op, 0), ctx.region(op, 1));
        let (Some(before_block), Some(after_block)) =
            (ctx.entry_block(before), ctx.entry_block(after))
        else {
            return Err(ctx.op_error(op, "has an empty region"));
        };
        let mut carried = Vec::new();
        for (i, &arg) in ctx.block_args(before_block).iter().enumerate() {
            let init = self.operand(op, i);
            carried.push(self.declare(op, arg, Some(init))?);
        }
        let results = self.declare_results(op)?;
        self.open("while (true)");
        self.region(
            op,
            before,
            Exit::Condition {
                results: &results,
                after: after_block,
            },
        )?;
        self.region(op, after, Exit::Assign(&carried))?;
        self.close("");
        Ok(())
    }

    /// `scf.condition(c, args)`: leave with the results, else name the `after`
    /// block's arguments after `args` (they stay in scope until the yield).
    fn condition(
        &mut self,
        op: OpId,
        results: &[String],
        after: BlockId,
    ) -> Result<(), Diagnostic> {
        let cond = self.operand(op, 0);
        let args: Vec<String> = (1..self.ctx.num_operands(op))
            .map(|i| self.operand(op, i))
            .collect();
        self.open(format!("if (!({cond}))"));
        for (r, a) in results.iter().zip(&args) {
            self.line(format!("{r} = {a};"));
        }
        self.line("break;");
        self.close("");
        // Reading a loop variable through an alias is safe: the yield that
        // assigns the loop variables comes last (and copies when it must).
        let after_args = self.ctx.block_args(after).to_vec();
        for (&arg, value) in after_args.iter().zip(args) {
            self.names.insert(arg, value);
        }
        Ok(())
    }

    /// `scf.for`: a C++ `for` over the induction variable, compared signed
    /// (unsigned with `unsignedCmp`); the iteration arguments are loop
    /// variables, and the results are their last values.
    fn scf_for(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let Some(body) = ctx.entry_block(ctx.region(op, 0)) else {
            return Err(ctx.op_error(op, "has an empty region"));
        };
        let args = ctx.block_args(body).to_vec();
        let mut carried = Vec::new();
        for (i, &arg) in args.iter().enumerate().skip(1) {
            let init = self.operand(op, 2 + i);
            carried.push(self.declare(op, arg, Some(init))?);
        }
        for (i, name) in carried.iter().enumerate() {
            self.alias(op, i, name.clone());
        }
        let iv_ty = self.operand_scalar(op, 0)?;
        let iv = self.fresh();
        self.names.insert(args[0], iv.clone());
        let (lb, ub, step) = (
            self.operand(op, 0),
            self.operand(op, 1),
            self.operand(op, 2),
        );
        let unsigned = ctx
            .prop(op, "unsignedCmp")
            .is_some_and(|a| ctx.attr_int(a) != Some(0));
        let test = if unsigned {
            format!("{iv} < {ub}")
        } else {
            let s = iv_ty.signed();
            format!("({s}){iv} < ({s}){ub}")
        };
        self.open(format!(
            "for ({} {iv} = {lb}; {test}; {iv} += {step})",
            iv_ty.cpp()
        ));
        self.region(op, ctx.region(op, 0), Exit::Assign(&carried))?;
        self.close("");
        Ok(())
    }

    /// `scf.index_switch`: a C++ `switch`, each case in its own block.
    fn scf_switch(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let cases: Vec<i128> = ctx
            .prop(op, "cases")
            .and_then(|a| ctx.attr_dense_array(a))
            .map(<[i128]>::to_vec)
            .unwrap_or_default();
        let results = self.declare_results(op)?;
        let arg = self.operand(op, 0);
        self.open(format!("switch ({arg})"));
        for (i, case) in cases.iter().enumerate() {
            self.open(format!("case {}ull:", *case as u64));
            self.region(op, ctx.region(op, i + 1), Exit::Assign(&results))?;
            self.line("break;");
            self.close("");
        }
        self.open("default:");
        self.region(op, ctx.region(op, 0), Exit::Assign(&results))?;
        self.line("break;");
        self.close("");
        self.close("");
        Ok(())
    }
}

/// `const T name`, or `char *const name` for a pointer.
fn const_declaration(ty: Scalar, name: &str) -> String {
    match ty {
        Scalar::Ptr => format!("char *const {name}"),
        _ => format!("const {} {name}", ty.cpp()),
    }
}
