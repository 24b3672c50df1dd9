//! `symbol-dce`: erase the symbols nothing live refers to, as MLIR's SymbolDCE.
//!
//! It runs on a symbol table (normally `builtin.module`). Every op of the
//! table that is not a symbol is live, and so is every symbol that cannot be
//! discarded: public symbols, and, in a table reachable from outside (a public
//! symbol table nested in another), `nested` ones too. Private symbols (and
//! `nested` ones in hidden tables: the top-level op, private tables) live only
//! if a live op refers to them: references are `@sym` / `@a::@b` attributes in
//! the properties and discardable attributes of the op and every op nested in
//! it (not looking into nested symbol tables, which are processed as tables of
//! their own once they are found live). A nested reference `@a::@b` keeps both
//! `@a` and `@b`. References to unknown symbols are ignored. Then every symbol
//! that is not live is erased, in the table and in the nested tables
//! (`num-dce'd`). Cycles of private symbols that call each other go.

use crate::{Pass, PassInfo, PassOptions, PassState};
use cuwasm::{Attr, AttrData, Context, Diagnostic, OpId, Symbol, Traits, WalkResult};
use rustc_hash::{FxHashMap, FxHashSet};

pub const INFO: PassInfo = PassInfo {
    name: "symbol-dce",
    description: "Erase private symbols that no live op refers to",
    anchor: None,
    options: &[],
    create: |_: &PassOptions| Ok(Box::new(SymbolDce)),
};

struct SymbolDce;

impl Pass for SymbolDce {
    fn run(&self, ctx: &mut Context, op: OpId, state: &mut PassState) -> Result<(), Diagnostic> {
        if !ctx.is_symbol_table(op) {
            return Err(ctx.op_error(
                op,
                "was scheduled to run under symbol-dce, but does not define a symbol table",
            ));
        }
        let erased = erase_dead_symbols(ctx, op);
        state.stat("num-dce'd", erased);
        Ok(())
    }
}

/// The name of `op` if it is a symbol: a registered op with the Symbol trait,
/// or a symbol table with a `sym_name` (a named `builtin.module`).
pub fn symbol_of(ctx: &Context, op: OpId) -> Option<&str> {
    let registered_symbol = ctx.op_has_trait(op, Traits::SYMBOL)
        || (ctx.is_symbol_table(op) && ctx.inherent_or_attr(op, "sym_name").is_some());
    if !registered_symbol {
        return None;
    }
    ctx.inherent_or_attr(op, "sym_name")
        .and_then(|a| ctx.attr_str(a))
}

/// The `sym_visibility` of a symbol (`"public"` when absent).
pub fn visibility(ctx: &Context, op: OpId) -> &str {
    ctx.inherent_or_attr(op, "sym_visibility")
        .and_then(|a| ctx.attr_str(a))
        .unwrap_or("public")
}

pub fn is_private(ctx: &Context, op: OpId) -> bool {
    visibility(ctx, op) == "private"
}

/// Erase the dead symbols of `table` and of the symbol tables nested in it.
pub fn erase_dead_symbols(ctx: &mut Context, table: OpId) -> u64 {
    let hidden = ctx.parent_op(table).is_none() || is_private(ctx, table);
    let mut live = Liveness::default();
    live.compute(ctx, table, hidden);
    let mut tables = Vec::new();
    ctx.walk(table, |op| {
        if ctx.is_symbol_table(op) {
            tables.push(op);
        }
        WalkResult::Advance
    });
    let mut erased = 0;
    for t in tables {
        if ctx.is_erased(t) {
            continue;
        }
        for &r in ctx.regions(t).to_vec().iter().take(1) {
            for b in ctx.region_blocks(r).to_vec() {
                let ops: Vec<OpId> = ctx.block_ops(b).collect();
                for op in ops {
                    let dead = symbol_of(ctx, op).is_some()
                        && !live.ops.contains(&op)
                        && ctx.results(op).all(|v| !ctx.has_uses(v));
                    if dead {
                        ctx.erase_op(op);
                        erased += 1;
                    }
                }
            }
        }
    }
    erased
}

#[derive(Default)]
struct Liveness {
    ops: FxHashSet<OpId>,
    /// Symbols by name, per symbol table (built on first lookup).
    tables: FxHashMap<OpId, FxHashMap<String, OpId>>,
}

