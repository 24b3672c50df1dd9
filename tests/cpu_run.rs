//! The CPU path end to end: every program of the CUDA corpus under
//! `cuwasm-run --device=cpu`. The programs check themselves against references
//! they compute on the host (in double precision, or exactly), and their
//! `.expected` output was confirmed with nvcc on an H100; stdout and the exit
//! status must match it byte for byte.
//!
//! Programs the CUDA frontend cannot lower yet (issue 4) must fail cleanly: a
//! located diagnostic and exit status 1. When one starts to lower, this test
//! fails until it joins `CORPUS_RUNS` (or `CPU_HOSTED_RUNS`).

use cuwasm_tests::{corpus_output_failures, cpu_hosted_runs, tests_dir, tool};
use std::process::Command;

#[test]
fn corpus_programs_run_on_the_cpu() {
    let dir = tests_dir().join("corpus/cuda");
    let mut programs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "cu"))
        .collect();
    programs.sort();
    assert!(
        programs.len() >= 35,
        "the corpus has {} programs",
        programs.len()
    );
    let exe = tool("cuwasm-run");
    // The corpus programs that compile and run on the CPU path.
    let runs = cpu_hosted_runs();
    let mut failures = Vec::new();
    for path in &programs {
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let out = Command::new(&exe)
            .arg("--device=cpu")
            .arg(path)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if runs.contains(&stem) {
            let expected = std::fs::read_to_string(path.with_extension("expected")).unwrap();
            if !out.status.success() || stdout != expected {
                failures.push(format!(
                    "{stem}: status {:?}\n--- stdout\n{stdout}--- expected\n{expected}--- stderr\n{stderr}",
                    out.status.code()
                ));
            }
        } else {
            // file:line:col: error: ... (the file may be a built-in header), then a caret line.
            let located = stderr.lines().any(is_located_error) && stderr.contains('^');
            if out.status.code() != Some(1) || !located {
                failures.push(format!(
                    "{stem}: expected a located compile error and exit 1, got {:?}\n{stderr}",
                    out.status.code()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every program of `cpu_hosted_runs()` prints its expected output at each optimization
/// level: `-O0` (no optimization: the e-graph, canonicalize, cse and the
/// vectorizer off, Cranelift unoptimized), `-O1` (all but the e-graph pass)
/// and `-O2` (everything, the e-graph pass with the CPU's cost model). Every
/// pass's output is verified (the pass manager verifies after each pass).
#[test]
fn corpus_programs_give_their_output_at_every_opt_level() {
    let failures = corpus_output_failures("cpu", &["-O0", "-O1", "-O2"]);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `path:line:col: error: message`.
fn is_located_error(line: &str) -> bool {
    let Some((place, _)) = line.split_once(": error: ") else {
        return false;
    };
    let mut parts = place.rsplitn(3, ':');
    let col = parts.next().unwrap_or("");
    let row = parts.next().unwrap_or("");
    let file = parts.next().unwrap_or("");
    !file.is_empty()
        && [col, row]
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}
