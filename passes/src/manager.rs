//! The pass manager: builds a nested pipeline from its text and runs it.
//!
//! A pipeline `builtin.module(func.func(canonicalize,cse),symbol-dce)` is a tree
//! of [`OpPassManager`]s, each anchored on an op name (or `any`). A nested
//! manager runs on the matching children of the op its parent runs on (the ops
//! of its regions' blocks); these must be isolated from above (functions,
//! kernels), which is what lets them run on several threads at once: each one
//! is copied into a context of its own, transformed there, and copied back in
//! order, so the output is the same as a serial run.

use crate::Pass;
use crate::instrumentation::{Instrumentation, RunLog};
use crate::pass::{PassInfo, PassOptions, PassState};
use crate::pipeline::{PipelineElement, PipelineError, parse_pipeline, write_list};
use crate::registry::PassRegistry;
use cuwasm::{Context, Diagnostic, OpId, Traits};
use rayon::prelude::*;

/// How a pipeline runs; defaults as mlir-opt's.
#[derive(Clone, Debug)]
pub struct PipelineOptions {
    /// Verify the IR after every pass (`--no-verify-each` turns it off).
    pub verify_each: bool,
    /// Run nested pipelines on isolated ops on several threads.
    pub threading: bool,
    /// An anchor that matches no op is an error rather than a warning.
    pub strict: bool,
    pub instrumentation: Instrumentation,
}

impl Default for PipelineOptions {
    fn default() -> Self {
        PipelineOptions {
            verify_each: true,
            threading: true,
            strict: false,
            instrumentation: Instrumentation::default(),
        }
    }
}

/// What a nested manager runs on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Anchor {
    Any,
    Op(String),
}

impl Anchor {
    fn matches(&self, ctx: &Context, op: OpId) -> bool {
        match self {
            Anchor::Any => ctx.op_has_trait(op, Traits::ISOLATED_FROM_ABOVE),
            Anchor::Op(name) => ctx.op_name_text(op) == name,
        }
    }
    fn text(&self) -> &str {
        match self {
            Anchor::Any => "any",
            Anchor::Op(name) => name,
        }
    }
}

/// A pass in a pipeline, with its options.
pub(crate) struct PassEntry {
    pub(crate) info: PassInfo,
    pub(crate) options: PassOptions,
    pass: Box<dyn Pass>,
}

enum Item {
    Pass(PassEntry),
    Nested(OpPassManager),
}

/// A list of passes and nested managers anchored on one op name.
pub struct OpPassManager {
    anchor: Anchor,
    items: Vec<Item>,
    /// Index among all managers of the pipeline (for match counts).
    id: usize,
    /// Offset of the anchor in the pipeline text.
    pos: usize,
}

/// Why a pipeline stopped.
#[derive(Debug)]
pub struct PipelineFailure {
    /// The error, located at the op (or pass) at fault.
    pub diagnostic: Diagnostic,
    /// What the run printed (IR dumps, warnings) before it stopped.
    pub log: RunLog,
}

/// A parsed pipeline, ready to run.
pub struct PassManager {
    root: OpPassManager,
    options: PipelineOptions,
    num_managers: usize,
    text: String,
}

impl PassManager {
    /// Build a pipeline from its text (`builtin.module(...)`). Errors come back
    /// rendered, with a caret under the fault and the closest pass names.
    pub fn parse(
        registry: &PassRegistry,
        text: &str,
        options: PipelineOptions,
    ) -> Result<PassManager, String> {
        let elements = parse_pipeline(text).map_err(|e| e.render(text))?;
        let [
            PipelineElement::Nested {
                anchor,
                elements,
                pos,
            },
        ] = elements.as_slice()
        else {
            let pos = match &elements[0] {
                PipelineElement::Pass { pos, .. } | PipelineElement::Nested { pos, .. } => *pos,
            };
            let e = PipelineError {
                message: "a pipeline must be one op-anchored list, such as \
                          'builtin.module(canonicalize,cse)'"
                    .into(),
                pos,
            };
            return Err(e.render(text));
        };
        let mut num_managers = 0;
        let root = build(registry, anchor, elements, *pos, &mut num_managers)
            .map_err(|e| e.render(text))?;
        let mut canonical = String::new();
        write_list(
            &mut canonical,
            &[PipelineElement::Nested {
                anchor: anchor.clone(),
                elements: elements.clone(),
                pos: 0,
            }],
        )
        .expect("writing to a String");
        Ok(PassManager {
            root,
            options,
            num_managers,
            text: canonical,
        })
    }

