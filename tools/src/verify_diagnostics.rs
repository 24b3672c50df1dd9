//! `--verify-diagnostics`: the diagnostics a buffer produces must be exactly
//! those its comments expect, as MLIR's `SourceMgrDiagnosticVerifierHandler`:
//!
//! ```text
//! // expected-error @+1 {{must be a terminator}}
//! // expected-warning {{matched no operation}}       (on this line)
//! // expected-note @-2 {{defined here}}              (@above, @below: ±1)
//! ```
//!
//! A diagnostic matches when its severity and line agree and its message
//! contains the expected text. Unexpected errors and warnings, and expected
//! diagnostics that were not produced, are reported with their locations.

use cuwasm::{Context, Diagnostic, Severity};

/// One `expected-*` comment.
#[derive(Debug)]
struct Expected {
    severity: Severity,
    /// The line the diagnostic must be on (1-based).
    line: u32,
    message: String,
    /// Where the comment is, for "was not produced".
    comment_line: u32,
    comment_col: u32,
    seen: bool,
}

/// Check `diags` (errors, warnings and their notes) against the `expected-*`
/// comments of `text`; `Err` holds the mismatches, rendered.
pub fn verify(ctx: &Context, file: &str, text: &str, diags: &[Diagnostic]) -> Result<(), String> {
    let mut expected = parse_expectations(file, text)?;
    let mut errors = String::new();
    let flat = diags
        .iter()
        .flat_map(|d| std::iter::once(d).chain(&d.notes));
    for d in flat {
        let line = ctx
            .file_pos(d.loc)
            .filter(|p| p.file == file)
            .map(|p| p.line);
        let hit = expected.iter_mut().find(|e| {
            !e.seen
                && e.severity == d.severity
                && Some(e.line) == line
                && d.message.contains(&e.message)
        });
        match hit {
            Some(e) => e.seen = true,
            // Notes only elaborate on a diagnostic: they must be produced when
            // expected, but an unexpected one is not an error (as in MLIR).
            None if d.severity == Severity::Note => {}
            None => {
                let mut unexpected = d.clone();
                unexpected.notes.clear();
                unexpected.message = format!("unexpected {}: {}", d.severity.label(), d.message);
                unexpected.severity = Severity::Error;
                errors += &ctx.render_diagnostic(&unexpected);
            }
        }
    }
    for e in expected.iter().filter(|e| !e.seen) {
        errors += &format!(
            "{file}:{}:{}: error: expected {} \"{}\" was not produced\n",
            e.comment_line,
            e.comment_col,
            e.severity.label(),
            e.message
        );
    }
    match errors.is_empty() {
        true => Ok(()),
        false => Err(errors),
    }
}

fn parse_expectations(file: &str, text: &str) -> Result<Vec<Expected>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        let mut rest = line;
        while let Some(at) = rest.find("expected-") {
            let col = (line.len() - rest.len() + at) as u32 + 1;
            rest = &rest[at + "expected-".len()..];
            let severity = match () {
                _ if rest.starts_with("error") => Severity::Error,
                _ if rest.starts_with("warning") => Severity::Warning,
                _ if rest.starts_with("note") => Severity::Note,
                _ if rest.starts_with("remark") => Severity::Remark,
                _ => continue,
            };
            rest = &rest[severity.label().len()..];
            let bad = |what: &str| format!("{file}:{line_no}:{col}: error: {what}\n");
            let trimmed = rest.trim_start();
            let (target, after) = match trimmed.strip_prefix('@') {
                Some(spec) => {
                    let end = spec
                        .find(|c: char| c.is_whitespace() || c == '{')
                        .unwrap_or(spec.len());
                    let target = match &spec[..end] {
                        "above" => line_no.checked_sub(1),
                        "below" => Some(line_no + 1),
                        s => s
                            .parse::<i64>()
                            .ok()
                            .filter(|_| s.starts_with(['+', '-']))
                            .and_then(|d| u32::try_from(line_no as i64 + d).ok()),
                    };
                    let target = target.ok_or_else(|| {
                        bad("bad line offset after '@' (use @+N, @-N, @above or @below)")
                    })?;
                    (target, &spec[end..])
                }
                None => (line_no, trimmed),
            };
            let after = after.trim_start();
            let body = after
                .strip_prefix("{{")
                .and_then(|b| b.find("}}").map(|e| &b[..e]))
                .ok_or_else(|| bad("expected '{{message}}' after the expected-* directive"))?;
            out.push(Expected {
                severity,
                line: target,
                message: body.to_string(),
                comment_line: line_no,
                comment_col: col,
                seen: false,
            });
            rest = &after[body.len() + 4..];
        }
    }
    Ok(out)
}
