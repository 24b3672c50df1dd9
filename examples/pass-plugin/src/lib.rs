//! An example pass plugin for `cuwasm-opt --load-pass-plugin`.
//!
//! It registers an op, `demo.double` (`%y = "demo.double"(%x) : (i32) -> i32`,
//! y = x + x), and a pass, `demo-expand-double`, that rewrites it into
//! `arith.addi`. Build it with `cargo build -p cuwasm-example-plugin` and run:
//!
//! ```sh
//! cuwasm-opt --load-pass-plugin=target/debug/libcuwasm_example_plugin.so \
//!     --pass-pipeline='builtin.module(func.func(demo-expand-double))' input.mlir
//! ```
//!
//! A plugin must be built by the same rustc and the same cuwasm as the tool
//! that loads it; the loader checks both.

use cuwasm::{Context, Diagnostic, OpId, OperationState, op};
use cuwasm_passes::{Pass, PassInfo, PassRegistry, PassState, declare_pass_plugin};

op! {
    /// `y = x + x` on integers.
    DoubleOp = "demo.double",
    operands: [input: One],
    results: [result: One],
    traits: [PURE, SAME_OPERANDS_AND_RESULT_TYPE],
}

const EXPAND_DOUBLE: PassInfo = PassInfo {
    name: "demo-expand-double",
    description: "(example plugin) rewrite demo.double(x) into arith.addi(x, x)",
    anchor: None,
    options: &[],
    create: |_| Ok(Box::new(ExpandDouble)),
};

struct ExpandDouble;

impl Pass for ExpandDouble {
    fn run(&self, ctx: &mut Context, root: OpId, state: &mut PassState) -> Result<(), Diagnostic> {
        let doubles: Vec<OpId> = ctx
            .walk_preorder(root)
            .into_iter()
            .filter(|&op| ctx.is_op(op, "demo.double"))
            .collect();
        state.stat("num-expanded", doubles.len() as u64);
        for op in doubles {
            let x = ctx.operand(op, 0);
            let add = OperationState::new(ctx, "arith.addi", ctx.loc(op))
                .operands(&[x, x])
                .results(&ctx.result_types(op));
            let add = ctx.create_op(add);
            ctx.insert_op_before(op, add);
            let sum = ctx.result(add, 0);
            ctx.replace_op(op, &[sum]);
        }
        Ok(())
    }
}

fn register(r: &mut PassRegistry) {
    r.register(EXPAND_DOUBLE).expect("a fresh registry");
    r.register_dialects(|ctx| ctx.register::<DoubleOp>());
}

declare_pass_plugin!("cuwasm-example-plugin", register);
