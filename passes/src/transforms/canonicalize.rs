//! `canonicalize`: folders plus the canonicalization patterns every
//! registered op declares (the `canonicalize` hook of its `OpInfo`), applied
//! to a fixed point by the greedy driver (`rewrite/greedy.rs`), with MLIR's
//! options and defaults:
//!
//! - `top-down` (true): seed the worklist first op first;
//! - `region-simplify` (`normal`): between iterations erase dead ops and
//!   unused block arguments; `disabled` skips that (unreachable blocks are
//!   erased at each iteration either way, as in MLIR; MLIR's `aggressive`,
//!   which also merges identical blocks, is refused);
//! - `max-iterations` (10, -1 for no limit), `max-num-rewrites` (-1: no
//!   limit but a safety net proportional to the IR);
//! - `disable-patterns` / `enable-patterns`: comma-separated pattern names.
//!
//! Not converging is an error: "canonicalize did not converge after N
//! iterations". Statistics: `num-folds`, `num-rewrites`, `num-dead-ops`,
//! `num-merged-constants`, `num-iterations`.

use crate::rewrite::greedy::{GreedyConfig, RegionSimplify, apply_patterns_greedily};
use crate::{OptionKind, OptionSpec, Pass, PassInfo, PassOptions, PassState};
use cuwasm::{Context, Diagnostic, OpId, PatternSet};

pub const INFO: PassInfo = PassInfo {
    name: "canonicalize",
    description: "Fold ops and apply the canonicalization patterns of every op to a fixed point",
    anchor: None,
    options: OPTIONS,
    create: |o: &PassOptions| Ok(Box::new(Canonicalize::from_options(o)?)),
};

const OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        name: "top-down",
        kind: OptionKind::Bool,
        default: "true",
        description: "Seed the worklist in general top-down order",
    },
    OptionSpec {
        name: "region-simplify",
        kind: OptionKind::String,
        default: "normal",
        description: "Between iterations: 'normal' also erases dead ops and unused block \
                      arguments; 'disabled' does not (unreachable blocks go either way, as in MLIR)",
    },
    OptionSpec {
        name: "max-iterations",
        kind: OptionKind::Int,
        default: "10",
        description: "Iterations before giving up (-1: no limit)",
    },
    OptionSpec {
        name: "max-num-rewrites",
        kind: OptionKind::Int,
        default: "-1",
        description: "Pattern applications per iteration before giving up (-1: no limit)",
    },
    OptionSpec {
        name: "disable-patterns",
        kind: OptionKind::String,
        default: "",
        description: "Comma-separated names of patterns not to apply",
    },
    OptionSpec {
        name: "enable-patterns",
        kind: OptionKind::String,
        default: "",
        description: "Comma-separated names of the only patterns to apply",
    },
];

/// The canonicalize pass with its parsed options.
pub struct Canonicalize {
    pub config: GreedyConfig,
    disabled: Vec<String>,
    enabled: Option<Vec<String>>,
}

fn names(list: Option<&str>) -> Option<Vec<String>> {
    let list = list?;
    Some(
        list.split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
    )
}

impl Canonicalize {
    pub fn from_options(o: &PassOptions) -> Result<Canonicalize, String> {
        let region_simplify = match o.string("region-simplify").unwrap_or("normal") {
            "normal" => RegionSimplify::Normal,
            "disabled" => RegionSimplify::Disabled,
            "aggressive" => {
                return Err(
                    "region-simplify=aggressive (block merging) is not supported; \
                            use 'normal' or 'disabled'"
                        .into(),
                );
            }
            other => {
                return Err(format!(
                    "region-simplify expects 'normal' or 'disabled', got '{other}'"
                ));
            }
        };
        let limit = |name: &str| -> Result<Option<i64>, String> {
            match o.int(name).unwrap_or(-1) {
                -1 => Ok(None),
                n if n > 0 => Ok(Some(n)),
                n => Err(format!("{name} must be positive or -1, got {n}")),
            }
        };
        let config = GreedyConfig {
            max_iterations: limit("max-iterations")?.map(|n| n.min(u32::MAX as i64) as u32),
            max_rewrites: limit("max-num-rewrites")?.map(|n| n as u64),
            top_down: o.bool("top-down"),
            region_simplify,
            ..GreedyConfig::default()
        };
        Ok(Canonicalize {
            config,
            disabled: names(o.string("disable-patterns")).unwrap_or_default(),
            enabled: names(o.string("enable-patterns")),
        })
    }

