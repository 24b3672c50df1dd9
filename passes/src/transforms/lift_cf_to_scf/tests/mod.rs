//! Tests of `lift-cf-to-scf`. Each lifted function is run by a small
//! interpreter of its own (`interp.rs`, independent of the pass) before and
//! after the pass on several inputs, and the results and the order of the
//! calls it makes must agree: for every function of the lit tests
//! (`semantic.rs`) and for random CFGs (`fuzz.rs`).

mod fuzz;
mod interp;
mod semantic;
mod upstream;

use super::{Irreducible, LiftCfToScf};
use crate::Pass;
use crate::PassState;
use cuwasm::{Context, OpId};

/// Parse and verify `text` in a context with every dialect.
pub fn parse(text: &str) -> (Context, OpId) {
    let mut ctx = crate::transforms::utils::testing::context();
    ctx.allow_unregistered_dialects = true;
    let module = cuwasm::parse_module(&mut ctx, "test.mlir", text.to_string())
        .unwrap_or_else(|d| panic!("{}\n{text}", ctx.render_diagnostic(&d)));
    ctx.verify(module)
        .unwrap_or_else(|d| panic!("input: {}\n{text}", ctx.render_diagnostic(&d)));
    (ctx, module)
}

/// What [`compare`] checked.
#[derive(Default, Debug)]
pub struct Checked {
    pub functions: usize,
    pub runs: usize,
    pub counts: super::structurize::Counts,
}

/// Run every function of `text` on `inputs` (each cut or padded to the
/// function's arity), lift with `irreducible`, check that the result
/// verifies and has no cf op, run again and compare. `Err` carries the
/// pass's diagnostic.
pub fn compare(
    text: &str,
    irreducible: Irreducible,
    inputs: &[Vec<i128>],
    max_events: usize,
) -> Result<Checked, String> {
    let (mut ctx, module) = parse(text);
    let funcs = interp::functions(&ctx, module);
    let arity = |ctx: &Context, f: OpId| {
        let entry = ctx.entry_block(ctx.region(f, 0)).unwrap();
        ctx.block_args(entry).len()
    };
    let args = |n: usize, input: &Vec<i128>| -> Vec<i128> {
        (0..n)
            .map(|i| input.get(i).copied().unwrap_or(i as i128))
            .collect()
    };
    let mut before = Vec::new();
    for (name, f) in &funcs {
        for input in inputs {
            let a = args(arity(&ctx, *f), input);
            before.push(interp::run(&ctx, module, name, &a, max_events));
        }
    }
    let pass = LiftCfToScf {
        irreducible,
        max_growth: 4,
    };
    let mut state = PassState::default();
    pass.run(&mut ctx, module, &mut state)
        .map_err(|d| ctx.render_diagnostic(&d))?;
    let printed = ctx.print_op(module, cuwasm::PrintOptions::default());
    if let Err(d) = ctx.verify(module) {
        panic!(
            "{}\ninput:\n{text}\noutput:\n{printed}",
            ctx.render_diagnostic(&d)
        );
    }
    for op in ctx.walk_preorder(module) {
        assert!(
            !ctx.op_name_text(op).starts_with("cf."),
            "a cf op is left\ninput:\n{text}\noutput:\n{printed}"
        );
    }
    let mut checked = Checked {
        functions: funcs.len(),
        ..Checked::default()
    };
    let mut i = 0;
    for (name, f) in &funcs {
        for input in inputs {
            let a = args(arity(&ctx, *f), input);
            let after = interp::run(&ctx, module, name, &a, max_events);
            assert!(
                !matches!(before[i].end, interp::End::Error(_)),
                "@{name}{a:?} fails before the pass: {:?}\n{text}",
                before[i]
            );
            assert_eq!(
                before[i], after,
                "@{name}{a:?} behaves differently\ninput:\n{text}\noutput:\n{printed}"
            );
            i += 1;
            checked.runs += 1;
        }
    }
    for (name, v) in &state.statistics {
        let c = &mut checked.counts;
        *match *name {
            "num-loops" => &mut c.loops,
            "num-ifs" => &mut c.ifs,
            "num-switches" => &mut c.switches,
            "num-multiplexers" => &mut c.multiplexers,
            "num-dispatched-cycles" => &mut c.dispatched_cycles,
            _ => &mut c.split_blocks,
        } += v;
    }
    Ok(checked)
}