impl Liveness {
    /// MLIR's `computeLiveness`: mark the roots of `table`, then what live ops refer to.
    fn compute(&mut self, ctx: &Context, table: OpId, hidden: bool) {
        let mut work: Vec<OpId> = Vec::new();
        for &r in ctx.regions(table).iter().take(1) {
            for &b in ctx.region_blocks(r) {
                for op in ctx.block_ops(b) {
                    if symbol_of(ctx, op).is_none() {
                        work.push(op);
                        continue;
                    }
                    let vis = visibility(ctx, op);
                    let discardable = vis != "public" && (hidden || vis == "private");
                    if !discardable && self.ops.insert(op) {
                        work.push(op);
                    }
                }
            }
        }
        while let Some(op) = work.pop() {
            if ctx.is_symbol_table(op) {
                let inner_hidden = hidden || symbol_of(ctx, op).is_none() || is_private(ctx, op);
                self.compute(ctx, op, inner_hidden);
            }
            for sym in symbol_uses(ctx, op) {
                for found in self.resolve(ctx, table, sym) {
                    if self.ops.insert(found) {
                        work.push(found);
                    }
                }
            }
        }
    }

    /// The symbols `@a::@b::@c` names from `table`: `a`, `b` and `c` (as many as resolve).
    fn resolve(&mut self, ctx: &Context, table: OpId, sym: Attr) -> Vec<OpId> {
        let AttrData::SymbolRef { root, nested } = ctx.attr_data(sym) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut cur = table;
        for name in std::iter::once(root).chain(nested.iter()) {
            let Some(found) = self.lookup(ctx, cur, *name) else {
                break;
            };
            out.push(found);
            cur = found;
        }
        out
    }

    fn lookup(&mut self, ctx: &Context, table: OpId, name: Symbol) -> Option<OpId> {
        let map = self.tables.entry(table).or_insert_with(|| {
            let mut map = FxHashMap::default();
            for &r in ctx.regions(table).iter().take(1) {
                for &b in ctx.region_blocks(r) {
                    for op in ctx.block_ops(b) {
                        if let Some(n) = ctx.symbol_name(op).or_else(|| symbol_of(ctx, op)) {
                            map.entry(n.to_string()).or_insert(op);
                        }
                    }
                }
            }
            map
        });
        map.get(ctx.symbol_str(name)).copied()
    }
}

/// The symbol references held by `op` and the ops nested in it, not looking
/// into nested symbol tables (whose own attributes do count).
pub fn symbol_uses(ctx: &Context, op: OpId) -> Vec<Attr> {
    let mut out = Vec::new();
    ctx.walk(op, |inner| {
        collect_symbol_refs(ctx, ctx.properties(inner), &mut out);
        collect_symbol_refs(ctx, ctx.attributes(inner), &mut out);
        if inner != op && ctx.is_symbol_table(inner) {
            WalkResult::Skip
        } else {
            WalkResult::Advance
        }
    });
    out
}