    /// The canonicalization patterns of every op registered in `ctx`, filtered
    /// by the enable/disable options.
    pub fn patterns(&self, ctx: &Context) -> PatternSet {
        let mut set = PatternSet::new();
        set.add_canonicalization_patterns(ctx);
        set.retain(|name| {
            !self.disabled.iter().any(|d| d == name)
                && self
                    .enabled
                    .as_ref()
                    .is_none_or(|e| e.iter().any(|n| n == name))
        });
        set
    }
}

impl Pass for Canonicalize {
    fn run(&self, ctx: &mut Context, op: OpId, state: &mut PassState) -> Result<(), Diagnostic> {
        let patterns = self.patterns(ctx).freeze(ctx);
        let out = apply_patterns_greedily(ctx, op, &patterns, &self.config);
        state.stat("num-iterations", out.iterations as u64);
        state.stat("num-folds", out.folds);
        state.stat("num-rewrites", out.rewrites);
        state.stat("num-dead-ops", out.dead_ops);
        state.stat("num-merged-constants", out.merged_constants);
        out.check("canonicalize", ctx, op)
    }
}

#[cfg(test)]
mod tests {
    use crate::transforms::utils::testing::{check, run};

    const PIPE: &str = "builtin.module(func.func(canonicalize))";

    fn func(body: &str) -> String {
        format!(
            r#""builtin.module"() ({{
  "func.func"() <{{function_type = (i32, i32) -> i32, sym_name = "f"}}> ({{
  ^bb0(%arg0: i32, %arg1: i32):
{body}
  }}) : () -> ()
}}) : () -> ()"#
        )
    }

    #[test]
    fn folds_identities_and_constants_and_hoists_constants() {
        let input = func(
            r#"    %0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %1 = "arith.addi"(%arg0, %0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %2 = "arith.constant"() <{value = 6 : i32}> : () -> i32
    %3 = "arith.constant"() <{value = 7 : i32}> : () -> i32
    %4 = "arith.muli"(%2, %3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %5 = "arith.muli"(%1, %4) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %6 = "arith.constant"() <{value = 42 : i32}> : () -> i32
    %7 = "arith.addi"(%5, %6) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%7) : (i32) -> ()"#,
        );
        check(
            PIPE,
            &input,
            &func(
                r#"    %0 = "arith.constant"() <{value = 42 : i32}> : () -> i32
    %1 = "arith.muli"(%arg0, %0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %2 = "arith.addi"(%1, %0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%2) : (i32) -> ()"#,
            ),
        );
    }

    #[test]
    fn commutative_ops_get_their_constants_on_the_right() {
        let input = func(
            r#"    %0 = "arith.constant"() <{value = 5 : i32}> : () -> i32
    %1 = "arith.muli"(%0, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%1) : (i32) -> ()"#,
        );
        let out = run(PIPE, &input);
        assert!(out.contains(r#""arith.muli"(%arg0, %0)"#), "{out}");
    }

    #[test]
    fn nothing_changes_without_a_fold_or_pattern() {
        let input = func(
            r#"    %0 = "arith.muli"(%arg0, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %1 = "arith.subi"(%0, %arg1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%1) : (i32) -> ()"#,
        );
        check(PIPE, &input, &input);
    }

    #[test]
    fn bad_options_are_refused() {
        let registry = crate::PassRegistry::with_builtin_passes();
        for (pipeline, message) in [
            (
                "builtin.module(canonicalize{region-simplify=aggressive})",
                "not supported",
            ),
            (
                "builtin.module(canonicalize{max-iterations=0})",
                "max-iterations must be positive or -1",
            ),
        ] {
            let e = crate::PassManager::parse(&registry, pipeline, Default::default())
                .err()
                .unwrap();
            assert!(e.contains(message), "{e}");
        }
    }
}
