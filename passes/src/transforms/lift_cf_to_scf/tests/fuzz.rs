//! Random CFGs for the pass: structured programs (ifs, while and do-while
//! loops, switches with fallthrough, breaks and continues out of any
//! number of loops, returns, dead code after them) lowered to blocks, the
//! same with random extra gotos that keep the CFG reducible, and random
//! graphs (reducible or not). Values flow through block arguments and
//! through uses in dominated blocks; every block calls `@obs`, whose results
//! steer the branches. Each function runs before and after the pass (see
//! `compare`).

use super::{Irreducible, compare};
use petgraph::algo::dominators::simple_fast;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::BTreeSet;
use std::fmt::Write;

pub struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// How a block ends: return, branch, conditional branch, switch (default first).
#[derive(Clone, Debug)]
enum Term {
    Ret,
    Br(usize),
    Cond(usize, usize),
    Switch(Vec<usize>),
}

impl Term {
    fn targets(&self) -> Vec<usize> {
        match self {
            Term::Ret => Vec::new(),
            Term::Br(t) => vec![*t],
            Term::Cond(t, f) => vec![*t, *f],
            Term::Switch(ts) => ts.clone(),
        }
    }
}

/// A random graph: mostly forward edges, some backward, a few returns.
fn random_graph(rng: &mut Rng) -> Vec<Term> {
    let n = 2 + rng.below(9);
    let pick = |rng: &mut Rng, i: usize| {
        if i + 1 < n && rng.chance(65) {
            i + 1 + rng.below(n - i - 1)
        } else {
            1 + rng.below(n - 1)
        }
    };
    (0..n)
        .map(|i| match rng.below(10) {
            _ if i == n - 1 && rng.chance(50) => Term::Ret,
            0 => Term::Ret,
            1..=3 => Term::Br(pick(rng, i)),
            4..=8 => Term::Cond(pick(rng, i), pick(rng, i)),
            _ => Term::Switch(vec![pick(rng, i), pick(rng, i), pick(rng, i)]),
        })
        .collect()
}

enum Stmt {
    Work,
    If(Vec<Stmt>, Vec<Stmt>),
    While(Vec<Stmt>),
    DoWhile(Vec<Stmt>),
    /// Out of the loop this many levels up (0: the innermost).
    Break(usize),
    Continue(usize),
    Return,
    /// Cases (the last one is the default), and whether each falls through.
    Switch(Vec<Vec<Stmt>>, Vec<bool>),
}

fn statements(rng: &mut Rng, depth: usize, loops: usize) -> Vec<Stmt> {
    let n = 1 + rng.below(3);
    (0..n)
        .map(|_| {
            let nested = depth < 3;
            match rng.below(12) {
                0..=2 if nested => Stmt::If(
                    statements(rng, depth + 1, loops),
                    if rng.chance(50) {
                        statements(rng, depth + 1, loops)
                    } else {
                        Vec::new()
                    },
                ),
                3 if nested => Stmt::While(statements(rng, depth + 1, loops + 1)),
                4 if nested => Stmt::DoWhile(statements(rng, depth + 1, loops + 1)),
                5 if nested => {
                    let k = 2 + rng.below(2);
                    let cases = (0..k).map(|_| statements(rng, depth + 1, loops)).collect();
                    let falls = (0..k).map(|_| rng.chance(40)).collect();
                    Stmt::Switch(cases, falls)
                }
                6 if loops > 0 => Stmt::Break(rng.below(loops)),
                7 if loops > 0 => Stmt::Continue(rng.below(loops)),
                8 if rng.chance(30) => Stmt::Return,
                _ => Stmt::Work,
            }
        })
        .collect()
}

/// Lowers statements to blocks, as a frontend would.
struct Lower {
    terms: Vec<Option<Term>>,
    /// Per enclosing loop: where `continue` and `break` go.
    loops: Vec<(usize, usize)>,
}

