//! What the pass manager records around each pass, as mlir-opt's flags ask:
//! IR dumps (`--print-ir-before/after[-all|-change]`), timing (`--timing`),
//! statistics (`--pass-statistics`) and a reproducer file when a pass fails.
//!
//! Everything a run prints is collected in a [`RunLog`] (per thread, merged in
//! op order), so parallel runs print exactly what serial runs print.

use crate::manager::PassEntry;
use crate::pass::PassState;
use cuwasm::{Context, Diagnostic, OpId, PrintOptions};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

/// The instrumentation asked for; all off by default.
#[derive(Clone, Debug, Default)]
pub struct Instrumentation {
    /// Pass names to print the IR before (`--print-ir-before=NAME`).
    pub print_before: Vec<String>,
    /// Pass names to print the IR after (`--print-ir-after=NAME`).
    pub print_after: Vec<String>,
    pub print_before_all: bool,
    pub print_after_all: bool,
    /// Print after a pass only when it changed the IR.
    pub print_after_change: bool,
    /// How dumped IR is printed (with or without locations).
    pub print: PrintOptions,
    /// Where to write a reproducer when a pass fails (`None`: no reproducer).
    pub reproducer: Option<PathBuf>,
}

/// What was recorded during one run of a pipeline.
#[derive(Debug, Default)]
pub struct RunLog {
    /// IR dumps, in the order a serial run makes them.
    pub dumps: String,
    pub warnings: Vec<Diagnostic>,
    /// Times each nested manager ran (by manager index).
    pub(crate) anchor_matches: Vec<usize>,
    /// Per pass position in the pipeline: (nesting path, name, time, statistics).
    pub passes: Vec<PassRecord>,
    pub total_time: Duration,
    /// Item indices leading to the failing pass, innermost first.
    pub(crate) fail_chain: Vec<usize>,
}

/// Time and statistics of one pass of the pipeline, summed over its runs.
#[derive(Debug, Clone)]
pub struct PassRecord {
    /// Anchors from the root down to the pass (`builtin.module`, `func.func`).
    pub path: Vec<String>,
    /// Item index within its manager, telling apart two runs of one pass.
    pub index: usize,
    pub name: &'static str,
    pub time: Duration,
    pub runs: u64,
    pub statistics: BTreeMap<&'static str, u64>,
}

impl RunLog {
    pub(crate) fn new(num_managers: usize) -> RunLog {
        RunLog {
            anchor_matches: vec![0; num_managers],
            ..RunLog::default()
        }
    }

    pub(crate) fn record_pass(
        &mut self,
        path: &[String],
        index: usize,
        name: &'static str,
        time: Duration,
        state: PassState,
    ) {
        self.warnings.extend(state.warnings);
        let record = PassRecord {
            path: path.to_vec(),
            index,
            name,
            time,
            runs: 1,
            statistics: state.statistics,
        };
        self.add_record(record);
    }

    fn add_record(&mut self, r: PassRecord) {
        match self
            .passes
            .iter_mut()
            .find(|p| p.index == r.index && p.path == r.path)
        {
            Some(p) => {
                p.time += r.time;
                p.runs += r.runs;
                for (k, v) in r.statistics {
                    *p.statistics.entry(k).or_default() += v;
                }
            }
            None => self.passes.push(r),
        }
    }

    /// Append what a run on another thread recorded.
    pub(crate) fn merge(&mut self, other: RunLog) {
        self.dumps += &other.dumps;
        self.warnings.extend(other.warnings);
        for (a, b) in self.anchor_matches.iter_mut().zip(other.anchor_matches) {
            *a += b;
        }
        for r in other.passes {
            self.add_record(r);
        }
        if self.fail_chain.is_empty() {
            self.fail_chain = other.fail_chain;
        }
    }

    /// The `--timing` table: wall time of the whole run, and the time of each
    /// pass summed over its runs (on all threads), nested as the pipeline is.
    pub fn timing_report(&self) -> String {
        let total = self.total_time.as_secs_f64();
        let mut out = String::from(
            "===-------------------------------------------------------------------------===\n\
             \x20                        ... Execution time report ...\n\
             ===-------------------------------------------------------------------------===\n",
        );
        out += &format!("  Total Execution Time: {total:.4} seconds\n\n");
        out += "  ----Time (sum over threads)----  ----Runs----  ----Name----\n";
        for p in &self.passes {
            let t = p.time.as_secs_f64();
            let pct = if total > 0.0 { 100.0 * t / total } else { 0.0 };
            out += &format!(
                "    {t:>10.4} ({pct:>5.1}%)          {:>8}      {}{} ('{}')\n",
                p.runs,
                "  ".repeat(p.path.len() - 1),
                p.name,
                p.path.last().map_or("", |s| s.as_str()),
            );
        }
        out += &format!("    {total:>10.4} (100.0%)                        Total\n");
        out
    }

