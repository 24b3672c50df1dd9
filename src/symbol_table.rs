//! Symbols (`sym_name`) and symbol tables: `@name` references, nested tables
//! (`@module::@kernel`) and lookup from any op.

use crate::{Attr, AttrData, Context, OpId, Traits};

impl Context {
    /// The `sym_name` of a symbol op.
    pub fn symbol_name(&self, op: OpId) -> Option<&str> {
        let is_symbol = self.op_has_trait(op, Traits::SYMBOL) || self.op_info(op).is_none();
        if !is_symbol {
            return None;
        }
        self.prop(op, "sym_name")
            .or_else(|| self.attr(op, "sym_name"))
            .and_then(|a| self.attr_str(a))
    }

    /// Is `op` a symbol table (a registered one, or an unregistered op with a region)?
    pub fn is_symbol_table(&self, op: OpId) -> bool {
        self.op_has_trait(op, Traits::SYMBOL_TABLE)
    }

    /// The op named `name` directly inside the symbol table `table`.
    pub fn lookup_symbol_in(&self, table: OpId, name: &str) -> Option<OpId> {
        for &r in self.regions(table) {
            for &b in self.region_blocks(r) {
                if let Some(op) = self
                    .block_ops(b)
                    .find(|o| self.symbol_name(*o) == Some(name))
                {
                    return Some(op);
                }
            }
        }
        None
    }

    /// Resolve a (possibly nested) symbol reference inside the symbol table `table`.
    pub fn resolve_symbol_ref_in(&self, table: OpId, sym: Attr) -> Option<OpId> {
        let AttrData::SymbolRef { root, nested } = self.attr_data(sym) else {
            return None;
        };
        let mut cur = self.lookup_symbol_in(table, self.symbol_str(*root))?;
        for n in nested {
            cur = self.lookup_symbol_in(cur, self.symbol_str(*n))?;
        }
        Some(cur)
    }

    /// The nearest symbol table enclosing `op` (not `op` itself).
    pub fn enclosing_symbol_table(&self, op: OpId) -> Option<OpId> {
        let mut cur = self.parent_op(op);
        while let Some(p) = cur {
            if self.is_symbol_table(p) {
                return Some(p);
            }
            cur = self.parent_op(p);
        }
        None
    }

    /// Resolve `sym` as seen from `from`: search the enclosing symbol tables
    /// from the innermost outwards, as MLIR's `lookupNearestSymbolFrom` does.
    pub fn lookup_symbol_from(&self, from: OpId, sym: Attr) -> Option<OpId> {
        let mut table = self.enclosing_symbol_table(from);
        while let Some(t) = table {
            if let Some(found) = self.resolve_symbol_ref_in(t, sym) {
                return Some(found);
            }
            table = self.enclosing_symbol_table(t);
        }
        None
    }

    /// All ops in `root` that refer to the symbol `name` through a symbol-ref attribute.
    pub fn symbol_uses(&self, root: OpId, name: &str) -> Vec<OpId> {
        let sym = self.symbol(name);
        self.walk_preorder(root)
            .into_iter()
            .filter(|&op| {
                [self.properties(op), self.attributes(op)]
                    .iter()
                    .any(|d| self.attr_mentions_symbol(*d, sym))
            })
            .collect()
    }

    fn attr_mentions_symbol(&self, attr: Attr, sym: crate::Symbol) -> bool {
        match self.attr_data(attr) {
            AttrData::SymbolRef { root, nested } => *root == sym || nested.contains(&sym),
            AttrData::Array(items) => items.iter().any(|a| self.attr_mentions_symbol(*a, sym)),
            AttrData::Dictionary(entries) => entries
                .iter()
                .any(|(_, a)| self.attr_mentions_symbol(*a, sym)),
            _ => false,
        }
    }
}
