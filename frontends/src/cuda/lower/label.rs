//! `goto` and labels. A function with labels is lowered in CFG mode (`cf`
//! blocks, which `lift-cf-to-scf` structures where the jumps allow): each
//! label is a block, made at its first mention, and `goto` branches to it.
//! The function's stack slots go to the start of its entry block, so that a
//! jump past a declaration still finds the variable's slot.

use super::Lowerer;
use crate::cuda::Diag;
use crate::cuda::ast::{Ident, Loc, Stmt};
use crate::cuda::token::Sym;
use cuwasm::{BlockId, InsertPoint};
use rustc_hash::FxHashMap;

type R<T> = Result<T, Diag>;

/// A label of the function being lowered.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Label {
    pub block: BlockId,
    /// Whether the label's statement has been seen.
    pub defined: bool,
    /// Where a `goto` first named it.
    pub first_use: Loc,
}

impl Lowerer<'_, '_> {
    /// `name: s`.
    pub(super) fn labeled_stmt(&mut self, name: Ident, s: &Stmt) -> R<()> {
        let label = self.label(name)?;
        if label.defined {
            let text = self.spelling(name.sym);
            return Err(self.err(name.loc, format!("redefinition of label '{text}'")));
        }
        self.labels().get_mut(&name.sym).expect("made").defined = true;
        self.br(label.block);
        self.ip = InsertPoint::End(label.block);
        self.stmt(s)
    }

    /// `goto name;`
    pub(super) fn goto_stmt(&mut self, name: Ident) -> R<()> {
        let label = self.label(name)?;
        self.jump(label.block);
        Ok(())
    }

    /// The label `name`, its block made at its first mention.
    fn label(&mut self, name: Ident) -> R<Label> {
        if self.cfg().is_none() {
            return Err(self.unsupported(name.loc, "a label here"));
        }
        if let Some(l) = self.labels().get(&name.sym) {
            return Ok(*l);
        }
        let label = Label {
            block: self.fresh_block(),
            defined: false,
            first_use: name.loc,
        };
        self.labels().insert(name.sym, label);
        Ok(label)
    }

    fn labels(&mut self) -> &mut FxHashMap<Sym, Label> {
        &mut self.f.as_mut().expect("in a function").labels
    }

    /// At the end of the function: a label that `goto`s name but no
    /// statement defines is an error at its first `goto`.
    pub(super) fn check_labels(&self) -> R<()> {
        let Some(f) = &self.f else { return Ok(()) };
        let undefined = f.labels.iter().filter(|(_, l)| !l.defined);
        match undefined.min_by_key(|(_, l)| l.first_use.0) {
            Some((sym, l)) => Err(self.err(
                l.first_use,
                format!("use of undeclared label '{}'", self.spelling(*sym)),
            )),
            None => Ok(()),
        }
    }
}
