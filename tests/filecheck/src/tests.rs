use crate::cases::CASES;
use crate::{Options, check, run};

fn scratch(tag: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("cuwasm-filecheck-{}-{tag}", std::process::id()))
}

/// Every behaviour case: the right exit status and the expected diagnostic.
#[test]
fn cases() {
    let mut wrong = Vec::new();
    for case in CASES {
        let args = case.write(&scratch(case.name));
        let outcome = run(&args, case.input.as_bytes());
        let ok = match case.fails_with {
            None => outcome.status == 0 && outcome.stderr.is_empty(),
            Some(text) => outcome.status != 0 && outcome.stderr.contains(text),
        };
        if !ok {
            wrong.push(format!(
                "{} (status {}):\n{}",
                case.name, outcome.status, outcome.stderr
            ));
        }
    }
    let _ = std::fs::remove_dir_all(scratch(""));
    assert!(
        wrong.is_empty(),
        "{} of {} cases went wrong:\n{}",
        wrong.len(),
        CASES.len(),
        wrong.join("\n")
    );
}

fn fc(check_text: &str, input: &str) -> crate::Outcome {
    check(
        "t.mlir",
        check_text.as_bytes(),
        "<stdin>",
        input.as_bytes(),
        &Options::default(),
    )
}

/// The whole report of a missing match, as FileCheck prints it.
#[test]
fn not_found_report() {
    let out = fc("// CHECK: foo\n// CHECK-NEXT: baz\n", "foo\nbar\n");
    assert_eq!(out.status, 1);
    assert_eq!(
        out.stderr,
        "t.mlir:2:16: error: CHECK-NEXT: expected string not found in input\n\
         // CHECK-NEXT: baz\n               ^\n\
         <stdin>:1:4: note: scanning from here\nfoo\n   ^\n\
         <stdin>:2:1: note: possible intended match here\nbar\n^\n"
    );
}

/// CHECK-NOT's report underlines the match.
#[test]
fn excluded_report() {
    let out = fc(
        "// CHECK: foo\n// CHECK-NOT: bar\n// CHECK: end\n",
        "foo\nxx   bar\nend\n",
    );
    assert_eq!(
        out.stderr,
        "t.mlir:2:15: error: CHECK-NOT: excluded string found in input\n\
         // CHECK-NOT: bar\n              ^\n\
         <stdin>:2:4: note: found here\nxx bar\n   ^~~\n"
    );
}

/// CHECK-DAG's `[^...]` and `.` stay on one line, as with POSIX REG_NEWLINE.
#[test]
fn regexes_stay_on_a_line() {
    assert!(fc("// CHECK: a{{.*}}b\n", "a\nb\n").status == 1);
    assert!(fc("// CHECK: a{{[^c]*}}b\n", "a\nb\n").status == 1);
    assert!(fc("// CHECK: a{{[^c]*}}b\n", "axxb\n").passed());
    assert!(fc("// CHECK: {{[[:digit:]]+}}x\n", "12x\n").passed());
    assert!(fc("// CHECK: {{[]a]+}}\n", "]a]\n").passed());
}

/// The `cases` table covers every directive both ways.
#[test]
fn cases_cover_every_directive() {
    for directive in [
        "CHECK:",
        "CHECK-NEXT:",
        "CHECK-SAME:",
        "CHECK-LABEL:",
        "CHECK-DAG:",
        "CHECK-NOT:",
        "CHECK-EMPTY:",
        "CHECK-COUNT-",
    ] {
        let with = |passing: bool| {
            CASES
                .iter()
                .any(|c| c.check.contains(directive) && c.fails_with.is_none() == passing)
        };
        assert!(
            with(true) && with(false),
            "{directive} needs a passing and a failing case"
        );
    }
}

#[test]
fn usage_errors() {
    assert_eq!(run(&[], b"").status, 2);
    let out = run(&["/nonexistent/check.txt".to_string()], b"x");
    assert_eq!(
        out.stderr,
        "Could not open check file '/nonexistent/check.txt': No such file or directory\n"
    );
    assert_eq!(run(&["x".into(), "--bogus".into()], b"x").status, 2);
    let opts = Options {
        check_prefixes: vec!["A B".into()],
        ..Options::default()
    };
    assert_eq!(check("c", b"A B: x", "<stdin>", b"x", &opts).status, 2);
}