    /// The pipeline in canonical text form.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn options(&self) -> &PipelineOptions {
        &self.options
    }

    /// Run the pipeline on `op` (normally the top-level `builtin.module`).
    pub fn run(&self, ctx: &mut Context, op: OpId) -> Result<RunLog, PipelineFailure> {
        self.run_on_input(ctx, op, None)
    }

    /// [`run`](Self::run) on an op parsed from `input`: a reproducer then
    /// quotes that text instead of printing the IR before the run.
    pub fn run_on_input(
        &self,
        ctx: &mut Context,
        op: OpId,
        input: Option<&str>,
    ) -> Result<RunLog, PipelineFailure> {
        let mut log = RunLog::new(self.num_managers);
        let snapshot = self.options.instrumentation.snapshot(ctx, op, input);
        if !self.root.anchor.matches(ctx, op) && self.root.anchor != Anchor::Any {
            let d = ctx.op_error(
                op,
                format!(
                    "the pipeline is anchored on '{}' but runs on '{}'",
                    self.root.anchor.text(),
                    ctx.op_name_text(op)
                ),
            );
            return Err(PipelineFailure { diagnostic: d, log });
        }
        let started = std::time::Instant::now();
        let result = self.run_manager(&self.root, ctx, op, &mut log, &mut Vec::new());
        log.total_time = started.elapsed();
        if let Err(diagnostic) = result {
            let chain: Vec<usize> = log.fail_chain.iter().rev().copied().collect();
            let pipeline = format!(
                "{}({})",
                self.root.anchor.text(),
                self.root.text_upto(Some(&chain))
            );
            let diagnostic = self
                .options
                .instrumentation
                .reproduce(diagnostic, snapshot, &pipeline);
            return Err(PipelineFailure { diagnostic, log });
        }
        // Nested passes verified only the ops they ran on: check the whole once.
        if self.options.verify_each
            && let Err(d) = ctx.verify(op)
        {
            let d = d.with_note(ctx.loc(op), "the IR does not verify after the pipeline");
            return Err(PipelineFailure { diagnostic: d, log });
        }
        self.check_anchors(ctx, op, &self.root, &mut log)
            .map_err(|diagnostic| PipelineFailure {
                diagnostic,
                log: std::mem::take(&mut log),
            })?;
        Ok(log)
    }

    /// Anchors that matched nothing: a warning, or an error under `strict`.
    fn check_anchors(
        &self,
        ctx: &Context,
        root: OpId,
        m: &OpPassManager,
        log: &mut RunLog,
    ) -> Result<(), Diagnostic> {
        for item in &m.items {
            let Item::Nested(child) = item else { continue };
            if log.anchor_matches[child.id] == 0 {
                let msg = format!(
                    "the pipeline anchor '{}' (column {} of the pipeline) matched no operation",
                    child.anchor.text(),
                    child.pos + 1
                );
                let loc = ctx.loc(root);
                match self.options.strict {
                    true => return Err(Diagnostic::error(loc, msg)),
                    false => log.warnings.push(Diagnostic::warning(loc, msg)),
                }
            } else {
                self.check_anchors(ctx, root, child, log)?;
            }
        }
        Ok(())
    }

    fn run_manager(
        &self,
        m: &OpPassManager,
        ctx: &mut Context,
        op: OpId,
        log: &mut RunLog,
        path: &mut Vec<String>,
    ) -> Result<(), Diagnostic> {
        log.anchor_matches[m.id] += 1;
        path.push(m.anchor.text().to_string());
        for (index, item) in m.items.iter().enumerate() {
            let result = match item {
                Item::Pass(entry) => self.run_pass(entry, ctx, op, log, path, index),
                Item::Nested(child) => self.run_nested(child, ctx, op, log, path),
            };
            if let Err(e) = result {
                log.fail_chain.push(index);
                path.pop();
                return Err(e);
            }
        }
        path.pop();
        Ok(())
    }

    fn run_pass(
        &self,
        entry: &PassEntry,
        ctx: &mut Context,
        op: OpId,
        log: &mut RunLog,
        path: &[String],
        index: usize,
    ) -> Result<(), Diagnostic> {
        if let Some(required) = entry.info.anchor
            && !ctx.is_op(op, required)
        {
            return Err(ctx.op_error(
                op,
                format!(
                    "the pass '{}' runs on '{required}' ops, not on '{}'",
                    entry.info.name,
                    ctx.op_name_text(op)
                ),
            ));
        }
        let instr = &self.options.instrumentation;
        let before = instr.before_pass(entry, ctx, op, log);
        let started = std::time::Instant::now();
        let mut state = PassState::default();
        let result = entry.pass.run(ctx, op, &mut state);
        log.record_pass(path, index, entry.info.name, started.elapsed(), state);
        result?;
        if self.options.verify_each {
            ctx.verify(op).map_err(|d| {
                let note = format!(
                    "the IR does not verify after the pass '{}'",
                    entry.info.name
                );
                d.with_note(ctx.loc(op), note)
            })?;
        }
        instr.after_pass(entry, ctx, op, log, before);
        Ok(())
    }

    fn run_nested(
        &self,
        child: &OpPassManager,
        ctx: &mut Context,
        op: OpId,
        log: &mut RunLog,
        path: &mut Vec<String>,
    ) -> Result<(), Diagnostic> {
        let mut targets = Vec::new();
        for &region in ctx.regions(op) {
            for &block in ctx.region_blocks(region) {
                targets.extend(
                    ctx.block_ops(block)
                        .filter(|&o| child.anchor.matches(ctx, o)),
                );
            }
        }
        for &t in &targets {
            if !ctx.op_has_trait(t, Traits::ISOLATED_FROM_ABOVE) {
                return Err(ctx.op_error(
                    t,
                    format!(
                        "cannot run a nested pipeline on '{}': it is not isolated from above",
                        ctx.op_name_text(t)
                    ),
                ));
            }
        }
        if !self.options.threading || targets.len() < 2 {
            for t in targets {
                self.run_manager(child, ctx, t, log, path)?;
            }
            return Ok(());
        }
        self.run_parallel(child, ctx, &targets, log, path)
    }

    /// Each target is copied into a context of its own, transformed on the
    /// thread pool, and copied back in order; logs merge in order too.
    fn run_parallel(
        &self,
        child: &OpPassManager,
        ctx: &mut Context,
        targets: &[OpId],
        log: &mut RunLog,
        path: &[String],
    ) -> Result<(), Diagnostic> {
        let shared: &Context = ctx;
        let results: Vec<(Context, OpId, RunLog, Result<(), Diagnostic>)> = targets
            .par_iter()
            .map(|&t| {
                let mut fork = shared.fork_empty();
                let copy = shared
                    .copy_op_to(t, &mut fork)
                    .expect("isolated ops use no value from outside");
                let mut sub_log = RunLog::new(self.num_managers);
                let mut sub_path = path.to_vec();
                let r = self.run_manager(child, &mut fork, copy, &mut sub_log, &mut sub_path);
                (fork, copy, sub_log, r)
            })
            .collect();
        for (&original, (fork, copy, sub_log, result)) in targets.iter().zip(results) {
            log.merge(sub_log);
            result?;
            let back = fork
                .copy_op_to(copy, ctx)
                .expect("isolated ops use no value from outside");
            ctx.insert_op_before(original, back);
            let pairs: Vec<_> = ctx.results(original).zip(ctx.results(back)).collect();
            for (old, new) in pairs {
                ctx.replace_all_uses(old, new);
            }
            ctx.erase_op(original);
        }
        Ok(())
    }
}

