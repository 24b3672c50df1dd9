//! Functions: kernels as `gpu.func`, device functions as `func.func`.

use super::record::kernel_param_by_address;
use super::{FnState, Lowerer, Space};
use crate::cuda::ast::{Block, Stmt, StmtKind};
use crate::cuda::sema::types::{CType, generic_ptr};
use cuwasm::{BlockId, InsertPoint};

impl Lowerer<'_, '_> {
    /// Lower function `i` at the end of `parent` (the gpu.module's body).
    pub(super) fn lower_function(&mut self, i: usize, parent: BlockId) {
        let info = &self.fns[i];
        let (decl, loc, space, symbol) = (info.decl, info.loc, info.space, info.symbol.clone());
        let Some(body) = &decl.body else { return };
        self.set_loc(decl.name.loc());
        if (space == Space::Host) != self.host && space != Space::HostDevice {
            return;
        }
        // Lowered already (by the device side's first pass, when this
        // lowers the kernel instances the host launches).
        if self.has_function(parent, &symbol) {
            return;
        }
        self.current_fn = Some(i);
        self.bindings = self.fns[i].bindings.clone();
        let sig = match self.signature_of(i) {
            Ok(s) => s,
            Err(d) => return self.diags.push(d),
        };
        let kernel = space == Space::Kernel;
        if kernel && sig.ret != CType::Void {
            return self
                .diags
                .push(self.err(loc, "a __global__ function must return void"));
        }
        let (mut params, results) = self.ir_signature(&sig);
        let sret = matches!(sig.ret, CType::Struct(_)) && !sig.ret_ref;
        let this_class = self.fns[i].owner.clone().filter(|_| self.fns[i].has_this());
        if kernel {
            for (p, t) in params.iter_mut().zip(&sig.params) {
                if kernel_param_by_address(t) {
                    *p = generic_ptr(self.ctx);
                }
            }
        }
        if this_class.is_some() {
            params.insert(sret as usize, generic_ptr(self.ctx));
        }
        let fty = self.ctx.function_type(&params, &results);
        let fty = self.ctx.type_attr(fty);
        let name = self.ctx.string_attr(&symbol);
        let f = if kernel {
            let f =
                self.create_detached("gpu.func", &[], &[], &[("function_type", fty)], 1, self.loc);
            let unit = self.ctx.unit_attr();
            self.ctx.set_attr(f, "gpu.kernel", Some(unit));
            if sig.params.iter().any(kernel_param_by_address) {
                let bytes = sig.params.iter().map(|p| match kernel_param_by_address(p) {
                    true => p.size().unwrap_or(0) as i128,
                    false => 0,
                });
                let i64 = self.ctx.i64();
                let attr = self.ctx.intern_attr(cuwasm::AttrData::DenseArray {
                    element: i64,
                    values: bytes.collect(),
                });
                self.ctx
                    .set_attr(f, cuwasm_dialects::cpu_abi::BYVAL_BYTES_ATTR, Some(attr));
            }
            self.ctx.set_attr(f, "sym_name", Some(name));
            f
        } else if self.host && symbol == "main" {
            let props = [("function_type", fty), ("sym_name", name)];
            self.create_detached("func.func", &[], &[], &props, 1, self.loc)
        } else {
            let private = self.ctx.string_attr("private");
            self.create_detached(
                "func.func",
                &[],
                &[],
                &[
                    ("function_type", fty),
                    ("sym_name", name),
                    ("sym_visibility", private),
                ],
                1,
                self.loc,
            )
        };
        self.ctx.append_op(parent, f);
        let region = self.ctx.region(f, 0);
        let entry = self.new_block(region, &params);
        self.ip = InsertPoint::End(entry);
        self.vars = Default::default();
        let sret = sret.then(|| self.ctx.block_arg(entry, 0));
        let this = this_class.map(|st| (self.ctx.block_arg(entry, sret.is_some() as usize), st));
        let first = sret.is_some() as usize + this.is_some() as usize;
        self.f = Some(FnState {
            ret: sig.ret.clone(),
            sret,
            is_kernel: kernel,
            ret_ref: sig.ret_ref,
            this,
            cfg: needs_cfg(body).then_some(region),
            loops: Vec::new(),
            labels: Default::default(),
            slots_at: has_labels(body).then_some(InsertPoint::Start(entry)),
        });
        let result = (|| {
            for (k, p) in decl.params.iter().enumerate().take(sig.params.len()) {
                let Some(name) = p.name else { continue };
                self.set_loc(p.loc);
                let ty = sig.params[k].clone();
                let arg = self.ctx.block_arg(entry, first + k);
                let slot = match (sig.param_refs[k], &ty) {
                    // A reference names the caller's object.
                    (true, _) => arg,
                    // By value: the caller passes its struct's address.
                    (false, CType::Struct(_)) => {
                        let slot = self.slot(&ty, p.loc)?;
                        self.copy_value(slot, arg, &ty, p.loc)?;
                        slot
                    }
                    (false, _) => {
                        let slot = self.slot(&ty, p.loc)?;
                        // A kernel's `__half`: the address of the caller's copy.
                        let v = match kernel && kernel_param_by_address(&ty) {
                            true => self.load(arg, &ty),
                            false => arg,
                        };
                        self.store(v, slot);
                        slot
                    }
                };
                self.declare_var(name.sym, slot, ty);
            }
            if matches!(decl.name, crate::cuda::ast::DeclName::Constructor(_)) {
                self.ctor_inits(decl)?;
            }
            self.block(body)?;
            self.set_loc(body.end);
            self.finish_function()
        })();
        if let Err(d) = result {
            self.diags.push(d);
        }
        self.f = None;
        self.current_fn = None;
    }

