//! The lit files of `tests/lit/`, run by the lit-style runner of
//! `lit_runner.rs` with the in-process FileCheck of `cuwasm-filecheck`.
//!
//! `LIT_FILTER=substring cargo test -p cuwasm-tests --test lit` runs only the
//! files whose path under `tests/lit/` contains the substring.

use cuwasm_tests::lit::{self, Pipeline, Redirect, Stage};
use cuwasm_tests::{external_tool, scratch_dir, tests_dir};
use std::path::Path;

#[test]
fn lit_files() {
    let filter = std::env::var("LIT_FILTER").ok().filter(|f| !f.is_empty());
    let report = lit::run_suite(
        &tests_dir().join("lit"),
        &scratch_dir("lit"),
        filter.as_deref(),
    );
    print!("{}", report.text);
    assert!(
        report.failed.is_empty(),
        "{} lit file(s) failed: {}",
        report.failed.len(),
        report.failed.join(", ")
    );
}

/// A scratch suite of lit files given as (name, text).
fn suite(tag: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let root = scratch_dir(tag).join("suite");
    let _ = std::fs::remove_dir_all(&root);
    for (name, text) in files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    root
}

const MODULE: &str = "\"builtin.module\"() ({\n}) : () -> ()\n";

/// A check that does not hold fails the suite with FileCheck's diagnostic, so
/// the harness cannot pass silently; so do a file without RUN lines and a
/// `not` whose command succeeds.
#[test]
fn failures_are_reported() {
    let bad = format!("// RUN: cuwasm-opt %s | FileCheck %s\n// CHECK: \"no.such.op\"\n{MODULE}");
    let not_failing = format!("// RUN: not cuwasm-opt %s\n{MODULE}");
    let root = suite(
        "lit-failures",
        &[
            ("a/bad.mlir", &bad),
            ("no-run.mlir", MODULE),
            ("not-failing.mlir", &not_failing),
        ],
    );
    let report = lit::run_suite(&root, &scratch_dir("lit-failures"), None);
    assert_eq!(
        report.failed,
        ["a/bad.mlir", "no-run.mlir", "not-failing.mlir"],
        "{}",
        report.text
    );
    assert_eq!(report.passed, 0);
    let expected = [
        "FAIL: a/bad.mlir",
        "RUN: at line 1: cuwasm-opt ",
        "bad.mlir:2:11: error: CHECK: expected string not found in input\n  | // CHECK: \"no.such.op\"\n  |           ^\n",
        "  | <stdin>:1:1: note: scanning from here\n  | \"builtin.module\"() ({\n  | ^\n",
        "error: the command failed with exit status 1",
        "  stdout of cuwasm-opt:\n  | \"builtin.module\"() ({",
        "error: no RUN lines",
        "error: the command succeeded, but `not` expects it to fail",
        "lit: 3 files: 0 passed, 3 failed, 0 unsupported",
    ];
    for text in expected {
        assert!(
            report.text.contains(text),
            "missing {text:?} in:\n{}",
            report.text
        );
    }
}

/// What the runner supports: several RUN lines, continuation, `not`, `2>&1`
/// and `>` redirections in sh's order, quoting, `%t`, `--input-file`, and
/// `LIT_FILTER`-style filtering.
#[test]
fn runner_features() {
    let error = "// RUN: not cuwasm-opt %s 2>&1 \\\n// RUN:   | FileCheck %s --check-prefix=ERR\n\
                 // RUN: not cuwasm-opt %s 2>&1 >/dev/null | FileCheck %s --check-prefixes=ERR\n\
                 // RUN: not cuwasm-opt '%s' > %t 2>&1\n// RUN: FileCheck \"%s\" --input-file=%t --check-prefix ERR\n\
                 // ERR: error:\n\"no.such.op\"() : () -> ()\n";
    let fine = format!(
        "// RUN: cuwasm-opt %s -o %t && FileCheck %s < %t\n// CHECK: \"builtin.module\"\n{MODULE}"
    );
    let root = suite(
        "lit-features",
        &[
            ("error.mlir", error),
            ("fine.mlir", &fine),
            ("other.mlir", "no RUN line"),
        ],
    );
    let scratch = scratch_dir("lit-features");
    let report = lit::run_suite(&root, &scratch, Some(".mlir"));
    assert_eq!(report.failed, ["other.mlir"], "{}", report.text);
    assert_eq!(report.passed, 2, "{}", report.text);
    let report = lit::run_suite(&root, &scratch, Some("fine"));
    assert!(
        report.failed.is_empty() && report.passed == 1,
        "{}",
        report.text
    );
    let report = lit::run_suite(&root, &scratch, Some("nothing-matches"));
    assert_eq!(
        report.failed.len(),
        1,
        "a filter that matches nothing is an error"
    );
}

fn stage(argv: &[&str], redirects: Vec<Redirect>) -> Stage {
    Stage {
        argv: argv.iter().map(|a| a.to_string()).collect(),
        redirects,
    }
}

#[test]
fn command_parsing() {
    let parsed: Vec<Pipeline> =
        lit::parse_command("not cuwasm-opt x.mlir --pass-pipeline='builtin.module(func.func(cse))' 2>&1 | FileCheck \"a b\" a\\ b")
            .unwrap();
    let expected = vec![vec![
        stage(
            &[
                "not",
                "cuwasm-opt",
                "x.mlir",
                "--pass-pipeline=builtin.module(func.func(cse))",
            ],
            vec![Redirect::Dup { fd: 2, to: 1 }],
        ),
        stage(&["FileCheck", "a b", "a b"], vec![]),
    ]];
    assert_eq!(parsed, expected);
    let parsed = lit::parse_command("a 2>&1 >/dev/null <in && b >> log 2> err").unwrap();
    assert_eq!(
        parsed,
        vec![
            vec![stage(
                &["a"],
                vec![
                    Redirect::Dup { fd: 2, to: 1 },
                    Redirect::File {
                        fd: 1,
                        path: "/dev/null".into(),
                        append: false
                    },
                    Redirect::Input("in".into()),
                ],
            )],
            vec![stage(
                &["b"],
                vec![
                    Redirect::File {
                        fd: 1,
                        path: "log".into(),
                        append: true
                    },
                    Redirect::File {
                        fd: 2,
                        path: "err".into(),
                        append: false
                    },
                ],
            )],
        ]
    );
    for bad in ["a | | b", "a || b", "a ; b", "a $(b)", "a 'b", "a >", "| a"] {
        assert!(lit::parse_command(bad).is_err(), "{bad} should not parse");
    }
    let tmp = Path::new("/s/t.tmp");
    assert_eq!(
        lit::substitute("%s %S %t %T 100%%", Path::new("/d/f.mlir"), tmp),
        "/d/f.mlir /d /s/t.tmp /s 100%"
    );
}

/// cuwasm-filecheck agrees with LLVM's FileCheck (exit status and the text of
/// every diagnostic) on its behaviour cases and on pseudo-random ones.
#[test]
fn filecheck_agrees_with_llvm_filecheck() {
    if !external_tool("FileCheck-22") {
        return;
    }
    let differences = cuwasm_filecheck::cases::compare_with_llvm(
        "FileCheck-22",
        &scratch_dir("filecheck-llvm"),
        500,
    );
    assert!(
        differences.is_empty(),
        "{} disagreements:\n{}",
        differences.len(),
        differences.join("\n")
    );
}
