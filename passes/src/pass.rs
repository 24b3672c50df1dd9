//! The [`Pass`] trait, its registration record [`PassInfo`] and pass options.
//!
//! A pass is stateless between runs (`&self`): the pass manager may run one
//! instance on many functions at once, on several threads. What a run wants to
//! report goes through [`PassState`]: statistics, and whether it changed the IR.

use cuwasm::{Context, Diagnostic, OpId};
use std::collections::BTreeMap;

/// A transformation (or analysis) of the IR under one operation.
pub trait Pass: Send + Sync {
    /// Run on `op` (the anchor op: a module, a function, ...). An `Err` fails
    /// the pipeline; the diagnostic should name the op or value at fault.
    fn run(&self, ctx: &mut Context, op: OpId, state: &mut PassState) -> Result<(), Diagnostic>;
}

/// What one run of a pass reports besides success.
#[derive(Default, Debug)]
pub struct PassState {
    /// Named counters (`--pass-statistics`), summed over every run of the pass.
    pub statistics: BTreeMap<&'static str, u64>,
    /// Warnings (and notes) to show the user; they do not fail the pipeline.
    pub warnings: Vec<Diagnostic>,
}

impl PassState {
    /// Add `n` to the statistic `name`.
    pub fn stat(&mut self, name: &'static str, n: u64) {
        *self.statistics.entry(name).or_default() += n;
    }
}

/// The kind of value a pass option takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionKind {
    Bool,
    Int,
    String,
    /// A comma-separated list of integers (`list=1,2,3`).
    IntList,
}

/// One declared option of a pass.
#[derive(Clone, Copy, Debug)]
pub struct OptionSpec {
    pub name: &'static str,
    pub kind: OptionKind,
    /// The default, written as on the command line (`""` for none).
    pub default: &'static str,
    pub description: &'static str,
}

/// A parsed option value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptionValue {
    Bool(bool),
    Int(i64),
    String(String),
    IntList(Vec<i64>),
}

/// The option values of one pass instance: every declared option, defaults filled in.
#[derive(Clone, Debug, Default)]
pub struct PassOptions {
    values: BTreeMap<&'static str, OptionValue>,
}

impl PassOptions {
    /// Parse `key=value` pairs against `specs`; an unknown key or a bad value is an error.
    pub fn parse(specs: &[OptionSpec], pairs: &[(String, String)]) -> Result<Self, String> {
        let mut values = BTreeMap::new();
        for spec in specs {
            if !spec.default.is_empty() {
                values.insert(spec.name, parse_value(spec, spec.default)?);
            }
        }
        for (key, text) in pairs {
            let Some(spec) = specs.iter().find(|s| s.name == key) else {
                let names: Vec<&str> = specs.iter().map(|s| s.name).collect();
                return Err(match names.is_empty() {
                    true => format!("unknown option '{key}' (this pass takes no options)"),
                    false => format!(
                        "unknown option '{key}'{} (options: {})",
                        crate::registry::did_you_mean(key, names.iter().copied()),
                        names.join(", ")
                    ),
                });
            };
            values.insert(spec.name, parse_value(spec, text)?);
        }
        Ok(PassOptions { values })
    }

    pub fn bool(&self, name: &str) -> bool {
        matches!(self.values.get(name), Some(OptionValue::Bool(true)))
    }
    pub fn int(&self, name: &str) -> Option<i64> {
        match self.values.get(name) {
            Some(OptionValue::Int(v)) => Some(*v),
            _ => None,
        }
    }
    pub fn string(&self, name: &str) -> Option<&str> {
        match self.values.get(name) {
            Some(OptionValue::String(s)) => Some(s),
            _ => None,
        }
    }
    pub fn int_list(&self, name: &str) -> &[i64] {
        match self.values.get(name) {
            Some(OptionValue::IntList(v)) => v,
            _ => &[],
        }
    }

    /// The options as the pipeline grammar writes them (`{a=1 b=x}`), empty when none.
    pub fn to_pipeline_text(&self) -> String {
        if self.values.is_empty() {
            return String::new();
        }
        let items: Vec<String> = self
            .values
            .iter()
            .map(|(k, v)| match v {
                OptionValue::Bool(b) => format!("{k}={b}"),
                OptionValue::Int(i) => format!("{k}={i}"),
                OptionValue::String(s) if s.contains([' ', '}', '{', '\'', ',']) => {
                    format!("{k}=\"{s}\"")
                }
                OptionValue::String(s) => format!("{k}={s}"),
                OptionValue::IntList(l) => {
                    let l: Vec<String> = l.iter().map(|i| i.to_string()).collect();
                    format!("{k}={}", l.join(","))
                }
            })
            .collect();
        format!("{{{}}}", items.join(" "))
    }
}

fn parse_value(spec: &OptionSpec, text: &str) -> Result<OptionValue, String> {
    let bad = |what: &str| format!("option '{}' expects {what}, got '{text}'", spec.name);
    let int = |s: &str| s.trim().parse::<i64>().map_err(|_| bad("an integer"));
    Ok(match spec.kind {
        OptionKind::Bool => match text {
            "" | "true" | "1" => OptionValue::Bool(true),
            "false" | "0" => OptionValue::Bool(false),
            _ => return Err(bad("true or false")),
        },
        OptionKind::Int => OptionValue::Int(int(text)?),
        OptionKind::String => OptionValue::String(text.to_string()),
        OptionKind::IntList => OptionValue::IntList(
            text.split(',')
                .filter(|s| !s.trim().is_empty())
                .map(|s| int(s).map_err(|_| bad("a comma-separated list of integers")))
                .collect::<Result<_, _>>()?,
        ),
    })
}

/// Creates a pass from its parsed options.
pub type PassCtor = fn(&PassOptions) -> Result<Box<dyn Pass>, String>;

/// The registration of a pass: what `--list-passes` shows and how to make one.
#[derive(Clone, Copy, Debug)]
pub struct PassInfo {
    /// The pipeline name (`canonicalize`, `symbol-dce`).
    pub name: &'static str,
    /// One line for `--list-passes`.
    pub description: &'static str,
    /// The op it must be anchored on (`builtin.module` for symbol-dce), or
    /// `None` for any op.
    pub anchor: Option<&'static str>,
    pub options: &'static [OptionSpec],
    pub create: PassCtor,
}

impl std::fmt::Debug for dyn Pass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<pass>")
    }
}
