//! Every function of the lit tests `tests/lit/passes/lift-cf-to-scf*.mlir`
//! runs the same before and after the pass, with each way of handling
//! irreducible control flow (`error` may refuse, with its message; the
//! inputs the lit tests expect an error for are left to them).

use super::{Irreducible, compare};

pub fn lit_files() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/lit/passes");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            let text = std::fs::read_to_string(format!("{dir}/{name}")).ok()?;
            (name.starts_with("lift-cf-to-scf") && name.ends_with(".mlir")).then_some((name, text))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn lit_functions_run_the_same_before_and_after() {
    let values = [-3, -1, 0, 1, 2, 3, 4, 7];
    let inputs: Vec<Vec<i128>> = values
        .iter()
        .flat_map(|a| values.iter().map(move |b| vec![*a, *b]))
        .collect();
    let files = lit_files();
    assert!(files.len() >= 2, "the lit tests are missing");
    let (mut functions, mut runs) = (0, 0);
    for (name, text) in &files {
        for chunk in text.split("// -----") {
            if !chunk.contains("\"func.func\"") && !chunk.contains("\"gpu.func\"") {
                continue;
            }
            for mode in [
                Irreducible::Split,
                Irreducible::Dispatch,
                Irreducible::Error,
            ] {
                match compare(chunk, mode, &inputs, 40) {
                    Ok(c) => {
                        functions += c.functions;
                        runs += c.runs;
                    }
                    Err(e)
                        if mode == Irreducible::Error && e.contains("irreducible control flow") => {
                    }
                    // The lit test checks the diagnostic.
                    Err(_)
                        if chunk.contains("expected-error")
                            && !chunk.contains("irreducible control flow") => {}
                    Err(e) => panic!("{name} ({mode:?}): {e}\n{chunk}"),
                }
            }
        }
    }
    eprintln!("lit functions: {functions} lifted and compared on {runs} runs");
}
