//! `test-nonconverging-patterns`, for tests only: the greedy driver with one
//! pattern that swaps the operands of every `arith.addi` whose operands are
//! both non-constant, so it never reaches a fixed point. It takes
//! canonicalize's options; the run must stop and fail with "did not
//! converge" (after `max-iterations` when `max-num-rewrites` is given, else
//! at the driver's safety limit in the first iteration).

use super::canonicalize::Canonicalize;
use crate::rewrite::greedy::apply_patterns_greedily;
use crate::{Pass, PassInfo, PassOptions, PassState};
use cuwasm::{Context, Diagnostic, OpId, PatternRewriter, PatternSet, Traits};

pub const NONCONVERGING: PassInfo = PassInfo {
    name: "test-nonconverging-patterns",
    description: "For tests: a pattern that swaps addi operands forever; must report non-convergence",
    anchor: None,
    options: super::canonicalize::INFO.options,
    create: |o: &PassOptions| Ok(Box::new(NonConverging(Canonicalize::from_options(o)?))),
};

struct NonConverging(Canonicalize);

fn is_constant(rw: &PatternRewriter<'_>, v: cuwasm::ValueId) -> bool {
    rw.defining_op(v)
        .is_some_and(|d| rw.op_has_trait(d, Traits::CONSTANT_LIKE))
}

/// `addi(a, b)` -> `addi(b, a)`, in place, forever.
fn swap_operands(op: OpId, rw: &mut PatternRewriter<'_>) -> bool {
    let (a, b) = (rw.operand(op, 0), rw.operand(op, 1));
    if is_constant(rw, a) || is_constant(rw, b) {
        return false;
    }
    rw.set_operands(op, &[b, a]);
    true
}

impl Pass for NonConverging {
    fn run(&self, ctx: &mut Context, op: OpId, state: &mut PassState) -> Result<(), Diagnostic> {
        let mut set = PatternSet::new();
        set.add_fn("swap-addi-operands", "arith.addi", 1, swap_operands);
        let out = apply_patterns_greedily(ctx, op, &set.freeze(ctx), &self.0.config);
        state.stat("num-rewrites", out.rewrites);
        state.stat("num-iterations", out.iterations as u64);
        out.check("test-nonconverging-patterns", ctx, op)
    }
}

#[cfg(test)]
mod tests {
    use crate::transforms::utils::testing::context;
    use crate::{PassManager, PassRegistry, PipelineOptions};

    fn fails_with(pipeline: &str, message: &str) {
        let mut ctx = context();
        let input = r#""func.func"() <{function_type = (i32, i32) -> i32, sym_name = "f"}> ({
^bb0(%a: i32, %b: i32):
  %0 = "arith.addi"(%a, %b) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "func.return"(%0) : (i32) -> ()
}) : () -> ()
"#;
        let module = cuwasm::parse_module(&mut ctx, "t.mlir", input).unwrap();
        let registry = PassRegistry::with_builtin_passes();
        let options = PipelineOptions {
            threading: false,
            ..PipelineOptions::default()
        };
        let pm = PassManager::parse(&registry, pipeline, options).unwrap();
        let failure = pm.run(&mut ctx, module).unwrap_err();
        let text = ctx.render_diagnostic(&failure.diagnostic);
        assert!(text.contains(message), "{text}");
    }

    #[test]
    fn stops_at_the_safety_limit() {
        fails_with(
            "builtin.module(func.func(test-nonconverging-patterns))",
            "'func.func' op test-nonconverging-patterns did not converge: iteration 1 reached \
             the limit of 4224 rewrites",
        );
    }

    #[test]
    fn stops_after_max_iterations_with_a_rewrite_limit() {
        fails_with(
            "builtin.module(func.func(test-nonconverging-patterns{max-num-rewrites=5 max-iterations=3}))",
            "'func.func' op test-nonconverging-patterns did not converge after 3 iterations",
        );
    }
}
