//! `cuwasm-filecheck`: LLVM's FileCheck, in process.
//!
//! It reads a check file's directives and verifies an input against them with
//! LLVM FileCheck's semantics and diagnostics, so that cuwasm's lit tests
//! (`tests/lit/`) need no LLVM install. Supported: `CHECK`, `CHECK-NEXT`,
//! `CHECK-SAME`, `CHECK-LABEL`, `CHECK-DAG`, `CHECK-NOT`, `CHECK-EMPTY`,
//! `CHECK-COUNT-n`, the `{LITERAL}` modifier, `COM:`/`RUN:` comments,
//! `{{regex}}`, `[[VAR:regex]]`, `[[VAR]]`, `[[@LINE+n]]`, and the options
//! `--check-prefix(es)`, `--comment-prefixes`, `--input-file`,
//! `--strict-whitespace`, `--match-full-lines`, `--ignore-case`,
//! `--allow-empty`, `--allow-unused-prefixes`, `--implicit-check-not`,
//! `--enable-var-scope` and `-D`. Diagnostics are those of
//! `FileCheck --dump-input=never`.
//!
//! Not supported (a located error says so): numeric variables `[[#VAR]]`
//! other than `@LINE`, and using a variable on the line that defines it.
//! Regexes are Rust's, translated from POSIX syntax (see `pattern.rs`).

mod checker;
mod checkfile;
mod pattern;
mod source;

#[doc(hidden)]
pub mod cases;
#[cfg(test)]
mod tests;

use pattern::{Pattern, Spec, Ty};
use source::Source;

/// FileCheck's options. `Default` is FileCheck without flags.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--check-prefix(es)`; empty means `CHECK`.
    pub check_prefixes: Vec<String>,
    /// `--comment-prefixes`; empty means `COM` and `RUN`.
    pub comment_prefixes: Vec<String>,
    pub strict_whitespace: bool,
    pub match_full_lines: bool,
    pub ignore_case: bool,
    pub allow_empty: bool,
    pub allow_unused_prefixes: bool,
    pub enable_var_scope: bool,
    pub implicit_check_not: Vec<String>,
    /// `-D NAME=VALUE`.
    pub defines: Vec<String>,
}

/// The result of a run: FileCheck's exit status (0 passed, 1 a check failed,
/// 2 bad usage or a bad check file) and what it printed on stderr.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub status: i32,
    pub stderr: String,
}

impl Outcome {
    pub fn passed(&self) -> bool {
        self.status == 0
    }

    fn usage(msg: String) -> Outcome {
        Outcome {
            status: 2,
            stderr: msg,
        }
    }
}

/// Checks `input` against the directives of `check_text`. The names are those
/// the diagnostics show (`<stdin>` for standard input, as FileCheck).
pub fn check(
    check_name: &str,
    check_text: &[u8],
    input_name: &str,
    input: &[u8],
    opts: &Options,
) -> Outcome {
    let mut out = String::new();
    let default_prefixes = ["CHECK".to_string()];
    let default_comments = ["COM".to_string(), "RUN".to_string()];
    let or_default = |given: &'_ [String], default: &'_ [String]| -> Vec<String> {
        if given.is_empty() {
            default.to_vec()
        } else {
            given.to_vec()
        }
    };
    let prefixes = or_default(&opts.check_prefixes, &default_prefixes);
    let comments = or_default(&opts.comment_prefixes, &default_comments);
    if let Err(msg) = validate_prefixes(opts) {
        return Outcome::usage(msg);
    }
    let mut vars = pattern::Vars::new();
    for define in &opts.defines {
        match define.split_once('=') {
            Some((name, value)) if valid_name(name) => {
                vars.insert(name.to_string(), value.as_bytes().to_vec());
            }
            Some((name, _)) => {
                return Outcome::usage(format!(
                    "error: invalid name in string variable definition '{name}'\n"
                ));
            }
            None => {
                return Outcome::usage(format!(
                    "error: missing equal sign in global definition '{define}'\n"
                ));
            }
        }
    }

    // Each --implicit-check-not pattern lives in a buffer of its own, shown
    // as LLVM shows it: `command line:1:22: ... -implicit-check-not='...'`.
    let mut sources = vec![Source::canonical(
        check_name,
        check_text,
        opts.strict_whitespace,
    )];
    let mut implicit = Vec::new();
    for text in &opts.implicit_check_not {
        const OPEN: &str = "-implicit-check-not='";
        let src = Source::verbatim("command line", format!("{OPEN}{text}'").into_bytes());
        let spec = Spec {
            ty: Ty::Not,
            count: 1,
            literal: false,
            prefix: "IMPLICIT-CHECK",
            src: sources.len(),
            loc: OPEN.len(),
            line: 1,
        };
        match Pattern::parse(text.as_bytes(), &spec, opts) {
            Ok(p) => implicit.push(p),
            Err(e) => {
                src.message(&mut out, e.at, "error", &e.msg, None);
                return Outcome {
                    status: 2,
                    stderr: out,
                };
            }
        }
        sources.push(src);
    }
    let prefix_refs: Vec<&str> = prefixes.iter().map(String::as_str).collect();
    let comment_refs: Vec<&str> = comments.iter().map(String::as_str).collect();
    let Ok(strings) = checkfile::read(
        &sources[0],
        &implicit,
        opts,
        &prefix_refs,
        &comment_refs,
        &mut out,
    ) else {
        return Outcome {
            status: 2,
            stderr: out,
        };
    };

    if input.is_empty() && !opts.allow_empty {
        return Outcome::usage(format!("FileCheck error: '{input_name}' is empty.\n"));
    }
    let input = Source::canonical(input_name, input, opts.strict_whitespace);
    let mut checker = checker::Checker {
        checks: &sources,
        input: &input,
        vars,
        opts,
        out,
    };
    let passed = checker.check_input(&strings);
    Outcome {
        status: if passed { 0 } else { 1 },
        stderr: checker.out,
    }
}

