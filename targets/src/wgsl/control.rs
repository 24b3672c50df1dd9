//! Structured control flow: `scf.if`, `scf.while`, `scf.for` and
//! `scf.index_switch` as WGSL `if`, `loop` and `switch`, or predicated
//! (see `uniformity` for when and why).
//!
//! The values a structured op carries (results, loop arguments) live in
//! `var`s assigned where the IR yields; every region argument and result is
//! then read into a `let` of its own, so SSA names never change value.
//!
//! A predicated `scf.if` runs both regions in line, each under its
//! predicate, and selects its results. A predicated `scf.while` keeps an
//! "active" flag per thread: a thread whose condition fails takes its
//! results and goes inactive, and the workgroup leaves the loop together
//! when no thread is active (a block-wide count through workgroup memory,
//! `warp::BLOCK_COUNT`).

use super::kernel::{Kernel, Pred, i32_literal};
use super::types::Repr;
use super::uniformity::{Lowering, Mode, lowering};
use super::warp::BLOCK_COUNT;
use cuwasm::{BlockId, Diagnostic, OpId, ValueId};

impl Kernel<'_> {
    fn decide(&self, op: OpId, mode: Mode) -> (Lowering, Mode) {
        let cond_uniform = self.uni.cond_uniform(self.ctx, op);
        lowering(mode, self.uni.has_sync(op), cond_uniform)
    }

    /// The predicate the regions of a real branch or loop see.
    fn inner_pred<'p>(lowering: Lowering, inner: Mode, pred: Pred<'p>) -> Pred<'p> {
        match (lowering, inner) {
            (Lowering::Branch, Mode::Predicated) => pred,
            _ => None,
        }
    }

    /// `var`s for the values `op` carries, one per value of `values`.
    fn carriers(
        &mut self,
        op: OpId,
        values: &[ValueId],
        prefix: &str,
    ) -> Result<Vec<String>, Diagnostic> {
        let mut vars = Vec::new();
        for &v in values {
            let var = self.temp(prefix);
            let ty = self.repr(op, v)?.wgsl();
            self.line(&format!("var {var}: {ty};"));
            vars.push(var);
        }
        Ok(vars)
    }

    /// `var = value;` for each carrier and the value the IR yields to it.
    fn assign(
        &mut self,
        op: OpId,
        vars: &[String],
        targets: &[ValueId],
        values: &[ValueId],
    ) -> Result<(), Diagnostic> {
        for ((var, &t), &v) in vars.iter().zip(targets).zip(values) {
            let to = self.repr(op, t)?;
            let value = self.carried(op, v, to)?;
            self.line(&format!("{var} = {value};"));
        }
        Ok(())
    }

    fn take_all(
        &mut self,
        op: OpId,
        values: &[ValueId],
        vars: &[String],
    ) -> Result<(), Diagnostic> {
        for (&v, var) in values.iter().zip(vars) {
            self.take_carried(op, v, var)?;
        }
        Ok(())
    }

    /// The body block of region `i` (`None` for an empty region).
    fn region_block(&self, op: OpId, i: usize) -> Option<BlockId> {
        self.ctx.entry_block(self.ctx.region(op, i))
    }

    /// The operands of `block`'s terminator.
    fn yielded(&self, block: BlockId) -> Vec<ValueId> {
        let t = self
            .ctx
            .terminator(block)
            .expect("a region ends in a terminator");
        self.ctx.operands(t).to_vec()
    }

    /// `pred && cond` (or `cond`), bound to a fresh name.
    fn conjoin(&mut self, pred: Pred, cond: &str) -> String {
        let p = self.temp("pred");
        let e = match pred {
            Some(p0) => format!("{p0} && {cond}"),
            None => cond.to_string(),
        };
        self.line(&format!("let {p} = {e};"));
        p
    }

    pub fn if_op(&mut self, op: OpId, mode: Mode, pred: Pred) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let c = self.val(ctx.operand(op, 0));
        let results: Vec<ValueId> = ctx.results(op).collect();
        let (lowering, inner) = self.decide(op, mode);
        let (then_block, else_block) = (self.region_block(op, 0), self.region_block(op, 1));
        if lowering == Lowering::Predicated {
            let pt = self.conjoin(pred, &c);
            let pe = self.conjoin(pred, &format!("!{c}"));
            let mut ys = Vec::new();
            for (block, p) in [(then_block, &pt), (else_block, &pe)] {
                if let Some(b) = block {
                    self.block(b, Mode::Predicated, Some(p))?;
                    ys.push(self.yielded(b));
                }
            }
            for (i, &r) in results.iter().enumerate() {
                let to = self.repr(op, r)?;
                let t = self.carried(op, ys[0][i], to)?;
                let e = self.carried(op, ys[1][i], to)?;
                self.take_carried(op, r, &format!("select({e}, {t}, {c})"))?;
            }
            return Ok(());
        }
        let vars = self.carriers(op, &results, "r")?;
        let guarded = lowering == Lowering::Guarded && pred.is_some();
        if guarded {
            self.open(&format!("if {}", pred.unwrap()));
        }
        let ipred = Self::inner_pred(lowering, inner, pred);
        self.open(&format!("if {c}"));
        if let Some(b) = then_block {
            self.block(b, inner, ipred)?;
            let ys = self.yielded(b);
            self.assign(op, &vars, &results, &ys)?;
        }
        self.close();
        if let Some(b) = else_block.filter(|&b| !self.ctx.block_is_empty(b) || !results.is_empty())
        {
            self.open("else");
            self.block(b, inner, ipred)?;
            let ys = self.yielded(b);
            self.assign(op, &vars, &results, &ys)?;
            self.close();
        }
        if guarded {
            self.close();
        }
        self.take_all(op, &results, &vars)
    }

    pub fn switch_op(&mut self, op: OpId, mode: Mode, pred: Pred) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let arg = self.val(ctx.operand(op, 0));
        let cases: Vec<i128> = ctx
            .prop(op, "cases")
            .and_then(|a| ctx.attr_dense_array(a))
            .map(<[i128]>::to_vec)
            .unwrap_or_default();
        let results: Vec<ValueId> = ctx.results(op).collect();
        let (lowering, inner) = self.decide(op, mode);
        // (the case's region, its condition) with the default region last.
        let mut regions: Vec<(usize, Option<i128>)> = cases
            .iter()
            .enumerate()
            .map(|(i, &k)| (i + 1, Some(k)))
            .collect();
        regions.push((0, None));
        if lowering == Lowering::Predicated {
            let mut selected: Vec<Option<String>> = vec![None; results.len()];
            let none_matched = cases
                .iter()
                .map(|&k| format!("{arg} != {}", i32_literal(k as i32)))
                .collect::<Vec<_>>()
                .join(" && ");
            for &(region, case) in regions.iter() {
                let cond = match case {
                    Some(k) => format!("{arg} == {}", i32_literal(k as i32)),
                    None if cases.is_empty() => "true".to_string(),
                    None => format!("({none_matched})"),
                };
                let p = self.conjoin(pred, &cond);
                let b = self.region_block(op, region).expect("a case has a body");
                self.block(b, Mode::Predicated, Some(&p))?;
                let ys = self.yielded(b);
                for (i, &r) in results.iter().enumerate() {
                    let to = self.repr(op, r)?;
                    let y = self.carried(op, ys[i], to)?;
                    selected[i] = Some(match selected[i].take() {
                        None => y,
                        Some(prev) => format!("select({prev}, {y}, {cond})"),
                    });
                }
            }
            for (i, &r) in results.iter().enumerate() {
                let e = selected[i].take().unwrap_or_default();
                self.take_carried(op, r, &e)?;
            }
            return Ok(());
        }
        let vars = self.carriers(op, &results, "r")?;
        let guarded = lowering == Lowering::Guarded;
        if let (true, Some(p)) = (guarded, pred) {
            self.open(&format!("if {p}"));
        }
        let ipred = Self::inner_pred(lowering, inner, pred);
        self.open(&format!("switch {arg}"));
        for &(region, case) in &regions {
            let label = match case {
                Some(k) => format!("case {}:", i32_literal(k as i32)),
                None => "default:".to_string(),
            };
            self.open(&label);
            let b = self.region_block(op, region).expect("a case has a body");
            self.block(b, inner, ipred)?;
            let ys = self.yielded(b);
            self.assign(op, &vars, &results, &ys)?;
            self.close();
        }
        self.close();
        if guarded && pred.is_some() {
            self.close();
        }
        self.take_all(op, &results, &vars)
    }

    pub fn while_op(&mut self, op: OpId, mode: Mode, pred: Pred) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let before = self
            .region_block(op, 0)
            .expect("scf.while has a before region");
        let after = self
            .region_block(op, 1)
            .expect("scf.while has an after region");
        let (bargs, aargs) = (
            ctx.block_args(before).to_vec(),
            ctx.block_args(after).to_vec(),
        );
        let results: Vec<ValueId> = ctx.results(op).collect();
        let inits = ctx.operands(op).to_vec();
        let (lowering, inner) = self.decide(op, mode);
        let rvars = self.carriers(op, &results, "r")?;
        let guarded = lowering == Lowering::Guarded && pred.is_some();
        if guarded {
            self.open(&format!("if {}", pred.unwrap()));
        }
        let bvars = self.carriers(op, &bargs, "b")?;
        self.assign(op, &bvars, &bargs, &inits)?;
        let predicated = lowering == Lowering::Predicated;
        let active = if predicated {
            let act = self.temp("act");
            self.line(&format!("var {act} = {};", pred.unwrap_or("true")));
            Some(act)
        } else {
            None
        };
        self.open("loop");
        let now = match &active {
            Some(act) => {
                let a = self.temp("on");
                self.line(&format!("let {a} = {act};"));
                Some(a)
            }
            None => None,
        };
        self.take_all(op, &bargs, &bvars)?;
        let ipred = match &now {
            Some(a) => Some(a.as_str()),
            None => Self::inner_pred(lowering, inner, pred),
        };
        self.block(before, inner, ipred)?;
        let cond_args = self.yielded(before);
        let c = self.val(cond_args[0]);
        let passed = &cond_args[1..];
        let continuing = match (&active, &now) {
            (Some(act), Some(a)) => {
                self.open(&format!("if {a} && !{c}"));
                self.assign(op, &rvars, &results, passed)?;
                self.close();
                let go = self.temp("pred");
                self.line(&format!("let {go} = {a} && {c};"));
                self.line(&format!("{act} = {go};"));
                self.need(&BLOCK_COUNT);
                self.open(&format!("if {}(cuwasm_li, {go}) == 0u", BLOCK_COUNT.name));
                self.line("break;");
                self.close();
                Some(go)
            }
            _ => {
                self.open(&format!("if !{c}"));
                self.assign(op, &rvars, &results, passed)?;
                self.line("break;");
                self.close();
                None
            }
        };
        for (&arg, &v) in aargs.iter().zip(passed) {
            let to = self.repr(op, arg)?;
            let value = self.carried(op, v, to)?;
            match to {
                Repr::Offset => self.take_carried(op, arg, &value)?,
                _ => self.define(arg, value),
            }
        }
        let apred = continuing.as_deref().or(ipred);
        self.block(after, inner, apred)?;
        let ys = self.yielded(after);
        match &continuing {
            Some(go) => {
                self.open(&format!("if {go}"));
                self.assign(op, &bvars, &bargs, &ys)?;
                self.close();
            }
            None => self.assign(op, &bvars, &bargs, &ys)?,
        }
        self.close();
        if guarded {
            self.close();
        }
        self.take_all(op, &results, &rvars)
    }

    pub fn for_op(&mut self, op: OpId, mode: Mode, pred: Pred) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let body = self.region_block(op, 0).expect("scf.for has a body");
        let args = ctx.block_args(body).to_vec();
        let results: Vec<ValueId> = ctx.results(op).collect();
        let (lowering, inner) = self.decide(op, mode);
        if lowering == Lowering::Predicated {
            let msg = "synchronizes threads inside a loop whose bounds differ between threads, which the WGSL target does not support for scf.for";
            return Err(ctx.op_error(op, msg));
        }
        if self.repr(op, args[0])? != Repr::I32 {
            let msg = "has a 64-bit induction variable, which the WGSL target does not support";
            return Err(ctx.op_error(op, msg));
        }
        let [lb, ub, step] = [0, 1, 2].map(|i| self.val(ctx.operand(op, i)));
        let rvars = self.carriers(op, &results, "r")?;
        let guarded = lowering == Lowering::Guarded;
        if let (true, Some(p)) = (guarded, pred) {
            self.open(&format!("if {p}"));
        }
        let iv = self.temp("iv");
        self.line(&format!("var {iv}: i32 = {lb};"));
        let inits = ctx.operands(op)[3..].to_vec();
        self.assign(op, &rvars, &results, &inits)?;
        let unsigned = ctx.prop(op, "unsignedCmp").is_some();
        let cmp = match unsigned {
            true => format!("bitcast<u32>({iv}) < bitcast<u32>({ub})"),
            false => format!("{iv} < {ub}"),
        };
        self.open("loop");
        self.open(&format!("if !({cmp})"));
        self.line("break;");
        self.close();
        self.take_carried(op, args[0], &iv)?;
        self.take_all(op, &args[1..], &rvars)?;
        self.block(body, inner, Self::inner_pred(lowering, inner, pred))?;
        let ys = self.yielded(body);
        self.assign(op, &rvars, &results, &ys)?;
        self.line(&format!("{iv} = {iv} + {step};"));
        self.close();
        if guarded && pred.is_some() {
            self.close();
        }
        self.take_all(op, &results, &rvars)
    }
}
