//! The behaviour cases of cuwasm-filecheck: a check file, an input, flags and
//! the expected result. The unit tests run them in process; the lit test
//! target (`tests/lit.rs`) also runs them through LLVM's `FileCheck-22`, where
//! installed, and requires the same exit status and the same diagnostics.

use std::path::Path;

pub struct Case {
    pub name: &'static str,
    /// FileCheck's flags; `%i` stands for the input file's path.
    pub args: &'static [&'static str],
    pub check: &'static str,
    pub input: &'static str,
    /// `None`: passes. `Some(text)`: fails, with `text` in the diagnostics.
    pub fails_with: Option<&'static str>,
    /// False where only the wording differs from LLVM's (regex errors come
    /// from a different regex library); the exit status must still agree.
    pub same_text_as_llvm: bool,
}

const fn pass(
    name: &'static str,
    args: &'static [&'static str],
    check: &'static str,
    input: &'static str,
) -> Case {
    Case {
        fails_with: None,
        ..fail(name, args, check, input, "")
    }
}

const fn fail(
    name: &'static str,
    args: &'static [&'static str],
    check: &'static str,
    input: &'static str,
    text: &'static str,
) -> Case {
    Case {
        name,
        args,
        check,
        input,
        fails_with: Some(text),
        same_text_as_llvm: true,
    }
}

impl Case {
    /// Writes `check.txt` and `input.txt` into `dir`; gives FileCheck's
    /// arguments (the check file's path first).
    pub fn write(&self, dir: &Path) -> Vec<String> {
        write_files(dir, self.check, self.input, self.args)
    }
}

fn write_files(dir: &Path, check_text: &str, input_text: &str, flags: &[&str]) -> Vec<String> {
    std::fs::create_dir_all(dir).unwrap();
    let (check, input) = (dir.join("check.txt"), dir.join("input.txt"));
    std::fs::write(&check, check_text).unwrap();
    std::fs::write(&input, input_text).unwrap();
    let input = input.display().to_string();
    let mut args = vec![check.display().to_string()];
    args.extend(flags.iter().map(|a| a.replace("%i", &input)));
    args
}

const NOT_FOUND: &str = "error: CHECK: expected string not found in input";
const EXCLUDED: &str = "error: CHECK-NOT: excluded string found in input";