impl Lower {
    fn block(&mut self) -> usize {
        self.terms.push(None);
        self.terms.len() - 1
    }

    fn end(&mut self, b: usize, t: Term) {
        self.terms[b] = Some(t);
    }

    /// Lower `stmts` from block `cur`; the block where control goes on, if any.
    fn stmts(&mut self, stmts: &[Stmt], mut cur: usize) -> Option<usize> {
        let mut live = true;
        for s in stmts {
            if !live {
                cur = self.block();
                live = true;
            }
            match s {
                Stmt::Work => {
                    let b = self.block();
                    self.end(cur, Term::Br(b));
                    cur = b;
                }
                Stmt::If(t, e) => {
                    let (tb, join) = (self.block(), self.block());
                    let eb = if e.is_empty() { join } else { self.block() };
                    self.end(cur, Term::Cond(tb, eb));
                    if let Some(x) = self.stmts(t, tb) {
                        self.end(x, Term::Br(join));
                    }
                    if !e.is_empty()
                        && let Some(x) = self.stmts(e, eb)
                    {
                        self.end(x, Term::Br(join));
                    }
                    cur = join;
                }
                Stmt::While(body) => {
                    let (h, b, exit) = (self.block(), self.block(), self.block());
                    self.end(cur, Term::Br(h));
                    self.end(h, Term::Cond(b, exit));
                    self.loops.push((h, exit));
                    if let Some(x) = self.stmts(body, b) {
                        self.end(x, Term::Br(h));
                    }
                    self.loops.pop();
                    cur = exit;
                }
                Stmt::DoWhile(body) => {
                    let (b, latch, exit) = (self.block(), self.block(), self.block());
                    self.end(cur, Term::Br(b));
                    self.loops.push((latch, exit));
                    if let Some(x) = self.stmts(body, b) {
                        self.end(x, Term::Br(latch));
                    }
                    self.loops.pop();
                    self.end(latch, Term::Cond(b, exit));
                    cur = exit;
                }
                Stmt::Break(d) | Stmt::Continue(d) => {
                    let (cont, exit) = self.loops[self.loops.len() - 1 - d];
                    let to = if matches!(s, Stmt::Break(_)) {
                        exit
                    } else {
                        cont
                    };
                    self.end(cur, Term::Br(to));
                    live = false;
                }
                Stmt::Return => {
                    self.end(cur, Term::Ret);
                    live = false;
                }
                Stmt::Switch(cases, falls) => {
                    let entries: Vec<usize> = cases.iter().map(|_| self.block()).collect();
                    let join = self.block();
                    let mut targets = vec![entries[entries.len() - 1]];
                    targets.extend(&entries[..entries.len() - 1]);
                    self.end(cur, Term::Switch(targets));
                    for (i, case) in cases.iter().enumerate() {
                        if let Some(x) = self.stmts(case, entries[i]) {
                            let next = if falls[i] && i + 1 < cases.len() {
                                entries[i + 1]
                            } else {
                                join
                            };
                            self.end(x, Term::Br(next));
                        }
                    }
                    cur = join;
                }
            }
        }
        live.then_some(cur)
    }
}

fn structured(rng: &mut Rng) -> Vec<Term> {
    let program = statements(rng, 0, 0);
    let mut lower = Lower {
        terms: vec![None],
        loops: Vec::new(),
    };
    if let Some(x) = lower.stmts(&program, 0) {
        lower.end(x, Term::Ret);
    }
    lower
        .terms
        .into_iter()
        .map(|t| t.unwrap_or(Term::Ret))
        .collect()
}

