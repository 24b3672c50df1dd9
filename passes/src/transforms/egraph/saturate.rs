//! The rewrite loop: egg's equality saturation with its backoff scheduling,
//! checking the limits once per iteration.
//!
//! egg's `Runner` checks its time limit after searching and after applying
//! *each* rule: two clock reads per rule per iteration, which on virtual
//! machines (where reading the clock can be a system call) cost more than
//! searching most rules. Here the node limit is checked after each rule's
//! application (it only reads a counter) and the clock once per iteration,
//! so a run overshoots its time limit by at most one iteration; a rule with
//! an operator on its left side that is nowhere in the e-graph is not
//! searched (most blocks are small, and searching every rule was most of
//! their cost).
//! Scheduling
//! is egg's `BackoffScheduler`: a rule that matches more than its limit
//! (1,000, doubled at each ban) is not applied and is banned for 5 (then 10,
//! 20, ...) iterations, which keeps associativity and commutativity from
//! flooding the e-graph; when nothing else applies, the bans are lifted
//! early rather than calling the e-graph saturated.

use super::lang::Node;
use super::rules::{EGraph, Rule};
use egg::ENodeOrVar;
use std::time::{Duration, Instant};

/// Why a run stopped.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Stop {
    Saturated,
    IterationLimit,
    NodeLimit,
    TimeLimit,
}

/// The limits of one run.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub nodes: usize,
    pub iterations: usize,
    pub time: Duration,
}

/// What one run did.
pub struct Run {
    pub stop: Stop,
    /// Iterations that searched the rules.
    pub iterations: usize,
    /// Per rule (in `rules` order): how many times it was applied.
    pub applied: Vec<usize>,
}

const MATCH_LIMIT: usize = 1_000;
const BAN_LENGTH: usize = 5;

/// A rule's backoff state.
#[derive(Clone, Copy, Default)]
struct Backoff {
    times_banned: u32,
    banned_until: usize,
}

/// The operators of each rule's left side, as [`Node::bit`]s: it can only
/// match an e-graph that has every one of them.
fn operators(rules: &[Rule]) -> Vec<u128> {
    rules
        .iter()
        .map(|r| {
            let ast = r.searcher.get_pattern_ast();
            let nodes = ast.map_or(&[][..], |a| a.as_ref());
            nodes.iter().fold(0, |bits, n| match n {
                ENodeOrVar::ENode(n) => bits | n.bit(),
                ENodeOrVar::Var(_) => bits,
            })
        })
        .collect()
}

/// Rewrite `eg` with `rules` until saturation or a limit.
pub fn run(eg: &mut EGraph, rules: &[Rule], limits: Limits) -> Run {
    let start = Instant::now();
    let mut backoff = vec![Backoff::default(); rules.len()];
    let mut applied = vec![0; rules.len()];
    let operators = operators(rules);
    eg.rebuild();
    let mut iteration = 0;
    let stop = loop {
        if iteration >= limits.iterations {
            break Stop::IterationLimit;
        }
        if eg.total_size() > limits.nodes {
            break Stop::NodeLimit;
        }
        if start.elapsed() > limits.time {
            break Stop::TimeLimit;
        }
        // Only rules whose operators are all in the e-graph can match: most
        // blocks are small, and searching every rule is most of their cost.
        let present = eg
            .classes()
            .flat_map(|c| &c.nodes)
            .fold(0u128, |bits, n| bits | n.bit());
        let matches: Vec<_> = rules
            .iter()
            .zip(backoff.iter_mut())
            .zip(&operators)
            .map(|((rule, b), &ops)| match ops & !present {
                0 => search(eg, rule, b, iteration),
                _ => Vec::new(),
            })
            .collect();
        iteration += 1;
        let size = (eg.total_size(), eg.number_of_classes());
        let mut changed = false;
        let mut over = false;
        for (i, (rule, ms)) in rules.iter().zip(&matches).enumerate() {
            if ms.is_empty() {
                continue;
            }
            let n = rule.apply(eg, ms).len();
            applied[i] += n;
            changed |= n > 0;
            if eg.total_size() > limits.nodes {
                over = true;
                break;
            }
        }
        // Conditional and computed rules may add nodes without a union. An
        // iteration that changed nothing leaves the e-graph clean: no rebuild
        // (which walks every class).
        changed |= (eg.total_size(), eg.number_of_classes()) != size;
        if changed {
            eg.rebuild();
        }
        if over {
            break Stop::NodeLimit;
        }
        if !changed && !lift_bans(&mut backoff, iteration) {
            break Stop::Saturated;
        }
    };
    Run {
        stop,
        iterations: iteration,
        applied,
    }
}

/// Search `rule` unless it is banned; a rule that matches too often is
/// banned instead of applied.
fn search<'a>(
    eg: &EGraph,
    rule: &'a Rule,
    b: &mut Backoff,
    iteration: usize,
) -> Vec<egg::SearchMatches<'a, Node>> {
    if iteration < b.banned_until {
        return Vec::new();
    }
    let threshold = MATCH_LIMIT << b.times_banned;
    let matches = rule.search_with_limit(eg, threshold + 1);
    let total: usize = matches.iter().map(|m| m.substs.len()).sum();
    if total > threshold {
        b.banned_until = iteration + (BAN_LENGTH << b.times_banned);
        b.times_banned += 1;
        return Vec::new();
    }
    matches
}

/// Bring the earliest bans forward to `iteration`; false when none was banned.
fn lift_bans(backoff: &mut [Backoff], iteration: usize) -> bool {
    let Some(first) = backoff
        .iter()
        .map(|b| b.banned_until)
        .filter(|&u| u > iteration)
        .min()
    else {
        return false;
    };
    let delta = first - iteration;
    for b in backoff.iter_mut().filter(|b| b.banned_until > iteration) {
        b.banned_until -= delta;
    }
    true
}
