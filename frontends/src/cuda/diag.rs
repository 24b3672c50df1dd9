//! Diagnostics of the CUDA frontend.
//!
//! A [`Diag`] is located by a [`SrcLoc`] and, for a token a macro produced, by
//! its [`ExpansionId`]. It becomes a [`cuwasm::Diagnostic`] (rendered clang-style:
//! `file:line:col: error: message`, the source line, a caret) with notes added
//! from the [`SourceMap`]:
//!
//! ```text
//! inc/a.h:3:9: error: use of undeclared identifier 'y'
//!     int x = y;
//!             ^
//! main.cu:1:1: note: in file included from here
//! #include "inc/a.h"
//! ^
//! main.cu:7:5: note: in expansion of macro 'F'
//!     F(1);
//!     ^
//! ```
//!
//! First the `#include` chain of the file of the location (innermost first),
//! then one note per macro expansion (innermost first), then the diag's own notes.

use super::source::{SourceMap, SrcLoc};
use super::token::{ExpansionId, Token};
use cuwasm::{Context, Diagnostic, Severity};

/// A located message of the frontend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diag {
    pub severity: Severity,
    pub loc: SrcLoc,
    /// The expansion the offending token came from (adds "in expansion of macro" notes).
    pub expansion: Option<ExpansionId>,
    pub message: String,
    /// Extra notes (e.g. "previous definition is here").
    pub notes: Vec<(SrcLoc, String)>,
}

/// Longest `#include` chain shown in full; longer ones are cut in the middle.
const MAX_INCLUDE_NOTES: usize = 12;

impl Diag {
    pub fn new(severity: Severity, loc: SrcLoc, message: impl Into<String>) -> Diag {
        Diag {
            severity,
            loc,
            expansion: None,
            message: message.into(),
            notes: Vec::new(),
        }
    }
    pub fn error(loc: SrcLoc, message: impl Into<String>) -> Diag {
        Diag::new(Severity::Error, loc, message)
    }
    pub fn warning(loc: SrcLoc, message: impl Into<String>) -> Diag {
        Diag::new(Severity::Warning, loc, message)
    }
    /// An error at a token (its location and expansion).
    pub fn error_at(tok: &Token, message: impl Into<String>) -> Diag {
        Diag::error(tok.loc, message).in_expansion(tok.expansion)
    }
    /// A warning at a token (its location and expansion).
    pub fn warning_at(tok: &Token, message: impl Into<String>) -> Diag {
        Diag::warning(tok.loc, message).in_expansion(tok.expansion)
    }
    pub fn in_expansion(mut self, expansion: Option<ExpansionId>) -> Diag {
        self.expansion = expansion;
        self
    }
    pub fn with_note(mut self, loc: SrcLoc, message: impl Into<String>) -> Diag {
        self.notes.push((loc, message.into()));
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Every note, located: include chain, expansions, own notes.
    pub fn all_notes(&self, sources: &SourceMap) -> Vec<(SrcLoc, String)> {
        let mut notes = Vec::new();
        let chain: Vec<SrcLoc> = sources.include_chain(self.loc.file).collect();
        let n = chain.len();
        for (i, loc) in chain.into_iter().enumerate() {
            if n > MAX_INCLUDE_NOTES && i >= MAX_INCLUDE_NOTES / 2 && i < n - MAX_INCLUDE_NOTES / 2
            {
                if i == MAX_INCLUDE_NOTES / 2 {
                    let skipped = n - MAX_INCLUDE_NOTES / 2 * 2;
                    notes.push((loc, format!("... ({skipped} more levels of #include)")));
                }
                continue;
            }
            notes.push((loc, "in file included from here".to_string()));
        }
        for e in sources.expansion_chain(self.expansion) {
            notes.push((
                e.use_loc,
                format!("in expansion of macro '{}'", sources.spelling(e.name)),
            ));
        }
        notes.extend(self.notes.iter().cloned());
        notes
    }

    /// The cuwasm diagnostic (physical locations, notes included). The context
    /// should know the sources ([`SourceMap::register_sources`]) to show lines.
    pub fn to_diagnostic(&self, sources: &SourceMap, ctx: &Context) -> Diagnostic {
        let mut d = Diagnostic::error(sources.location(ctx, self.loc), self.message.clone());
        d.severity = self.severity;
        for (loc, msg) in self.all_notes(sources) {
            d = d.with_note(sources.location(ctx, loc), msg);
        }
        d
    }

    /// Render as text (with a private context).
    pub fn render(&self, sources: &SourceMap) -> String {
        render_all(std::slice::from_ref(self), sources)
    }
}

/// Render diagnostics as text, one after the other.
pub fn render_all(diags: &[Diag], sources: &SourceMap) -> String {
    let mut ctx = Context::new();
    sources.register_sources(&mut ctx);
    diags
        .iter()
        .map(|d| ctx.render_diagnostic(&d.to_diagnostic(sources, &ctx)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cuda::source::FileKind;
    use crate::cuda::token::ExpansionInfo;

    #[test]
    fn renders_with_include_and_expansion_notes() {
        let mut sm = SourceMap::new();
        let main = sm.add_file(
            "main.cu",
            None,
            "#include \"a.h\"\nint z = F(1);\n".into(),
            FileKind::Main,
            None,
        );
        let a = sm.add_file(
            "a.h",
            None,
            "#define F(x) (x + y)\n".into(),
            FileKind::User,
            Some(SrcLoc {
                file: main,
                offset: 0,
            }),
        );
        let name = sm.spellings.intern("F");
        let e = sm.add_expansion(ExpansionInfo {
            name,
            use_loc: SrcLoc {
                file: main,
                offset: 23,
            },
            parent: None,
        });
        let d = Diag::error(
            SrcLoc {
                file: a,
                offset: 17,
            },
            "use of undeclared identifier 'y'",
        )
        .in_expansion(Some(e));
        let text = d.render(&sm);
        assert_eq!(
            text,
            "a.h:1:18: error: use of undeclared identifier 'y'\n\
             #define F(x) (x + y)\n                 ^\n\
             main.cu:1:1: note: in file included from here\n\
             #include \"a.h\"\n^\n\
             main.cu:2:9: note: in expansion of macro 'F'\n\
             int z = F(1);\n        ^\n"
        );
    }
}
