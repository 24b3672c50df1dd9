//! The pass registry: every pass by name, as `--list-passes` shows them.

use crate::pass::{OptionKind, PassInfo};
use cuwasm::Context;
use std::collections::BTreeMap;

/// Passes by pipeline name.
#[derive(Clone, Default)]
pub struct PassRegistry {
    passes: BTreeMap<&'static str, PassInfo>,
    /// Dialect registrations from plugins, applied to every new context.
    dialects: Vec<fn(&mut Context)>,
}

impl PassRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// A registry with every pass of this crate.
    pub fn with_builtin_passes() -> Self {
        let mut r = Self::new();
        crate::transforms::register(&mut r);
        crate::conversions::register(&mut r);
        r
    }

    /// Register a pass; a second pass of the same name is an error.
    pub fn register(&mut self, info: PassInfo) -> Result<(), String> {
        if self.passes.contains_key(info.name) {
            return Err(format!("pass '{}' is already registered", info.name));
        }
        self.passes.insert(info.name, info);
        Ok(())
    }

    /// Add a dialect (or op) registration, run on every context the tools create.
    pub fn register_dialects(&mut self, hook: fn(&mut Context)) {
        self.dialects.push(hook);
    }

    /// The dialect registrations of plugins.
    pub fn dialects(&self) -> &[fn(&mut Context)] {
        &self.dialects
    }

    /// Move everything of `other` in; a pass name registered twice is an error
    /// and then nothing is added.
    pub fn merge(&mut self, other: PassRegistry) -> Result<(), String> {
        if let Some(dup) = other.passes.keys().find(|n| self.passes.contains_key(*n)) {
            return Err(format!("pass '{dup}' is already registered"));
        }
        self.passes.extend(other.passes);
        self.dialects.extend(other.dialects);
        Ok(())
    }

    pub fn get(&self, name: &str) -> Option<&PassInfo> {
        self.passes.get(name)
    }

    /// All passes, sorted by name.
    pub fn passes(&self) -> impl Iterator<Item = &PassInfo> {
        self.passes.values()
    }

    /// "unknown pass 'X'" with the closest registered names.
    pub fn unknown_pass_message(&self, name: &str) -> String {
        format!(
            "unknown pass '{name}'{}",
            did_you_mean(name, self.passes.keys().copied())
        )
    }

    /// The text of `--list-passes`: names, descriptions and options.
    pub fn list_text(&self) -> String {
        let mut out = String::from("Available passes:\n");
        for p in self.passes() {
            out += &format!("  {:<24} {}\n", p.name, p.description);
            if let Some(anchor) = p.anchor {
                out += &format!("  {:<24}   (runs on '{anchor}')\n", "");
            }
            for o in p.options {
                let kind = match o.kind {
                    OptionKind::Bool => "bool",
                    OptionKind::Int => "int",
                    OptionKind::String => "string",
                    OptionKind::IntList => "int list",
                };
                let default = match o.default {
                    "" => String::new(),
                    d => format!(" (default: {d})"),
                };
                out += &format!(
                    "  {:<24}   {}=<{kind}>  {}{default}\n",
                    "", o.name, o.description
                );
            }
        }
        out
    }
}

/// `"; did you mean 'a' or 'b'?"` for the candidates within a small edit distance, or "".
pub fn did_you_mean<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let limit = (name.len() / 3).max(2);
    let mut close: Vec<(usize, &str)> = candidates
        .map(|c| (strsim::levenshtein(name, c), c))
        .filter(|(d, c)| *d <= limit || c.starts_with(name) || name.starts_with(c))
        .collect();
    close.sort();
    let names: Vec<String> = close
        .iter()
        .take(3)
        .map(|(_, c)| format!("'{c}'"))
        .collect();
    match names.len() {
        0 => String::new(),
        _ => format!("; did you mean {}?", names.join(" or ")),
    }
}
