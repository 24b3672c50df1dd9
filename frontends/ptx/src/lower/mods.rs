//! Instruction modifiers: each instruction takes the ones it knows, in any order
//! PTX allows; one left over is a located error naming it and the instruction.

use super::{FnLower, LResult};
use crate::ast::{self, Span};
use smallvec::SmallVec;

pub(crate) struct Mods<'a> {
    items: &'a [(&'a str, Span)],
    /// Bit `i`: modifier `i` was taken (an instruction has a handful; one
    /// past the 64th is never taken, so it is reported as left over).
    used: u64,
}

impl<'a> Mods<'a> {
    pub fn new(mods: &'a [(&'a str, Span)]) -> Mods<'a> {
        Mods {
            items: mods,
            used: 0,
        }
    }

    fn free(&self) -> impl Iterator<Item = (usize, &'a (&'a str, Span))> + use<'a> {
        let used = self.used;
        self.items
            .iter()
            .enumerate()
            .filter(move |(i, _)| *i < 64 && used & (1 << i) == 0)
    }

    fn take(&mut self, i: usize) {
        if i < 64 {
            self.used |= 1 << i;
        }
    }

    /// Is modifier `name` there (taken or not)?
    pub fn contains(&self, name: &str) -> bool {
        self.items.iter().any(|(m, _)| *m == name)
    }

    /// Take modifier `name` if present.
    pub fn has(&mut self, name: &str) -> bool {
        match self.free().find(|(_, (m, _))| *m == name) {
            Some((i, _)) => {
                self.take(i);
                true
            }
            None => false,
        }
    }

    /// Take the first present of `names`.
    pub fn any(&mut self, names: &[&'static str]) -> Option<&'static str> {
        let found = self
            .free()
            .find_map(|(i, (m, _))| names.iter().find(|n| **n == *m).map(|n| (i, *n)));
        let (i, n) = found?;
        self.take(i);
        Some(n)
    }

    /// Take every modifier starting with `prefix` (cache and eviction hints);
    /// returns whether one was a `.L2::cache_hint` (which adds an operand).
    pub fn hints(&mut self) -> bool {
        let mut cache_hint = false;
        let hints: SmallVec<[usize; 4]> = self
            .free()
            .filter(|(_, (m, _))| {
                m.starts_with(".L1::")
                    || m.starts_with(".L2::")
                    || m.starts_with(".level::")
                    || matches!(*m, ".ca" | ".cg" | ".cs" | ".lu" | ".wb" | ".wt")
            })
            .map(|(i, (m, _))| {
                cache_hint |= *m == ".L2::cache_hint";
                i
            })
            .collect();
        for i in hints {
            self.take(i);
        }
        cache_hint
    }

    /// Take the type modifiers, in order.
    pub fn types(&mut self) -> SmallVec<[(ast::Type, Span); 2]> {
        let mut out = SmallVec::new();
        let items = self.items;
        for (i, (m, s)) in items.iter().enumerate() {
            if (i >= 64 || self.used & (1 << i) == 0)
                && let Some(t) = ast::Type::from_modifier(m)
            {
                self.take(i);
                out.push((t, *s));
            }
        }
        out
    }

    /// The first modifier nobody took, if any.
    pub fn leftover(&self) -> Option<(&'a str, Span)> {
        self.items
            .iter()
            .enumerate()
            .find(|(i, _)| *i >= 64 || self.used & (1 << i) == 0)
            .map(|(_, (m, s))| (*m, *s))
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
