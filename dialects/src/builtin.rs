//! `builtin`: the top-level module and the cast that conversions leave behind.

use cuwasm::{Context, DialectInfo, op};

op! {
    /// The top-level container: a single-block graph region of symbols.
    ModuleOp = "builtin.module",
    properties: [sym_name: Optional, sym_visibility: Optional],
    regions: [body: One],
    traits: [ISOLATED_FROM_ABOVE, SYMBOL_TABLE, NO_TERMINATOR, SINGLE_BLOCK, GRAPH_REGION],
}

op! {
    /// Casts between type systems during partial conversion; must be gone at the end.
    UnrealizedConversionCastOp = "builtin.unrealized_conversion_cast",
    operands: [inputs: Variadic],
    results: [outputs: Variadic],
    traits: [PURE],
}

pub fn register(ctx: &mut Context) {
    ctx.register_dialect(DialectInfo {
        name: "builtin",
        summary: "The builtin dialect: modules and unrealized casts",
        materialize_constant: None,
        allow_unknown_ops: false,
    });
    ctx.register::<ModuleOp>();
    ctx.register::<UnrealizedConversionCastOp>();
}
