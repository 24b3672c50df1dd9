//! Passes for testing the pass manager itself (as MLIR's `test-*` passes):
//! one that fails, one that breaks the IR, one that marks the ops it ran on.

use crate::pass::{OptionKind, OptionSpec, Pass, PassInfo, PassOptions, PassState};
use cuwasm::{Context, Diagnostic, OpId, Traits};

/// `test-fail`: fails on the op it runs on, with an error at that op.
pub const FAIL: PassInfo = PassInfo {
    name: "test-fail",
    description: "(for tests) fail with an error at the op it runs on",
    anchor: None,
    options: &[OptionSpec {
        name: "message",
        kind: OptionKind::String,
        default: "test-fail was asked to fail",
        description: "the error message",
    }],
    create: |o| {
        Ok(Box::new(Fail(
            o.string("message").unwrap_or_default().to_string(),
        )))
    },
};

struct Fail(String);

impl Pass for Fail {
    fn run(&self, ctx: &mut Context, op: OpId, _: &mut PassState) -> Result<(), Diagnostic> {
        Err(ctx.op_error(op, &self.0))
    }
}

/// `test-break-ir`: erases the terminator of every block directly in the op's
/// regions, so that verification after the pass fails.
pub const BREAK_IR: PassInfo = PassInfo {
    name: "test-break-ir",
    description: "(for tests) erase block terminators so that the IR no longer verifies",
    anchor: None,
    options: &[],
    create: |_| Ok(Box::new(BreakIr)),
};

struct BreakIr;

impl Pass for BreakIr {
    fn run(&self, ctx: &mut Context, op: OpId, _: &mut PassState) -> Result<(), Diagnostic> {
        let blocks: Vec<_> = ctx
            .regions(op)
            .iter()
            .flat_map(|&r| ctx.region_blocks(r).to_vec())
            .collect();
        for b in blocks {
            if let Some(t) = ctx
                .last_op(b)
                .filter(|&t| ctx.op_has_trait(t, Traits::TERMINATOR))
            {
                ctx.erase_op(t);
            }
        }
        Ok(())
    }
}

/// `test-mark`: sets a discardable attribute on the op it runs on, counts its
/// runs in the statistic `num-marked`, and warns when asked to.
pub const MARK: PassInfo = PassInfo {
    name: "test-mark",
    description: "(for tests) set the attribute `test.mark = <tag>` on the op it runs on",
    anchor: None,
    options: &[
        OptionSpec {
            name: "tag",
            kind: OptionKind::Int,
            default: "1",
            description: "the value of the attribute",
        },
        OptionSpec {
            name: "warn",
            kind: OptionKind::Bool,
            default: "false",
            description: "also emit a warning at the op",
        },
    ],
    create: |o: &PassOptions| {
        Ok(Box::new(Mark {
            tag: o.int("tag").unwrap_or(1),
            warn: o.bool("warn"),
        }))
    },
};

struct Mark {
    tag: i64,
    warn: bool,
}

impl Pass for Mark {
    fn run(&self, ctx: &mut Context, op: OpId, state: &mut PassState) -> Result<(), Diagnostic> {
        let value = ctx.int_attr(ctx.i64(), self.tag as i128);
        ctx.set_attr(op, "test.mark", Some(value));
        state.stat("num-marked", 1);
        if self.warn {
            let msg = format!("test-mark ran on '{}'", ctx.op_name_text(op));
            state.warnings.push(Diagnostic::warning(ctx.loc(op), msg));
        }
        Ok(())
    }
}
