//! Round trips over the corpus: every file is a print fixed point of cuwasm
//! (byte-identical to its input), parsed, verified and printed again the same.

use cuwasm::PrintOptions;
use cuwasm_tests::{corpus, corpus_text};
use cuwasm_tools::{OptOptions, opt_buffer};

fn check_folder(folder: &str) {
    let mut failures = Vec::new();
    for path in corpus(folder) {
        let input = corpus_text(&path);
        let opts = OptOptions {
            verify: true,
            print: PrintOptions {
                debug_info: input.contains(" loc("),
            },
            ..Default::default()
        };
        let name = path.file_name().unwrap().to_str().unwrap();
        match opt_buffer(name, &input, opts) {
            Err(e) => failures.push(format!("{name}: {e}")),
            Ok(out) if out != input => failures.push(format!(
                "{name}: output differs from input:\n{}",
                first_difference(&input, &out)
            )),
            Ok(out) => {
                let again = opt_buffer(name, &out, opts)
                    .unwrap_or_else(|e| panic!("{name}: reparse failed: {e}"));
                assert_eq!(again, out, "{name}: printing is not a fixed point");
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} file(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The first differing line, for readable failures.
fn first_difference(expected: &str, actual: &str) -> String {
    for (i, (e, a)) in expected.lines().zip(actual.lines()).enumerate() {
        if e != a {
            return format!("line {}:\n  expected: {e}\n  actual:   {a}", i + 1);
        }
    }
    format!(
        "lengths differ: expected {} lines, got {}",
        expected.lines().count(),
        actual.lines().count()
    )
}

#[test]
fn upstream_dialect_corpus_round_trips() {
    check_folder("upstream");
}

#[test]
fn own_dialect_corpus_round_trips() {
    check_folder("ours");
}