    /// The `--pass-statistics` report: each pass with its counters.
    pub fn statistics_report(&self) -> String {
        let mut out = String::from(
            "===-------------------------------------------------------------------------===\n\
             \x20                        ... Pass statistics report ...\n\
             ===-------------------------------------------------------------------------===\n",
        );
        for p in &self.passes {
            out += &format!(
                "{}{} ('{}')\n",
                "  ".repeat(p.path.len() - 1),
                p.name,
                p.path.join("' > '")
            );
            for (k, v) in &p.statistics {
                out += &format!("{}  ({k}) {v}\n", "  ".repeat(p.path.len() - 1));
            }
        }
        out
    }
}

/// What `after_pass` compares against for `--print-ir-after-change`.
pub(crate) struct BeforePass(Option<String>);

impl Instrumentation {
    pub(crate) fn before_pass(
        &self,
        entry: &PassEntry,
        ctx: &Context,
        op: OpId,
        log: &mut RunLog,
    ) -> BeforePass {
        let name = entry.info.name;
        if self.print_before_all || self.print_before.iter().any(|n| n == name) {
            self.dump(log, "Before", name, ctx, op);
        }
        BeforePass(self.print_after_change.then(|| self.ir(ctx, op)))
    }

    pub(crate) fn after_pass(
        &self,
        entry: &PassEntry,
        ctx: &Context,
        op: OpId,
        log: &mut RunLog,
        before: BeforePass,
    ) {
        let name = entry.info.name;
        let asked = self.print_after_all || self.print_after.iter().any(|n| n == name);
        let changed = before.0.is_some_and(|b| b != self.ir(ctx, op));
        if asked || changed {
            self.dump(log, "After", name, ctx, op);
        }
    }

    fn ir(&self, ctx: &Context, op: OpId) -> String {
        ctx.print_op(op, self.print)
    }

    fn dump(&self, log: &mut RunLog, when: &str, pass: &str, ctx: &Context, op: OpId) {
        let sym = ctx
            .symbol_name(op)
            .map(|s| format!(": @{s}"))
            .unwrap_or_default();
        log.dumps += &format!(
            "// -----// IR Dump {when} {pass} ('{}' operation{sym}) //----- //\n{}\n",
            ctx.op_name_text(op),
            self.ir(ctx, op)
        );
    }

    /// The IR before the pipeline runs, kept for a reproducer (only when one is
    /// asked for): the input text itself when there is one, so nothing is copied.
    pub(crate) fn snapshot<'a>(
        &self,
        ctx: &Context,
        op: OpId,
        input: Option<&'a str>,
    ) -> Option<Cow<'a, str>> {
        self.reproducer.as_ref()?;
        Some(match input {
            Some(text) => Cow::Borrowed(text),
            None => Cow::Owned(ctx.print_op(op, PrintOptions { debug_info: true })),
        })
    }

    /// Write the reproducer (the IR before the pipeline and the pipeline up to
    /// the failing pass, as a lit test) and name it in the diagnostic.
    pub(crate) fn reproduce(
        &self,
        diagnostic: Diagnostic,
        snapshot: Option<Cow<'_, str>>,
        pipeline: &str,
    ) -> Diagnostic {
        let (Some(path), Some(ir)) = (&self.reproducer, snapshot) else {
            return diagnostic;
        };
        let loc = diagnostic.loc;
        let text = format!(
            "// cuwasm-opt reproducer: the IR before the pipeline ran, and the pipeline\n\
             // up to the pass that failed.\n\
             // RUN: cuwasm-opt %s --pass-pipeline='{pipeline}'\n{ir}\n"
        );
        let note = match std::fs::write(path, text) {
            Ok(()) => format!(
                "a reproducer was written to {}: cuwasm-opt {} --pass-pipeline='{pipeline}'",
                path.display(),
                path.display()
            ),
            Err(e) => format!("could not write a reproducer to {}: {e}", path.display()),
        };
        diagnostic.with_note(loc, note)
    }
}