impl OpPassManager {
    /// The items as pipeline text: all of them (`chain` None), or those up to
    /// the one `chain` leads to (the failing pass, through nested managers).
    fn text_upto(&self, chain: Option<&[usize]>) -> String {
        let (end, rest) = match chain {
            Some([first, rest @ ..]) => (*first + 1, Some(rest)),
            _ => (self.items.len(), None),
        };
        let items: Vec<String> = self.items[..end.min(self.items.len())]
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Item::Pass(e) => format!("{}{}", e.info.name, e.options.to_pipeline_text()),
                Item::Nested(m) => {
                    let inner = m.text_upto(if i + 1 == end { rest } else { None });
                    format!("{}({inner})", m.anchor.text())
                }
            })
            .collect();
        items.join(",")
    }
}

/// Build one manager from the elements nested in `anchor(...)`.
fn build(
    registry: &PassRegistry,
    anchor: &str,
    elements: &[PipelineElement],
    pos: usize,
    count: &mut usize,
) -> Result<OpPassManager, PipelineError> {
    let id = *count;
    *count += 1;
    let anchor = match anchor {
        "any" => Anchor::Any,
        name => Anchor::Op(name.to_string()),
    };
    let mut items = Vec::new();
    for e in elements {
        items.push(match e {
            PipelineElement::Nested {
                anchor,
                elements,
                pos,
            } => Item::Nested(build(registry, anchor, elements, *pos, count)?),
            PipelineElement::Pass { name, options, pos } => {
                let error = |message: String| PipelineError { message, pos: *pos };
                let info = *registry
                    .get(name)
                    .ok_or_else(|| error(registry.unknown_pass_message(name)))?;
                if let (Some(required), Anchor::Op(here)) = (info.anchor, &anchor)
                    && required != here
                {
                    return Err(error(format!(
                        "the pass '{name}' runs on '{required}' ops but is nested under '{here}'"
                    )));
                }
                let options = PassOptions::parse(info.options, options)
                    .map_err(|m| error(format!("pass '{name}': {m}")))?;
                let pass =
                    (info.create)(&options).map_err(|m| error(format!("pass '{name}': {m}")))?;
                Item::Pass(PassEntry {
                    info,
                    options,
                    pass,
                })
            }
        });
    }
    Ok(OpPassManager {
        anchor,
        items,
        id,
        pos,
    })
}