/// The symbol references inside `attr` (through arrays and dictionaries).
pub fn collect_symbol_refs(ctx: &Context, attr: Attr, out: &mut Vec<Attr>) {
    let mut stack = vec![attr];
    while let Some(a) = stack.pop() {
        match ctx.attr_data(a) {
            AttrData::SymbolRef { .. } => out.push(a),
            AttrData::Array(items) => stack.extend(items.iter().copied()),
            AttrData::Dictionary(entries) => stack.extend(entries.iter().map(|(_, v)| *v)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::utils::testing::{check, run_err, run_with_stats};

    const PIPELINE: &str = "builtin.module(symbol-dce)";

    // Same output as mlir-opt-22: dead private and nested symbols go, public ones
    // stay, a cycle of private functions goes, a private module with its content goes,
    // a public nested module keeps its public and used symbols.
    #[test]
    fn matches_mlir_visibility_and_nested_tables() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = () -> (), sym_name = "dead_private", sym_visibility = "private"}> ({
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "dead_nested", sym_visibility = "nested"}> ({
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "live_private", sym_visibility = "private"}> ({
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "live_nested", sym_visibility = "nested"}> ({
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "public_unused"}> ({
    "func.return"() : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "public"}> ({
    "func.call"() <{callee = @live_private}> : () -> ()
    "func.call"() <{callee = @live_nested}> : () -> ()
    "func.return"() : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "chain_a", sym_visibility = "private"}> ({
    "func.call"() <{callee = @chain_b}> : () -> ()
    "func.return"() : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "chain_b", sym_visibility = "private"}> ({
    "func.call"() <{callee = @chain_a}> : () -> ()
    "func.return"() : () -> ()
  }) : () -> ()
  "builtin.module"() <{sym_name = "inner", sym_visibility = "private"}> ({
    "func.func"() <{function_type = () -> (), sym_name = "in_public"}> ({
      "func.return"() : () -> ()
    }) : () -> ()
    "func.func"() <{function_type = () -> (), sym_name = "in_dead", sym_visibility = "private"}> ({
    }) : () -> ()
  }) : () -> ()
  "builtin.module"() <{sym_name = "inner2"}> ({
    "func.func"() <{function_type = () -> (), sym_name = "in2_public"}> ({
      "func.return"() : () -> ()
    }) : () -> ()
    "func.func"() <{function_type = () -> (), sym_name = "in2_dead", sym_visibility = "private"}> ({
    }) : () -> ()
    "func.func"() <{function_type = () -> (), sym_name = "in2_live", sym_visibility = "private"}> ({
    }) : () -> ()
    "func.func"() <{function_type = () -> (), sym_name = "user"}> ({
      "func.call"() <{callee = @in2_live}> : () -> ()
      "func.return"() : () -> ()
    }) : () -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = () -> (), sym_name = "live_private", sym_visibility = "private"}> ({
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "live_nested", sym_visibility = "nested"}> ({
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "public_unused"}> ({
    "func.return"() : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "public"}> ({
    "func.call"() <{callee = @live_private}> : () -> ()
    "func.call"() <{callee = @live_nested}> : () -> ()
    "func.return"() : () -> ()
  }) : () -> ()
  "builtin.module"() <{sym_name = "inner2"}> ({
    "func.func"() <{function_type = () -> (), sym_name = "in2_public"}> ({
      "func.return"() : () -> ()
    }) : () -> ()
    "func.func"() <{function_type = () -> (), sym_name = "in2_live", sym_visibility = "private"}> ({
    }) : () -> ()
    "func.func"() <{function_type = () -> (), sym_name = "user"}> ({
      "func.call"() <{callee = @in2_live}> : () -> ()
      "func.return"() : () -> ()
    }) : () -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(PIPELINE, input, expected);
    }

    // Same output as mlir-opt-22: references in properties (func.constant) and in
    // nested arrays and dictionaries of attributes; @lib::@used keeps @lib and @used.
    #[test]
    fn matches_mlir_references_in_attributes() {
        let input = r#"
"builtin.module"() ({
  "builtin.module"() <{sym_name = "lib", sym_visibility = "private"}> ({
    "func.func"() <{function_type = () -> (), sym_name = "used", sym_visibility = "nested"}> ({
      "func.return"() : () -> ()
    }) : () -> ()
    "func.func"() <{function_type = () -> (), sym_name = "unused", sym_visibility = "nested"}> ({
      "func.return"() : () -> ()
    }) : () -> ()
  }) : () -> ()
  "builtin.module"() <{sym_name = "lib2", sym_visibility = "private"}> ({
    "func.func"() <{function_type = () -> (), sym_name = "x", sym_visibility = "nested"}> ({
      "func.return"() : () -> ()
    }) : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "by_constant", sym_visibility = "private"}> ({
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "by_attr", sym_visibility = "private"}> ({
  }) : () -> ()
  "func.func"() <{function_type = () -> ((i32) -> i32), sym_name = "main"}> ({
    %0 = "func.constant"() <{value = @by_constant}> : () -> ((i32) -> i32)
    "func.return"(%0) : ((i32) -> i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "other"}> ({
    "func.return"() : () -> ()
  }) {refs = [@lib::@used, {k = @by_attr}]} : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "builtin.module"() <{sym_name = "lib", sym_visibility = "private"}> ({
    "func.func"() <{function_type = () -> (), sym_name = "used", sym_visibility = "nested"}> ({
      "func.return"() : () -> ()
    }) : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "by_constant", sym_visibility = "private"}> ({
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "by_attr", sym_visibility = "private"}> ({
  }) : () -> ()
  "func.func"() <{function_type = () -> ((i32) -> i32), sym_name = "main"}> ({
    %0 = "func.constant"() <{value = @by_constant}> : () -> ((i32) -> i32)
    "func.return"(%0) : ((i32) -> i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "other"}> ({
    "func.return"() : () -> ()
  }) {refs = [@lib::@used, {k = @by_attr}]} : () -> ()
}) : () -> ()
"#;
        check(PIPELINE, input, expected);
    }

    #[test]
    fn counts_erased_symbols() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = () -> (), sym_name = "a", sym_visibility = "private"}> ({
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "b", sym_visibility = "private"}> ({
  }) : () -> ()
}) : () -> ()
"#;
        let (out, stats) = run_with_stats(PIPELINE, input);
        assert_eq!(out, "\"builtin.module\"() ({\n^bb0:\n}) : () -> ()");
        assert_eq!(stats, "symbol-dce.num-dce'd: 2\n");
    }

    #[test]
    fn refuses_ops_that_are_not_symbol_tables() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = () -> (), sym_name = "f"}> ({
    "func.return"() : () -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let err = run_err("builtin.module(func.func(symbol-dce))", input);
        assert!(
            err.contains("'func.func' op was scheduled to run under symbol-dce, but does not define a symbol table"),
            "{err}"
        );
    }
}
