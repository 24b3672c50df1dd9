//! Bad input never panics, overflows the stack or hangs: every malformed file
//! gives a diagnostic with file:line:col (and the source line with a caret) and
//! exit status 1. Covers the corpus under tests/corpus/invalid/ (each file names
//! its expected position and message in a first `// EXPECT: line:col text` line)
//! and generated hostile inputs.

use cuwasm_tests::{corpus, scratch_dir, tool};
use std::path::Path;
use std::process::{Command, Output};

fn run_opt(path: &Path) -> Output {
    Command::new(tool("cuwasm-opt"))
        .arg(path)
        .output()
        .expect("cannot run cuwasm-opt")
}

/// Exit status 1, a `file:line:col: error:` header and no panic.
fn assert_diagnostic(path: &Path, out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}: expected exit 1, got {:?}\nstderr: {stderr}",
        path.display(),
        out.status
    );
    assert!(
        !stderr.contains("panicked"),
        "{}: panicked:\n{stderr}",
        path.display()
    );
    let header = format!("{}:", path.display());
    assert!(
        stderr.starts_with(&header) && stderr.contains(": error: "),
        "{}: no located diagnostic:\n{stderr}",
        path.display()
    );
    stderr
}

#[test]
fn invalid_corpus_gives_located_diagnostics() {
    for path in corpus("invalid") {
        let text = std::fs::read_to_string(&path).unwrap();
        let expect = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("// EXPECT: "))
            .unwrap_or_else(|| panic!("{}: missing EXPECT line", path.display()));
        let (pos, message) = expect.split_once(' ').unwrap();
        let out = run_opt(&path);
        let stderr = assert_diagnostic(&path, &out);
        let header = format!("{}:{pos}: error: ", path.display());
        let first = stderr.lines().next().unwrap_or("");
        assert!(
            first.starts_with(&header),
            "{}: expected the error at {pos}, got:\n{stderr}",
            path.display()
        );
        assert!(
            first.contains(message),
            "{}: expected message containing '{message}', got:\n{stderr}",
            path.display()
        );
        let caret = stderr.lines().nth(2).unwrap_or("");
        assert!(
            caret.trim_end().ends_with('^'),
            "{}: no caret line under the source line:\n{stderr}",
            path.display()
        );
    }
}

fn check_generated(name: &str, bytes: &[u8]) -> String {
    let dir = scratch_dir("bad-input");
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let out = run_opt(&path);
    let stderr = assert_diagnostic(&path, &out);
    std::fs::remove_file(&path).unwrap();
    stderr
}

#[test]
fn ten_thousand_nested_regions() {
    let depth = 10_000;
    let mut text = String::new();
    for _ in 0..depth {
        text.push_str("\"test.op\"() ({\n");
    }
    for _ in 0..depth {
        text.push_str("}) : () -> ()\n");
    }
    let stderr = check_generated("nested.mlir", text.as_bytes());
    assert!(stderr.contains("nesting too deep"), "{stderr}");
}

#[test]
fn deeply_nested_attributes_and_types() {
    let attr = format!(
        "\"test.op\"() {{a = {}1{}}} : () -> ()\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(check_generated("attr.mlir", attr.as_bytes()).contains("nesting too deep"));
    let ty = format!(
        "\"test.op\"() : () -> {}i32{}\n",
        "tuple<".repeat(100_000),
        ">".repeat(100_000)
    );
    assert!(check_generated("type.mlir", ty.as_bytes()).contains("nesting too deep"));
    let body = format!(
        "\"test.op\"() {{a = #d<{}>}} : () -> ()\n",
        "(".repeat(100_000)
    );
    check_generated("body.mlir", body.as_bytes());
}

#[test]
fn ten_megabyte_single_line() {
    // A valid prefix, then 10 MB of an operand list that never closes.
    let mut text = String::from("\"test.op\"(");
    while text.len() < 10 << 20 {
        text.push_str("%a, ");
    }
    let stderr = check_generated("long.mlir", text.as_bytes());
    assert!(
        stderr.len() < 2000,
        "the excerpt of a 10 MB line must be windowed ({} bytes)",
        stderr.len()
    );
}

#[test]
fn random_bytes() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for i in 0..40 {
        let len = 1 + (i * 997) % 5000;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                // Half the inputs stay printable, to get past UTF-8 checks into the parser.
                if i % 2 == 0 {
                    (state % 95 + 32) as u8
                } else {
                    state as u8
                }
            })
            .collect();
        check_generated(&format!("random{i}.mlir"), &bytes);
    }
}

#[test]
fn missing_file_is_an_error_not_a_panic() {
    let out = Command::new(tool("cuwasm-opt"))
        .arg("/nonexistent/x.mlir")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot open input file"));
}