fn valid_name(name: &str) -> bool {
    let name = name.strip_prefix('$').unwrap_or(name);
    name.starts_with(|c: char| c == '_' || c.is_ascii_alphabetic())
        && name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// LLVM's `ValidateCheckPrefixes`.
fn validate_prefixes(opts: &Options) -> Result<(), String> {
    let mut seen: Vec<&str> = Vec::new();
    if opts.check_prefixes.is_empty() {
        seen.push("CHECK");
    }
    if opts.comment_prefixes.is_empty() {
        seen.extend(["COM", "RUN"]);
    }
    for (kind, list) in [
        ("check", &opts.check_prefixes),
        ("comment", &opts.comment_prefixes),
    ] {
        for p in list {
            if p.is_empty() {
                return Err(format!(
                    "error: supplied {kind} prefix must not be the empty string\n"
                ));
            }
            if !p
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
            {
                return Err(format!(
                    "error: supplied {kind} prefix must start with a letter and contain only alphanumeric characters, hyphens, and underscores: '{p}'\n"
                ));
            }
            if seen.contains(&p.as_str()) {
                return Err(format!(
                    "error: supplied {kind} prefix must be unique among check and comment prefixes: '{p}'\n"
                ));
            }
            seen.push(p);
        }
    }
    Ok(())
}

/// Runs FileCheck with command-line arguments (without the program name), as
/// `FileCheck ARGS < stdin`: the check file is the one positional argument,
/// the input is `--input-file` or `stdin`.
pub fn run(args: &[String], stdin: &[u8]) -> Outcome {
    let mut opts = Options::default();
    let mut check_file: Option<&str> = None;
    let mut input_file: Option<&str> = None;
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        i += 1;
        if !arg.starts_with('-') || arg == "-" {
            if check_file.replace(arg).is_some() {
                return Outcome::usage(
                    "FileCheck: Too many positional arguments specified!\nCan specify at most 1 positional arguments: See: FileCheck --help\n"
                        .to_string(),
                );
            }
            continue;
        }
        if let Some(define) = arg.strip_prefix("-D") {
            let define = if define.is_empty() {
                args.get(i)
                    .map(|a| {
                        i += 1;
                        a.as_str()
                    })
                    .unwrap_or("")
            } else {
                define
            };
            opts.defines.push(define.to_string());
            continue;
        }
        let flag = arg.trim_start_matches('-');
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (flag, None),
        };
        let takes_value = matches!(
            name,
            "check-prefix"
                | "check-prefixes"
                | "comment-prefixes"
                | "input-file"
                | "implicit-check-not"
                | "dump-input"
                | "color"
        );
        let value = match (takes_value, inline) {
            (true, Some(v)) => v,
            (true, None) => match args.get(i) {
                Some(v) => {
                    i += 1;
                    v.as_str()
                }
                None => {
                    return Outcome::usage(format!(
                        "FileCheck: for the --{name} option: requires a value!\n"
                    ));
                }
            },
            (false, _) => inline.unwrap_or("true"),
        };
        let on = value != "false" && value != "0";
        let list = |v: &str| v.split(',').map(str::to_string).collect::<Vec<_>>();
        match name {
            "check-prefix" => opts.check_prefixes.push(value.to_string()),
            "check-prefixes" => opts.check_prefixes.extend(list(value)),
            "comment-prefixes" => opts.comment_prefixes.extend(list(value)),
            "input-file" => input_file = Some(value),
            "implicit-check-not" => opts.implicit_check_not.push(value.to_string()),
            "strict-whitespace" => opts.strict_whitespace = on,
            "match-full-lines" => opts.match_full_lines = on,
            "ignore-case" => opts.ignore_case = on,
            "allow-empty" => opts.allow_empty = on,
            "allow-unused-prefixes" => opts.allow_unused_prefixes = on,
            "enable-var-scope" => opts.enable_var_scope = on,
            // Accepted for compatibility; this implementation prints no input dump.
            "dump-input" | "color" | "v" | "vv" => {}
            _ => {
                return Outcome::usage(format!(
                    "FileCheck: Unknown command line argument '{arg}'.  Try: 'FileCheck --help'\n"
                ));
            }
        }
    }
    let Some(check_file) = check_file else {
        return Outcome::usage("FileCheck: Not enough positional command line arguments specified!\nMust specify at least 1 positional argument: See: FileCheck --help\n".to_string());
    };
    let check_text = match std::fs::read(check_file) {
        Ok(t) => t,
        Err(e) => {
            return Outcome::usage(format!(
                "Could not open check file '{check_file}': {}\n",
                io_message(&e)
            ));
        }
    };
    let (input_name, input) = match input_file {
        None | Some("-") => ("<stdin>", stdin.to_vec()),
        Some(path) => match std::fs::read(path) {
            Ok(t) => (path, t),
            Err(e) => {
                return Outcome::usage(format!(
                    "Could not open input file '{path}': {}\n",
                    io_message(&e)
                ));
            }
        },
    };
    check(check_file, &check_text, input_name, &input, &opts)
}

/// An I/O error as LLVM words it (`No such file or directory`).
fn io_message(e: &std::io::Error) -> String {
    let text = e.to_string();
    text.split(" (os error").next().unwrap_or(&text).to_string()
}