pub const CASES: &[Case] = &[
    // CHECK
    pass("plain", &[], "// CHECK: foo\n", "x foo y\n"),
    fail(
        "plain_missing",
        &[],
        "// CHECK: bar\n",
        "foo\nbaz\n",
        NOT_FOUND,
    ),
    fail(
        "plain_order",
        &[],
        "// CHECK: b\n// CHECK: a\n",
        "a\nb\n",
        NOT_FOUND,
    ),
    pass(
        "plain_across_lines",
        &[],
        "// CHECK: a\n// CHECK: d\n",
        "a\nb\nc\nd\n",
    ),
    pass("whitespace_runs", &[], "// CHECK: a   b\n", "a \t  b\n"),
    fail(
        "whitespace_needed",
        &[],
        "// CHECK: a b\n",
        "ab\n",
        NOT_FOUND,
    ),
    fail(
        "strict_whitespace",
        &["--strict-whitespace"],
        "// CHECK: a b\n",
        "a  b\n",
        NOT_FOUND,
    ),
    pass(
        "strict_whitespace_exact",
        &["--strict-whitespace"],
        "// CHECK: a  b\n",
        "a  b\n",
    ),
    fail(
        "strict_whitespace_tab_caret",
        &["--strict-whitespace"],
        "// CHECK: b\n",
        "\ta\tx\n",
        "scanning from here",
    ),
    pass(
        "crlf_input",
        &[],
        "// CHECK: a\n// CHECK-NEXT: b\n",
        "a\r\nb\r\n",
    ),
    fail(
        "fuzzy_match",
        &[],
        "// CHECK: arith.addi %0\n",
        "foo\nbar\n  arith.addf %0\n",
        "possible intended match here",
    ),
    // CHECK-NEXT
    pass("next", &[], "// CHECK: a\n// CHECK-NEXT: b\n", "a\nb\n"),
    fail(
        "next_skips_line",
        &[],
        "// CHECK: a\n// CHECK-NEXT: c\n",
        "a\nb\nc\n",
        "CHECK-NEXT: is not on the line after the previous match",
    ),
    fail(
        "next_same_line",
        &[],
        "// CHECK: a\n// CHECK-NEXT: b\n",
        "a b\n",
        "CHECK-NEXT: is on the same line as previous match",
    ),
    fail(
        "next_missing",
        &[],
        "// CHECK: foo\n// CHECK-NEXT: baz\n",
        "foo\nbar\n",
        "error: CHECK-NEXT: expected string not found in input",
    ),
    fail(
        "next_first",
        &[],
        "// CHECK-NEXT: x\n",
        "x\n",
        "found 'CHECK-NEXT' without previous 'CHECK: line",
    ),
    // CHECK-SAME
    pass("same", &[], "// CHECK: a\n// CHECK-SAME: c\n", "a b c\n"),
    fail(
        "same_next_line",
        &[],
        "// CHECK: a\n// CHECK-SAME: b\n",
        "a\nb\n",
        "CHECK-SAME: is not on the same line as the previous match",
    ),
    fail(
        "same_first",
        &[],
        "// CHECK-SAME: x\n",
        "x\n",
        "found 'CHECK-SAME' without previous 'CHECK: line",
    ),
    // CHECK-LABEL
    pass(
        "label_blocks",
        &[],
        "// CHECK-LABEL: func @f\n// CHECK: ret\n// CHECK-LABEL: func @g\n// CHECK: ret\n",
        "func @f\n ret\nfunc @g\n ret\n",
    ),
    fail(
        "label_partitions",
        &[],
        "// CHECK-LABEL: func @f\n// CHECK: call\n// CHECK-LABEL: func @g\n",
        "func @f\n ret\nfunc @g\n call\n",
        NOT_FOUND,
    ),
    fail(
        "label_missing",
        &[],
        "// CHECK-LABEL: func @h\n",
        "func @f\n",
        "error: CHECK-LABEL: expected string not found in input",
    ),
    fail(
        "label_reports_every_block",
        &[],
        "// CHECK-LABEL: @f\n// CHECK: one\n// CHECK-LABEL: @g\n// CHECK: two\n",
        "@f\n uno\n@g\n dos\n",
        "check.txt:4:11: error: CHECK: expected string not found in input",
    ),
    fail(
        "label_with_variable",
        &[],
        "// CHECK-LABEL: [[X:a]]\n",
        "a\n",
        "found 'CHECK-LABEL:' with variable definition or use",
    ),
    // CHECK-DAG
    pass(
        "dag_any_order",
        &[],
        "// CHECK-DAG: b\n// CHECK-DAG: a\n// CHECK: c\n",
        "a\nb\nc\n",
    ),
    fail(
        "dag_missing",
        &[],
        "// CHECK-DAG: a\n// CHECK-DAG: z\n",
        "a\nb\n",
        "error: CHECK-DAG: expected string not found in input",
    ),
    fail(
        "dag_no_overlap",
        &[],
        "// CHECK-DAG: a\n// CHECK-DAG: a\n",
        "a\n",
        "error: CHECK-DAG: expected string not found in input",
    ),
    pass(
        "dag_skips_overlap",
        &[],
        "// CHECK-DAG: a\n// CHECK-DAG: a\n",
        "a\na\n",
    ),
    fail(
        "dag_bounded_by_check",
        &[],
        "// CHECK: x\n// CHECK-DAG: a\n// CHECK: y\n",
        "a\nx\ny\n",
        "error: CHECK-DAG: expected string not found in input",
    ),
    fail(
        "dag_not_between_groups",
        &[],
        "// CHECK-DAG: x\n// CHECK-NOT: bad\n// CHECK-DAG: y\n",
        "x\nbad\ny\n",
        EXCLUDED,
    ),
    pass(
        "dag_not_outside_gap",
        &[],
        "// CHECK-DAG: x\n// CHECK-NOT: bad\n// CHECK-DAG: y\n",
        "x\ny\nbad\n",
    ),
    // CHECK-NOT
    pass(
        "not",
        &[],
        "// CHECK: a\n// CHECK-NOT: x\n// CHECK: b\n",
        "a\nb\nx\n",
    ),
    fail(
        "not_between",
        &[],
        "// CHECK: a\n// CHECK-NOT: x\n// CHECK: b\n",
        "a\nx\nb\n",
        EXCLUDED,
    ),
    fail(
        "not_first",
        &[],
        "// CHECK-NOT: x\n// CHECK: a\n",
        "x\na\n",
        EXCLUDED,
    ),
    fail(
        "not_last",
        &[],
        "// CHECK: a\n// CHECK-NOT: x\n",
        "a\nb x\n",
        EXCLUDED,
    ),
    fail(
        "not_every_one_reported",
        &[],
        "// CHECK: x\n// CHECK-NOT: {{a|b}}\n// CHECK-NOT: c\n// CHECK: y\n",
        "x a c\ny\n",
        "check.txt:3:15: error: CHECK-NOT: excluded string found in input",
    ),
    fail(
        "not_with_variable",
        &[],
        "// CHECK: [[V:[a-z]+]] =\n// CHECK-NOT: use [[V]]\n// CHECK: end\n",
        "foo =\nuse foo\nend\n",
        "note: with \"V\" equal to \"foo\"",
    ),
    fail(
        "not_capture",
        &[],
        "// CHECK: a\n// CHECK-NOT: [[W:b+]]\n",
        "a\nbbb\n",
        "note: captured var \"W\"",
    ),
    // CHECK-EMPTY
    pass(
        "empty",
        &[],
        "// CHECK: x\n// CHECK-EMPTY:\n// CHECK-NEXT: y\n",
        "x\n\ny\n",
    ),
    fail(
        "empty_not_empty",
        &[],
        "// CHECK: x\n// CHECK-EMPTY:\n",
        "x\ny\n\n",
        "CHECK-EMPTY: is not on the line after the previous match",
    ),
    fail(
        "empty_with_text",
        &[],
        "// CHECK: x\n// CHECK-EMPTY: y\n",
        "x\n\n",
        "found non-empty check string for empty check with prefix 'CHECK:'",
    ),
    // CHECK-COUNT
    pass(
        "count",
        &[],
        "// CHECK-COUNT-3: x\n// CHECK-NEXT: y\n",
        "x x\nx\ny\n",
    ),
    fail(
        "count_short",
        &[],
        "// CHECK-COUNT-3: x\n",
        "x\nx\ny\n",
        "error: CHECK-COUNT: expected string not found in input (3 out of 3)",
    ),
    fail(
        "count_zero",
        &[],
        "// CHECK-COUNT-0: x\n",
        "x\n",
        "invalid count in -COUNT specification on prefix 'CHECK'",
    ),
    // Regexes
    pass(
        "regex",
        &[],
        "// CHECK: %{{[0-9]+}} = {{.*}}addi\n",
        "%12 = arith.addi\n",
    ),
    fail(
        "regex_missing",
        &[],
        "// CHECK: %{{[0-9]+}} = subi\n",
        "%a = subi\n",
        NOT_FOUND,
    ),
    fail(
        "regex_negated_class_stops_at_newline",
        &[],
        "// CHECK: a{{[^x]*}}b\n",
        "a\nb\n",
        NOT_FOUND,
    ),
    pass("regex_alternation", &[], "// CHECK: x{{a|b}}y\n", "xby\n"),
    pass(
        "regex_anchor_line_start",
        &[],
        "// CHECK: {{^}}b\n",
        "ab\nb\n",
    ),
    fail(
        "regex_unterminated",
        &[],
        "// CHECK: {{[0-9\n",
        "12\n",
        "found start of regex string with no end '}}'",
    ),
    Case {
        same_text_as_llvm: false,
        ..fail(
            "regex_invalid",
            &[],
            "// CHECK: {{(}}\n",
            "(\n",
            "invalid regex",
        )
    },
    pass(
        "literal",
        &[],
        "// CHECK{LITERAL}: [[x]] {{y}}\n",
        "a [[x]] {{y}}\n",
    ),
    pass(
        "triple_bracket",
        &[],
        "// CHECK: [[[X:[0-9]]]]\n// CHECK: [[X]]\n",
        "[[5]]\n5\n",
    ),
    // Variables
    pass(
        "variables",
        &[],
        "// CHECK: [[X:%[0-9]+]] = a\n// CHECK: use [[X]]\n",
        "%3 = a\nuse %3\n",
    ),
    fail(
        "variable_differs",
        &[],
        "// CHECK: [[X:%[0-9]+]] = a\n// CHECK: use [[X]]\n",
        "%3 = a\nuse %4\n",
        "note: with \"X\" equal to \"%3\"",
    ),
    fail(
        "variable_undefined",
        &[],
        "// CHECK: [[X]]\n",
        "x\n",
        "error: undefined variable: X",
    ),
    fail(
        "variable_undefined_long",
        &[],
        "// CHECK-NOT: [[LONG]]\n",
        "x\n",
        "error: undefined variable: LONG",
    ),
    fail(
        "variable_name_space",
        &[],
        "// CHECK: [[0, 1]]\n",
        "[0, 1]\n",
        "error: unexpected whitespace",
    ),
    fail(
        "variable_name_invalid",
        &[],
        "// CHECK: [[0abc]]\n",
        "x\n",
        "error: invalid variable name",
    ),
    pass(
        "variable_outlives_label",
        &[],
        "// CHECK-LABEL: @f\n// CHECK: [[V:%[a-z]+]]\n// CHECK-LABEL: @g\n// CHECK: [[V]]\n",
        "@f\n%x\n@g\n%x\n",
    ),
    fail(
        "variable_scoped_to_label",
        &["--enable-var-scope"],
        "// CHECK-LABEL: @f\n// CHECK: [[V:%[a-z]+]]\n// CHECK-LABEL: @g\n// CHECK: [[V]]\n",
        "@f\n%x\n@g\n%x\n",
        "error: undefined variable: V",
    ),
    pass(
        "global_variable",
        &["--enable-var-scope"],
        "// CHECK-LABEL: @f\n// CHECK: [[$V:%[a-z]+]]\n// CHECK-LABEL: @g\n// CHECK: [[$V]]\n",
        "@f\n%x\n@g\n%x\n",
    ),
    pass("define", &["-DVAL=foo"], "// CHECK: [[VAL]]\n", "foo\n"),
    pass(
        "line",
        &[],
        "// CHECK: line [[@LINE]]\n\n// CHECK: line [[@LINE-2]]\n",
        "line 1\nline 1\n",
    ),
    // Prefixes and comments
    pass(
        "prefix",
        &["--check-prefix=FOO"],
        "// FOO: a\n// CHECK: zzz\n",
        "a\n",
    ),
    pass(
        "prefixes",
        &["--check-prefixes=A,B"],
        "// A: a\n// B: b\n",
        "a\nb\n",
    ),
    fail(
        "prefix_unused",
        &["--check-prefixes=FOO,BAR"],
        "// FOO: x\n",
        "x\n",
        "error: no check strings found with prefix 'BAR:'",
    ),
    pass(
        "prefix_unused_allowed",
        &["--check-prefixes=FOO,BAR", "--allow-unused-prefixes"],
        "// FOO: x\n",
        "x\n",
    ),
    fail(
        "no_checks",
        &[],
        "// nothing here\n",
        "x\n",
        "error: no check strings found with prefix 'CHECK:'",
    ),
    pass(
        "prefix_inside_word",
        &[],
        "// XCHECK: zzz\n// CHECK: a\n",
        "a\n",
    ),
    pass(
        "comments",
        &[],
        "// RUN: FileCheck --check-prefix=CHECK %s\n// COM: CHECK: zzz\n// CHECK: a\n",
        "a\n",
    ),
    fail(
        "misspelled",
        &[],
        "// CHECK: x\n// CHECK_NEXT: y\n",
        "x\ny\n",
        "error: misspelled directive 'CHECK_NEXT:'",
    ),
    fail(
        "not_combo",
        &[],
        "// CHECK-DAG-NOT: x\n",
        "x\n",
        "error: unsupported -NOT combo on prefix 'CHECK'",
    ),
    fail(
        "empty_pattern",
        &[],
        "// CHECK:\n",
        "x\n",
        "error: found empty check string with prefix 'CHECK:'",
    ),
    // Options
    pass("input_file", &["--input-file=%i"], "// CHECK: a\n", "a\n"),
    fail(
        "input_file_failure",
        &["--input-file", "%i"],
        "// CHECK: b\n",
        "a\n",
        NOT_FOUND,
    ),
    fail(
        "empty_input",
        &[],
        "// CHECK-NOT: x\n",
        "",
        "FileCheck error: '<stdin>' is empty.",
    ),
    pass("allow_empty", &["--allow-empty"], "// CHECK-NOT: x\n", ""),
    pass(
        "full_lines",
        &["--match-full-lines"],
        "// CHECK: a b\n",
        "  a b  \n",
    ),
    fail(
        "full_lines_partial",
        &["--match-full-lines"],
        "// CHECK: a\n",
        "a b\n",
        NOT_FOUND,
    ),
    pass(
        "ignore_case",
        &["--ignore-case"],
        "// CHECK: Hello {{W}}orld\n",
        "hello world\n",
    ),
    fail(
        "implicit_check_not",
        &["--implicit-check-not=warning"],
        "// CHECK: x\n",
        "warning\nx\n",
        "error: IMPLICIT-CHECK-NOT: excluded string found in input",
    ),
    pass(
        "implicit_check_not_absent",
        &["--implicit-check-not=warning"],
        "// CHECK: x\n// CHECK: y\n",
        "x\nwarn\ny\n",
    ),
    // Corners, compared with LLVM's wording
    pass(
        "dag_then_next",
        &[],
        "// CHECK: a\n// CHECK-DAG: c\n// CHECK-DAG: b\n// CHECK-NEXT: d\n",
        "a\nb c\nd\n",
    ),
    fail(
        "dag_overlap_retry",
        &[],
        "// CHECK-DAG: ab\n// CHECK-DAG: b\n// CHECK-DAG: zz\n",
        "ab\nb\n",
        "error: CHECK-DAG: expected string not found in input",
    ),
    pass(
        "dag_before_label",
        &[],
        "// CHECK-DAG: x\n// CHECK-LABEL: @f\n// CHECK: y\n",
        "x\n@f\ny\n",
    ),
    fail(
        "dag_before_label_missing",
        &[],
        "// CHECK-DAG: q\n// CHECK-LABEL: @f\n// CHECK: y\n",
        "x\n@f\ny\nq\n",
        "CHECK-DAG",
    ),
    pass(
        "longest_prefix",
        &["--check-prefixes=CHECK,CHECK-A"],
        "// CHECK-A: x\n// CHECK: y\n",
        "x\ny\n",
    ),
    fail(
        "non_ascii_line",
        &[],
        "// CHECK: zz\n",
        "caf\u{e9} au lait\n",
        NOT_FOUND,
    ),
    fail(
        "no_final_newline",
        &[],
        "// CHECK: a\n// CHECK: b\n",
        "a",
        NOT_FOUND,
    ),
    fail(
        "scan_from_end",
        &[],
        "// CHECK: a\n// CHECK: b\n",
        "xa\n",
        NOT_FOUND,
    ),
    fail(
        "quoted_value",
        &[],
        "// CHECK: [[Q:\".*\"]]\n// CHECK: x [[Q]]\n",
        "\"a\tb\"\ny\n",
        "(escaped value)",
    ),
    pass(
        "empty_at_end",
        &[],
        "// CHECK: x\n// CHECK-EMPTY:\n",
        "x\n\n",
    ),
    pass(
        "full_lines_strict",
        &["--match-full-lines", "--strict-whitespace"],
        "// CHECK:a b\n",
        "a b\n",
    ),
    fail(
        "full_lines_strict_space",
        &["--match-full-lines", "--strict-whitespace"],
        "// CHECK: a b\n",
        "a b\n",
        NOT_FOUND,
    ),
    pass(
        "count_then_next",
        &[],
        "// CHECK-COUNT-2: x\n// CHECK-NEXT: y\n",
        "x\nx\ny\n",
    ),
    pass(
        "prefix_after_dash_word",
        &[],
        "// FOO-CHECK: zzz\n// CHECK: a\n",
        "a\n",
    ),
    fail(
        "fuzzy_regex",
        &[],
        "// CHECK: %{{[0-9]+}} = arith.addi\n",
        "x\n%1 = arith.addf\n",
        "possible intended match here",
    ),
    fail(
        "not_regex",
        &[],
        "// CHECK: a\n// CHECK-NOT: {{[0-9]+}}\n// CHECK: b\n",
        "a\n12\nb\n",
        EXCLUDED,
    ),
    fail(
        "next_after_label",
        &[],
        "// CHECK-LABEL: @f\n// CHECK-NEXT: y\n",
        "@f\nx\ny\n",
        "CHECK-NEXT: is not on the line after the previous match",
    ),
    fail(
        "same_missing",
        &[],
        "// CHECK: a\n// CHECK-SAME: q\n",
        "a b\nq\n",
        "CHECK-SAME: is not on the same line as the previous match",
    ),
    fail(
        "ignore_case_not",
        &["--ignore-case"],
        "// CHECK: a\n// CHECK-NOT: X\n",
        "a\nx\n",
        EXCLUDED,
    ),
    fail(
        "two_labels_second_missing",
        &[],
        "// CHECK-LABEL: @f\n// CHECK-LABEL: @g\n",
        "@f\n",
        "CHECK-LABEL: expected string not found",
    ),
    fail(
        "literal_not_regex",
        &[],
        "// CHECK{LITERAL}: {{.*}}\n",
        "abc\n",
        "CHECK{LITERAL}: expected string not found in input",
    ),
    pass("tab_in_check_line", &[], "//\tCHECK:\ta\t b\n", "a b\n"),
];