/// Reducible by T1/T2 reduction (of the part reachable from the entry)?
fn reducible(terms: &[Term]) -> bool {
    let n = terms.len();
    let mut succs: Vec<BTreeSet<usize>> = terms
        .iter()
        .map(|t| t.targets().into_iter().collect())
        .collect();
    let mut seen = vec![false; n];
    let mut stack = vec![0];
    seen[0] = true;
    while let Some(b) = stack.pop() {
        for &s in &succs[b] {
            if !seen[s] {
                seen[s] = true;
                stack.push(s);
            }
        }
    }
    let mut alive: BTreeSet<usize> = (0..n).filter(|b| seen[*b]).collect();
    loop {
        for b in &alive {
            succs[*b].remove(b);
        }
        let merge = alive.iter().copied().find_map(|v| {
            if v == 0 {
                return None;
            }
            let preds: Vec<usize> = alive
                .iter()
                .copied()
                .filter(|u| succs[*u].contains(&v))
                .collect();
            (preds.len() == 1).then(|| (preds[0], v))
        });
        let Some((u, v)) = merge else { break };
        let vs = std::mem::take(&mut succs[v]);
        succs[u].remove(&v);
        succs[u].extend(vs);
        alive.remove(&v);
    }
    alive.len() == 1
}

/// Add up to `count` gotos (a `cf.br` becomes a `cf.cond_br` with a second
/// target); with `keep_reducible`, only those that keep the CFG reducible.
fn add_gotos(rng: &mut Rng, terms: &mut [Term], count: usize, keep_reducible: bool) {
    let n = terms.len();
    for _ in 0..count {
        let b = rng.below(n);
        let Term::Br(t) = terms[b] else { continue };
        let g = 1 + rng.below(n - 1);
        terms[b] = Term::Cond(t, g);
        if keep_reducible && !reducible(terms) {
            terms[b] = Term::Br(t);
        }
    }
}

