//! Name lookup: a stack of block scopes over the file's global names.

use crate::cuda::token::Sym;
use rustc_hash::FxHashMap;

/// Nested scopes mapping names to `T` (innermost first on lookup).
#[derive(Debug)]
pub struct Scopes<T> {
    stack: Vec<FxHashMap<Sym, T>>,
}

impl<T> Default for Scopes<T> {
    fn default() -> Self {
        Scopes {
            stack: vec![FxHashMap::default()],
        }
    }
}

impl<T> Scopes<T> {
    pub fn push(&mut self) {
        self.stack.push(FxHashMap::default());
    }
    pub fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }
    /// Declare `name` in the innermost scope; returns the entry it replaces
    /// in that same scope (a redeclaration).
    pub fn declare(&mut self, name: Sym, value: T) -> Option<T> {
        self.stack
            .last_mut()
            .expect("there is always a scope")
            .insert(name, value)
    }
    pub fn lookup(&self, name: Sym) -> Option<&T> {
        self.stack.iter().rev().find_map(|s| s.get(&name))
    }
    pub fn depth(&self) -> usize {
        self.stack.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shadowing() {
        let mut s = Scopes::default();
        let (a, b) = (Sym(1), Sym(2));
        s.declare(a, 1);
        s.push();
        s.declare(a, 2);
        s.declare(b, 3);
        assert_eq!(s.lookup(a), Some(&2));
        s.pop();
        assert_eq!(s.lookup(a), Some(&1));
        assert_eq!(s.lookup(b), None);
    }
}