/// Runs every case, and `random` pseudo-random check files with inputs,
/// through this implementation and through the FileCheck program `llvm`
/// (e.g. `FileCheck-22`, with `--dump-input=never`) in scratch folders under
/// `dir`; gives a description of each disagreement.
pub fn compare_with_llvm(llvm: &str, dir: &Path, random: usize) -> Vec<String> {
    let mut differences = Vec::new();
    for case in CASES {
        let args = case.write(&dir.join(case.name));
        differences.extend(compare(
            llvm,
            case.name,
            &args,
            case.input,
            case.same_text_as_llvm,
        ));
    }
    let folder = dir.join("random");
    for (n, (check, input)) in random_cases(random).into_iter().enumerate() {
        let args = write_files(&folder, &check, &input, &[]);
        let name = format!("random case {n}, check file:\n{check}input: {input:?}");
        differences.extend(compare(llvm, &name, &args, &input, true));
    }
    differences
}

fn compare(
    llvm: &str,
    name: &str,
    args: &[String],
    input: &str,
    same_text: bool,
) -> Option<String> {
    let ours = crate::run(args, input.as_bytes());
    let mut child = std::process::Command::new(llvm)
        .args(args)
        .arg("--dump-input=never")
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {llvm}: {e}"));
    // FileCheck may exit before it reads its input (a bad check file).
    let _ = std::io::Write::write_all(&mut child.stdin.take().unwrap(), input.as_bytes());
    let theirs = child.wait_with_output().unwrap();
    let theirs_text = String::from_utf8_lossy(&theirs.stderr);
    // LLVM adds its command line after usage errors; the rest must agree.
    let theirs_text = theirs_text.split("FileCheck command line:").next().unwrap();
    if theirs.status.code() == Some(ours.status) && (!same_text || ours.stderr == theirs_text) {
        return None;
    }
    let status = theirs.status.code();
    Some(format!(
        "{name}: status {} vs LLVM's {status:?}\n--- ours:\n{}--- LLVM's:\n{theirs_text}",
        ours.status, ours.stderr
    ))
}