/// The function `@f(%a0: i32, %a1: i32) -> i32` with this CFG.
fn to_mlir(rng: &mut Rng, terms: &[Term]) -> String {
    let n = terms.len();
    let mut graph = DiGraph::<(), ()>::new();
    for _ in 0..n {
        graph.add_node(());
    }
    for (i, t) in terms.iter().enumerate() {
        for s in t.targets() {
            graph.add_edge(NodeIndex::new(i), NodeIndex::new(s), ());
        }
    }
    let dom = simple_fast(&graph, NodeIndex::new(0));
    let nargs: Vec<usize> = (0..n)
        .map(|i| if i == 0 { 0 } else { rng.below(3) })
        .collect();
    // The values each block defines, in order.
    let mut defs: Vec<Vec<String>> = vec![Vec::new(); n];
    let mut body = vec![String::new(); n];
    for i in 0..n {
        if i == 0 {
            defs[0].extend(["%a0".to_string(), "%a1".to_string()]);
        }
        for k in 0..nargs[i] {
            defs[i].push(format!("%b{i}a{k}"));
        }
    }
    let avail_from_doms = |i: usize, defs: &Vec<Vec<String>>| -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = dom.immediate_dominator(NodeIndex::new(i));
        while let Some(d) = cur {
            out.extend(defs[d.index()].iter().cloned());
            cur = dom.immediate_dominator(d);
        }
        if i != 0 && dom.immediate_dominator(NodeIndex::new(i)).is_none() {
            out.extend(["%a0".to_string(), "%a1".to_string()]);
        }
        out
    };
    // Dominators come first in a walk from the entry over the dominator tree
    // (unreachable blocks last), so their values are known.
    let mut order: Vec<usize> = Vec::new();
    let mut stack = vec![0usize];
    let mut seen = vec![false; n];
    while let Some(b) = stack.pop() {
        if seen[b] {
            continue;
        }
        seen[b] = true;
        order.push(b);
        for c in 0..n {
            if dom.immediate_dominator(NodeIndex::new(c)) == Some(NodeIndex::new(b)) && c != b {
                stack.push(c);
            }
        }
    }
    order.extend((0..n).filter(|b| !seen[*b]));
    for &i in &order {
        let mut avail = avail_from_doms(i, &defs);
        avail.extend(defs[i].iter().cloned());
        let pick = |rng: &mut Rng, avail: &[String]| avail[rng.below(avail.len())].clone();
        let s = &mut body[i];
        let x = pick(rng, &avail);
        // Most blocks make a call; some only branch, on an earlier value.
        let e = if i == 0 || rng.chance(80) {
            writeln!(
                s,
                "  %b{i}e = \"func.call\"({x}) <{{callee = @obs}}> : (i32) -> i32"
            )
            .unwrap();
            avail.push(format!("%b{i}e"));
            defs[i].push(format!("%b{i}e"));
            format!("%b{i}e")
        } else {
            x
        };
        if rng.chance(40) {
            let (x, y) = (pick(rng, &avail), pick(rng, &avail));
            writeln!(s, "  %b{i}v = \"arith.addi\"({x}, {y}) <{{overflowFlags = #arith.overflow<none>}}> : (i32, i32) -> i32").unwrap();
            avail.push(format!("%b{i}v"));
            defs[i].push(format!("%b{i}v"));
        }
        let args_for = |rng: &mut Rng, t: usize| -> Vec<String> {
            (0..nargs[t]).map(|_| pick(rng, &avail)).collect()
        };
        let types = |k: usize| vec!["i32"; k].join(", ");
        match &terms[i] {
            Term::Ret => {
                let v = pick(rng, &avail);
                writeln!(s, "  \"func.return\"({v}) : (i32) -> ()").unwrap();
            }
            Term::Br(t) => {
                let a = args_for(rng, *t);
                writeln!(
                    s,
                    "  \"cf.br\"({})[^bb{t}] : ({}) -> ()",
                    a.join(", "),
                    types(a.len())
                )
                .unwrap();
            }
            Term::Cond(t, f) => {
                let k = rng.below(16);
                writeln!(
                    s,
                    "  %b{i}k = \"arith.constant\"() <{{value = {k} : i32}}> : () -> i32"
                )
                .unwrap();
                writeln!(s, "  %b{i}c = \"arith.cmpi\"({e}, %b{i}k) <{{predicate = 2 : i64}}> : (i32, i32) -> i1").unwrap();
                let (a, b) = (args_for(rng, *t), args_for(rng, *f));
                let mut ops = vec![format!("%b{i}c")];
                ops.extend(a.iter().cloned());
                ops.extend(b.iter().cloned());
                let mut tys = vec!["i1"];
                tys.extend(vec!["i32"; a.len() + b.len()]);
                writeln!(
                    s,
                    "  \"cf.cond_br\"({})[^bb{t}, ^bb{f}] <{{operandSegmentSizes = array<i32: 1, {}, {}>}}> : ({}) -> ()",
                    ops.join(", "),
                    a.len(),
                    b.len(),
                    tys.join(", ")
                )
                .unwrap();
            }
            Term::Switch(ts) => {
                let args: Vec<Vec<String>> = ts.iter().map(|t| args_for(rng, *t)).collect();
                let mut cases: Vec<usize> = Vec::new();
                while cases.len() < ts.len() - 1 {
                    let c = rng.below(16);
                    if !cases.contains(&c) {
                        cases.push(c);
                    }
                }
                let mut ops = vec![e.clone()];
                ops.extend(args.iter().flatten().cloned());
                let total: usize = args[1..].iter().map(|a| a.len()).sum();
                let segments: Vec<String> = args[1..].iter().map(|a| a.len().to_string()).collect();
                let values: Vec<String> = cases.iter().map(|c| c.to_string()).collect();
                let targets: Vec<String> = ts.iter().map(|t| format!("^bb{t}")).collect();
                writeln!(
                    s,
                    "  \"cf.switch\"({})[{}] <{{case_operand_segments = array<i32: {}>, case_values = dense<[{}]> : vector<{}xi32>, operandSegmentSizes = array<i32: 1, {}, {total}>}}> : ({}) -> ()",
                    ops.join(", "),
                    targets.join(", "),
                    segments.join(", "),
                    values.join(", "),
                    cases.len(),
                    args[0].len(),
                    types(ops.len())
                )
                .unwrap();
            }
        }
    }
    let mut text = String::from(
        "\"func.func\"() <{function_type = (i32) -> i32, sym_name = \"obs\", sym_visibility = \"private\"}> ({\n}) : () -> ()\n",
    );
    text += "\"func.func\"() <{function_type = (i32, i32) -> i32, sym_name = \"f\"}> ({\n";
    for i in 0..n {
        if i == 0 {
            text += "^bb0(%a0: i32, %a1: i32):\n";
        } else {
            let args: Vec<String> = (0..nargs[i]).map(|k| format!("%b{i}a{k}: i32")).collect();
            writeln!(text, "^bb{i}({}):", args.join(", ")).unwrap();
        }
        text += &body[i];
    }
    text += "}) : () -> ()\n";
    text
}

