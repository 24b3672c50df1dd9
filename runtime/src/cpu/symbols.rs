//! The program's `__device__` and `__constant__` variables as address ranges.
//!
//! On the CPU they are data objects of the JIT-compiled program, not device
//! allocations; the driver registers each one (name, address, size) so that
//! bounds-checked kernels may access them and violations can name them.

use std::sync::RwLock;

/// One variable: its flat name (`module.name`), address and size in bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub address: u64,
    pub bytes: usize,
}

/// The registered variables (a handful per program: a list is enough).
#[derive(Default, Debug)]
pub struct SymbolTable {
    symbols: RwLock<Vec<Symbol>>,
}

impl SymbolTable {
    /// Add a variable, replacing one registered under the same name.
    pub fn register(&self, symbol: Symbol) {
        let mut all = self.symbols.write().unwrap();
        all.retain(|s| s.name != symbol.name);
        all.push(symbol);
    }

    /// The variable that holds all of `[address, address + bytes)`.
    pub fn containing(&self, address: u64, bytes: usize) -> Option<Symbol> {
        let all = self.symbols.read().unwrap();
        all.iter()
            .find(|s| {
                address >= s.address
                    && address
                        .checked_add(bytes as u64)
                        .is_some_and(|end| end <= s.address + s.bytes as u64)
            })
            .cloned()
    }

    /// Every registered variable.
    pub fn all(&self) -> Vec<Symbol> {
        self.symbols.read().unwrap().clone()
    }
}