    /// Does `parent` hold a function named `symbol`?
    fn has_function(&self, parent: BlockId, symbol: &str) -> bool {
        self.ctx
            .block_ops(parent)
            .any(|op| self.ctx.symbol_name(op) == Some(symbol))
    }

    /// End the function: return at the end of the body (a zero value when a
    /// non-void function falls off its end, which C leaves undefined).
    fn finish_function(&mut self) -> Result<(), crate::cuda::Diag> {
        self.check_labels()?;
        if self.ip == InsertPoint::Detached {
            return Ok(());
        }
        let f = self.f.as_ref().expect("in a function");
        let ret = f.ret.clone();
        let values = match (ret.ir(self.ctx), f.sret, f.ret_ref) {
            (None, _, _) | (_, Some(_), _) => vec![],
            // Falling off the end of a function returning a reference.
            (Some(_), None, true) => vec![self.zero(&ret.clone().pointer_to())],
            (Some(_), None, false) => vec![self.zero(&ret)],
        };
        self.emit_return(&values);
        Ok(())
    }

    pub(super) fn emit_return(&mut self, values: &[cuwasm::ValueId]) {
        let name = match self.f.as_ref().expect("in a function").is_kernel {
            true => "gpu.return",
            false => "func.return",
        };
        self.op(name, values, &[], &[]);
    }

    pub(super) fn block(&mut self, b: &Block) -> Result<(), crate::cuda::Diag> {
        self.vars.push();
        let r = b.stmts.iter().try_for_each(|s| self.stmt(s));
        self.vars.pop();
        r
    }
}

/// Does this body need a CFG: `break`, `continue`, `goto`, labels or
/// `switch` anywhere, or a `return` other than the body's last statement?
fn needs_cfg(body: &Block) -> bool {
    let n = body.stmts.len();
    body.stmts.iter().enumerate().any(|(i, s)| match &s.kind {
        StmtKind::Return(_) if i + 1 == n => false,
        _ => unstructured(s),
    })
}

fn unstructured(s: &Stmt) -> bool {
    any_nested(s, |k| {
        matches!(
            k,
            StmtKind::Break
                | StmtKind::Continue
                | StmtKind::Goto(_)
                | StmtKind::Return(_)
                | StmtKind::Label(..)
                | StmtKind::Switch(_)
        )
    })
}

/// Does `body` define a label (`label.rs`)?
fn has_labels(body: &Block) -> bool {
    body.stmts
        .iter()
        .any(|s| any_nested(s, |k| matches!(k, StmtKind::Label(..))))
}

/// Is `pred` true of `s` or of a statement nested in it?
fn any_nested(s: &Stmt, pred: impl Fn(&StmtKind) -> bool) -> bool {
    let mut stack = vec![s];
    while let Some(s) = stack.pop() {
        if pred(&s.kind) {
            return true;
        }
        match &s.kind {
            StmtKind::Compound(b) => stack.extend(&b.stmts),
            StmtKind::If(i) => {
                stack.push(&i.then);
                stack.extend(&i.else_);
            }
            StmtKind::For(f) => stack.push(&f.body),
            StmtKind::While(w) => stack.push(&w.body),
            StmtKind::DoWhile(d) => stack.push(&d.body),
            StmtKind::Case(_, b) | StmtKind::Default(b) | StmtKind::Label(_, b) => stack.push(b),
            StmtKind::Switch(sw) => stack.push(&sw.body),
            _ => {}
        }
    }
    false
}
