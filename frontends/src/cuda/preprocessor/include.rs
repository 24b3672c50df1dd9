//! `#include`: the header name (also computed by macros), the search, the
//! shipped headers, `#pragma once`, and the depth limit that stops include
//! cycles.
//!
//! Search order: `"name"` in the including file's folder (for a shipped
//! header: among the shipped headers), then the `-I` folders in order, then the
//! shipped headers; `<name>` in the `-I` folders, then the shipped headers.
//! `#include_next` and `#import` are read as `#include`.

use super::builtin_headers::builtin_header;
use super::{Ctx, Preprocessor};
use crate::cuda::source::{FileId, FileKind, SrcLoc};
use crate::cuda::token::{Token, TokenKind};
use std::path::PathBuf;

/// Where a header was found.
pub(super) enum Found {
    /// A file on disk: its display name and path.
    Disk { name: String, path: PathBuf },
    /// A shipped header.
    Builtin { name: String, text: &'static str },
}

impl Found {
    fn once_key(&self) -> String {
        match self {
            Found::Disk { path, name } => std::fs::canonicalize(path)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| name.clone()),
            Found::Builtin { name, .. } => name.clone(),
        }
    }
    fn name(&self) -> &str {
        match self {
            Found::Disk { name, .. } | Found::Builtin { name, .. } => name,
        }
    }
}

impl<'o> Preprocessor<'o> {
    /// Find a header included from `from`.
    pub(super) fn find_include(&self, name: &str, angled: bool, from: FileId) -> Option<Found> {
        if name.is_empty() {
            return None;
        }
        let builtin = || {
            builtin_header(name).map(|text| Found::Builtin {
                name: format!("<cuwasm>/{name}"),
                text,
            })
        };
        let includer = self.sm.file(from);
        if !angled {
            if includer.kind == FileKind::Builtin {
                if let Some(f) = builtin() {
                    return Some(f);
                }
            } else if let Some(path) = &includer.path {
                let dir = path.parent().map(|p| p.to_path_buf()).unwrap_or_default();
                let candidate = dir.join(name);
                if candidate.is_file() {
                    return Some(Found::Disk {
                        name: candidate.display().to_string(),
                        path: candidate,
                    });
                }
            }
        }
        for dir in &self.opts.include_dirs {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(Found::Disk {
                    name: candidate.display().to_string(),
                    path: candidate,
                });
            }
        }
        builtin()
    }

    /// `#include` (after the directive's name).
    pub(super) fn include_directive(&mut self, hash: Token, directive: Token) {
        let header = match self.stack.last_mut() {
            Some(Ctx::File(f)) => f.lexer.header_name(),
            _ => None,
        };
        let (name, angled, name_loc) = match header {
            Some((loc, name)) => {
                let extra = self.read_line();
                if let Some(t) = extra.first() {
                    self.warning_at(t, "extra tokens at end of #include directive");
                }
                (name, true, loc)
            }
            None => {
                let line = self.read_line();
                let Some(first) = line.first().copied() else {
                    self.error_at(&directive, "expected \"FILENAME\" or <FILENAME>");
                    return;
                };
                let direct = first.kind == TokenKind::StringLiteral
                    && self.sm.spelling(first.sym).starts_with('"');
                let toks = if direct {
                    line
                } else {
                    self.expand_isolated(line)
                };
                match self.header_from_tokens(&toks) {
                    Some((name, angled, used)) => {
                        if let Some(t) = toks.get(used) {
                            self.warning_at(t, "extra tokens at end of #include directive");
                        }
                        (name, angled, first.loc)
                    }
                    None => {
                        self.error_at(&first, "expected \"FILENAME\" or <FILENAME>");
                        return;
                    }
                }
            }
        };
        if self.collecting_args > 0 {
            self.error_at(
                &hash,
                "#include inside the arguments of a macro is not supported",
            );
            return;
        }
        if self.includes_disabled {
            return;
        }
        if name.is_empty() {
            self.error(name_loc, "empty filename");
            return;
        }
        let from = hash.loc.file;
        let Some(found) = self.find_include(&name, angled, from) else {
            self.error(name_loc, format!("'{name}' file not found"));
            return;
        };
        let key = found.once_key();
        if self.once.contains(key.as_str()) {
            return;
        }
        let depth = self.sm.include_depth(from) + 1;
        if depth > self.opts.max_include_depth {
            let msg = format!(
                "#include nested too deeply (more than {} levels){}",
                self.opts.max_include_depth,
                self.include_cycle(from, found.name())
            );
            self.error(hash.loc, msg);
            self.includes_disabled = true;
            return;
        }
        match found {
            Found::Builtin { name, text } => {
                let file = self.sm.add_file(
                    name.as_str(),
                    None,
                    text.into(),
                    FileKind::Builtin,
                    Some(hash.loc),
                );
                self.push_file_ctx(file, text.into(), key.into());
            }
            Found::Disk { name, path } => match std::fs::read(&path) {
                Ok(bytes) => {
                    self.push_file_bytes(&name, Some(path), bytes, FileKind::User, Some(hash.loc));
                }
                Err(e) => self.error(name_loc, format!("cannot read '{name}': {e}")),
            },
        }
    }

    /// A header name from (expanded) tokens: `"name"` or `< ... >`; with the
    /// number of tokens used.
    fn header_from_tokens(&self, toks: &[Token]) -> Option<(String, bool, usize)> {
        let first = toks.first()?;
        match first.kind {
            TokenKind::StringLiteral => {
                let s = self.sm.spelling(first.sym);
                let inner = s.strip_prefix('"')?.strip_suffix('"')?;
                Some((inner.to_string(), false, 1))
            }
            TokenKind::Less => {
                let mut name = String::new();
                for (k, t) in toks.iter().enumerate().skip(1) {
                    if t.kind == TokenKind::Greater {
                        return Some((name, true, k + 1));
                    }
                    if t.has_leading_space() && !name.is_empty() {
                        name.push(' ');
                    }
                    name.push_str(self.sm.spelling(t.sym));
                }
                None
            }
            _ => None,
        }
    }

    /// ": include cycle a.h -> b.h -> a.h" when `next` is already on the chain.
    fn include_cycle(&self, from: FileId, next: &str) -> String {
        let mut names = vec![self.sm.file(from).name.to_string()];
        let mut loc: Option<SrcLoc> = self.sm.file(from).included_from;
        while let Some(l) = loc {
            names.push(self.sm.file(l.file).name.to_string());
            loc = self.sm.file(l.file).included_from;
        }
        match names.iter().position(|n| n == next) {
            Some(k) => {
                let mut cycle: Vec<&str> = names[..=k].iter().rev().map(String::as_str).collect();
                cycle.push(next);
                format!("; include cycle: {}", cycle.join(" -> "))
            }
            None => String::new(),
        }
    }
}
