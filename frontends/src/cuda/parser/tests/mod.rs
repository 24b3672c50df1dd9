//! Tests of the parser: each construct (dump compared with the expected
//! tree), diagnostics (file:line:col and caret), realistic kernels, and
//! hostile input.

mod clang;
mod decls;
mod errors;
mod exprs;
mod hostile;
mod kernels;
mod stmts;
mod templates;

use super::{MAX_ERRORS, parse};
use crate::cuda::ast::{self, DumpOptions, TranslationUnit};
use crate::cuda::{PreprocessOptions, Preprocessed, Source, diag, preprocess};

/// Preprocess `text` as `t.cu` (host side, `cuda_runtime.h` included first).
pub fn pp(text: &str) -> Preprocessed {
    pp_with(text, false)
}

pub fn pp_with(text: &str, device: bool) -> Preprocessed {
    match preprocess(
        Source::Text { name: "t.cu", text },
        &PreprocessOptions::for_side(device),
    ) {
        Ok(p) => p,
        Err(e) => panic!("preprocessing failed:\n{}", e.render()),
    }
}

/// Parse, expecting success, and return the unit.
pub fn parse_tu(p: &Preprocessed) -> TranslationUnit {
    match parse(p) {
        Ok(tu) => tu,
        Err(d) => panic!("unexpected errors:\n{}", diag::render_all(&d, &p.sources)),
    }
}

/// The dump of the main file's declarations.
pub fn dump(text: &str) -> String {
    let p = pp(text);
    let tu = parse_tu(&p);
    ast::dump(&tu, &p)
}

/// The dump with locations.
pub fn dump_locs(text: &str) -> String {
    let p = pp(text);
    let tu = parse_tu(&p);
    ast::dump_with(
        &tu,
        &p,
        DumpOptions {
            locations: true,
            all_files: false,
        },
    )
}

/// The dump of the statements of `body` (in a function after `prelude`),
/// without the function around them.
pub fn stmt_dump(prelude: &str, body: &str) -> String {
    let src = format!("{prelude}\nvoid __test() {{\n{body}\n}}\n");
    let d = dump(&src);
    let mut out = String::new();
    let mut inside = false;
    for line in d.lines() {
        if line.starts_with("FunctionDecl __test ") {
            inside = true;
            continue;
        }
        if inside && !line.starts_with("  ") {
            break;
        }
        if inside && line.len() > 4 && line.starts_with("    ") {
            out.push_str(&line[4..]);
            out.push('\n');
        }
    }
    out
}

/// Compare the dump of statements with the expected text.
#[track_caller]
pub fn check_stmts(prelude: &str, body: &str, expected: &str) {
    let got = stmt_dump(prelude, body);
    let want = unindent(expected);
    if got != want {
        record_update(&got);
        panic!("dump differs.\n--- expected\n{want}--- got\n{got}");
    }
}

/// The rendered diagnostics of a text that must fail to parse.
pub fn errors(text: &str) -> String {
    let p = pp(text);
    match parse(&p) {
        Ok(tu) => panic!("expected errors, got:\n{}", ast::dump(&tu, &p)),
        Err(d) => diag::render_all(&d, &p.sources),
    }
}

/// The rendered warnings of a text that parses.
pub fn warnings(text: &str) -> String {
    let p = pp(text);
    let tu = parse_tu(&p);
    diag::render_all(&tu.warnings, &p.sources)
}

/// Compare a dump with the expected text (leading newline and common
/// indentation of the expected text removed).
#[track_caller]
pub fn check(text: &str, expected: &str) {
    let got = dump(text);
    let want = unindent(expected);
    if got != want {
        record_update(&got);
        panic!("dump differs.\n--- expected\n{want}--- got\n{got}");
    }
}

/// Compare rendered errors with the expected text.
#[track_caller]
pub fn check_errors(text: &str, expected: &str) {
    let got = errors(text);
    let want = unindent(expected);
    if got != want {
        record_update(&got);
        panic!("errors differ.\n--- expected\n{want}--- got\n{got}");
    }
}

/// With `CUWASM_UPDATE_EXPECT=file`, a mismatch is appended to `file` (the
/// caller's line and the text got) for a script to review and apply.
#[track_caller]
fn record_update(got: &str) {
    if let Ok(path) = std::env::var("CUWASM_UPDATE_EXPECT") {
        use std::io::Write;
        let loc = std::panic::Location::caller();
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = writeln!(f, "@@@ {}:{}\n{got}@@@ end", loc.file(), loc.line());
        }
    }
}

pub fn unindent(s: &str) -> String {
    let s = s.strip_prefix('\n').unwrap_or(s);
    let indent = s
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    for l in s.lines() {
        out.push_str(l.get(indent..).unwrap_or(""));
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    if out.trim().is_empty() {
        out.clear();
    }
    out
}

#[test]
fn shipped_headers_parse_on_both_sides() {
    for device in [false, true] {
        for name in crate::cuda::builtin_header_names() {
            let text = format!("#include <{name}>\n");
            let p = pp_with(&text, device);
            let tu = parse_tu(&p);
            assert!(tu.warnings.is_empty(), "{name}: {:?}", tu.warnings);
        }
    }
}
