//! Diagnostics with locations, rendered the way clang and mlir-opt do:
//! `file:line:col: error: message`, then the source line and a caret.
//!
//! Rendering is hand-written rather than delegated to a report crate because
//! lines must be windowed around the caret: a 10 MB line prints as 120 columns.

use crate::{Context, Location};
use std::fmt::Write;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Severity {
    Error,
    Warning,
    Remark,
    Note,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Remark => "remark",
            Severity::Note => "note",
        }
    }
}

/// A message about a location, with attached notes.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub loc: Location,
    pub notes: Vec<Diagnostic>,
}

impl Diagnostic {
    pub fn error(loc: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            loc,
            notes: Vec::new(),
        }
    }
    pub fn warning(loc: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            message: message.into(),
            loc,
            notes: Vec::new(),
        }
    }
    /// Attach a note pointing at another location.
    pub fn with_note(mut self, loc: Location, message: impl Into<String>) -> Diagnostic {
        self.notes.push(Diagnostic {
            severity: Severity::Note,
            message: message.into(),
            loc,
            notes: Vec::new(),
        });
        self
    }
}

/// Widest source excerpt shown under a diagnostic.
const MAX_EXCERPT: usize = 120;

impl Context {
    /// Render a diagnostic and its notes as text.
    pub fn render_diagnostic(&self, diag: &Diagnostic) -> String {
        let mut out = String::new();
        self.render_one(diag, &mut out);
        for note in &diag.notes {
            self.render_one(note, &mut out);
        }
        out
    }

    fn render_one(&self, diag: &Diagnostic, out: &mut String) {
        let Some(pos) = self.file_pos(diag.loc) else {
            let _ = writeln!(
                out,
                "<unknown>:0:0: {}: {}",
                diag.severity.label(),
                diag.message
            );
            return;
        };
        let _ = writeln!(
            out,
            "{}:{}:{}: {}: {}",
            pos.file,
            pos.line,
            pos.col,
            diag.severity.label(),
            diag.message
        );
        if let Some(line) = (pos.line > 0)
            .then(|| self.source(pos.file))
            .flatten()
            .and_then(|src| src.split('\n').nth(pos.line.saturating_sub(1) as usize))
        {
            let line = line.strip_suffix('\r').unwrap_or(line);
            out.push_str(&excerpt(line, pos.col as usize));
        }
    }
}

/// The source line (windowed around `col` when long) and a caret under `col` (1-based, bytes).
fn excerpt(line: &str, col: usize) -> String {
    let caret = col.saturating_sub(1).min(line.len());
    let mut start = caret.saturating_sub(MAX_EXCERPT / 2);
    while !line.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + MAX_EXCERPT).min(line.len());
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    let shown = &line[start..end];
    let pad: String = line[start..caret.max(start)]
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let ellipsis = if start > 0 { "..." } else { "" };
    let lead = " ".repeat(ellipsis.len());
    format!(
        "{ellipsis}{shown}{}\n{lead}{pad}^\n",
        if end < line.len() { "..." } else { "" }
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_lines_are_windowed() {
        let line = "x".repeat(10_000_000);
        let text = super::excerpt(&line, 5_000_000);
        assert!(text.len() < 400);
        assert!(text.ends_with("^\n"));
    }
}