/// Deterministic pseudo-random check files and inputs over a small alphabet
/// of directives, patterns and input words.
pub fn random_cases(count: usize) -> Vec<(String, String)> {
    const DIRECTIVES: [&str; 8] = [
        "CHECK:",
        "CHECK-NEXT:",
        "CHECK-SAME:",
        "CHECK-NOT:",
        "CHECK-DAG:",
        "CHECK-LABEL:",
        "CHECK-EMPTY:",
        "CHECK-COUNT-2:",
    ];
    const PATTERNS: [&str; 12] = [
        "a",
        "b",
        "c",
        "ab",
        "a b",
        "{{[a-c]}}",
        "{{.*}}b",
        "[[V:[a-c]+]]",
        "[[V]]",
        "{{^}}a",
        "c{{$}}",
        "{{[^b]*}}",
    ];
    const WORDS: [&str; 10] = ["a", "b", "c", "ab", "  ", " ", "\t", "\n", "\n", "a b"];
    let mut seed: u64 = 1;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    (0..count)
        .map(|_| {
            let mut check = String::new();
            for _ in 0..1 + next(5) {
                let directive = DIRECTIVES[next(DIRECTIVES.len())];
                let pattern = match directive {
                    "CHECK-EMPTY:" => "",
                    "CHECK-LABEL:" => PATTERNS[next(4)],
                    _ => PATTERNS[next(PATTERNS.len())],
                };
                check.push_str(&format!("// {directive} {pattern}\n"));
            }
            let input: String = (0..next(12)).map(|_| WORDS[next(WORDS.len())]).collect();
            (check, input)
        })
        .collect()
}
