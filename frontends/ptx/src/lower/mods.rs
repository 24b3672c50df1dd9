//! Instruction modifiers: each instruction takes the ones it knows, in any order
//! PTX allows; one left over is a located error naming it and the instruction.

use super::{FnLower, LResult};
use crate::ast::{self, Span};
use smallvec::SmallVec;

pub(crate) struct Mods<'a> {
    items: SmallVec<[(&'a str, Span, bool); 6]>,
}

impl<'a> Mods<'a> {
    pub fn new(mods: &[(&'a str, Span)]) -> Mods<'a> {
        Mods {
            items: mods.iter().map(|(m, s)| (*m, *s, false)).collect(),
        }
    }

    /// Is modifier `name` there (taken or not)?
    pub fn contains(&self, name: &str) -> bool {
        self.items.iter().any(|(m, _, _)| *m == name)
    }

    /// Take modifier `name` if present.
    pub fn has(&mut self, name: &str) -> bool {
        match self
            .items
            .iter_mut()
            .find(|(m, _, used)| !*used && *m == name)
        {
            Some(item) => {
                item.2 = true;
                true
            }
            None => false,
        }
    }

    /// Take the first present of `names`.
    pub fn any(&mut self, names: &[&'static str]) -> Option<&'static str> {
        for item in self.items.iter_mut().filter(|i| !i.2) {
            if let Some(n) = names.iter().find(|n| **n == item.0) {
                item.2 = true;
                return Some(n);
            }
        }
        None
    }

    /// Take every modifier starting with `prefix` (cache and eviction hints);
    /// returns whether one was a `.L2::cache_hint` (which adds an operand).
    pub fn hints(&mut self) -> bool {
        let mut cache_hint = false;
        for item in self.items.iter_mut().filter(|i| !i.2) {
            let m = item.0;
            if m.starts_with(".L1::") || m.starts_with(".L2::") || m.starts_with(".level::") {
                cache_hint |= m == ".L2::cache_hint";
                item.2 = true;
            } else if matches!(m, ".ca" | ".cg" | ".cs" | ".lu" | ".wb" | ".wt") {
                item.2 = true;
            }
        }
        cache_hint
    }

    /// Take the type modifiers, in order.
    pub fn types(&mut self) -> SmallVec<[(ast::Type, Span); 2]> {
        let mut out = SmallVec::new();
        for item in self.items.iter_mut().filter(|i| !i.2) {
            if let Some(t) = ast::Type::from_modifier(item.0) {
                item.2 = true;
                out.push((t, item.1));
            }
        }
        out
    }

    /// The first modifier nobody took, if any.
    pub fn leftover(&self) -> Option<(&'a str, Span)> {
        self.items.iter().find(|i| !i.2).map(|i| (i.0, i.1))
    }
}

impl FnLower<'_, '_, '_> {
    /// Error on a modifier the instruction did not take.
    pub(crate) fn finish_mods(&self, m: &Mods, opcode: &str) -> LResult<()> {
        match m.leftover() {
            Some((name, span)) => Err(self.err(
                span,
                format!("unknown or unsupported modifier '{name}' for '{opcode}'"),
            )),
            None => Ok(()),
        }
    }
}