/// Random function number `round`: its text, and whether its CFG is reducible.
/// Rounds cycle through structured programs, the same with gotos that keep
/// the CFG reducible, with gotos that (mostly) do not, and random graphs.
pub fn random_function(rng: &mut Rng, round: u64) -> (String, bool) {
    let mut terms = match round % 4 {
        0 => structured(rng),
        1 => {
            let mut t = structured(rng);
            let k = 1 + rng.below(4);
            add_gotos(rng, &mut t, k, true);
            t
        }
        2 => {
            // Gotos until the CFG is irreducible (most of the time).
            let mut t = structured(rng);
            for _ in 0..12 {
                if !reducible(&t) {
                    break;
                }
                add_gotos(rng, &mut t, 1, false);
            }
            t
        }
        _ => random_graph(rng),
    };
    if terms.len() > 40 {
        terms.truncate(1);
        terms[0] = Term::Ret;
    }
    (to_mlir(rng, &terms), reducible(&terms))
}

#[test]
fn random_cfgs_run_the_same_before_and_after() {
    // LIFT_FUZZ_CASES and LIFT_FUZZ_SEED run more or other cases.
    let env = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let mut rng = Rng(env("LIFT_FUZZ_SEED", 0x9e37_79b9_7f4a_7c15) | 1);
    let inputs = vec![vec![0, 1], vec![5, -2], vec![3, 3]];
    let (mut cases, mut irreducible, mut runs) = (0, 0, 0);
    let mut totals = super::super::structurize::Counts::default();
    for round in 0..env("LIFT_FUZZ_CASES", 300) {
        let (text, is_reducible) = random_function(&mut rng, round);
        if round % 4 == 1 {
            assert!(is_reducible, "gotos broke reducibility");
        }
        let modes: &[Irreducible] = if is_reducible {
            &[Irreducible::Split]
        } else {
            irreducible += 1;
            &[Irreducible::Split, Irreducible::Dispatch]
        };
        for &mode in modes {
            let c = compare(&text, mode, &inputs, 30).unwrap_or_else(|e| panic!("{e}\n{text}"));
            runs += c.runs;
            let t = &mut totals;
            t.loops += c.counts.loops;
            t.ifs += c.counts.ifs;
            t.switches += c.counts.switches;
            t.multiplexers += c.counts.multiplexers;
            t.dispatched_cycles += c.counts.dispatched_cycles;
            t.split_blocks += c.counts.split_blocks;
        }
        if !is_reducible {
            assert!(
                compare(&text, Irreducible::Error, &inputs, 30)
                    .is_err_and(|e| e.contains("irreducible control flow")),
                "irreducible=error accepted an irreducible CFG\n{text}"
            );
        }
        cases += 1;
    }
    eprintln!("fuzz: {cases} CFGs ({irreducible} irreducible), {runs} runs compared, {totals:?}");
    assert!(irreducible >= 20, "too few irreducible CFGs: {irreducible}");
    assert!(totals.split_blocks > 0 && totals.dispatched_cycles > 0);
}
