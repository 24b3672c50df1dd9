//! Shared helpers of cuwasm's end-to-end tests: corpus discovery, locating the
//! tools, and the rule for external checkers (required under CI, loudly skipped
//! elsewhere).

use std::path::{Path, PathBuf};
use std::process::Command;

/// `tests/` of the repository.
pub fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `.mlir` files of a corpus folder under `tests/corpus/`, sorted.
pub fn corpus(folder: &str) -> Vec<PathBuf> {
    let dir = tests_dir().join("corpus").join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "mlir"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "empty corpus {}", dir.display());
    files
}

/// A corpus file without its leading `// ...` description line(s).
pub fn corpus_text(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .skip_while(|l| l.starts_with("//"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The path of a workspace binary, (re)built once per test process with the
/// current profile so that it is never stale.
pub fn tool(name: &str) -> PathBuf {
    static BUILT: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(|d| d.parent()).unwrap().to_path_buf();
    let path = profile_dir.join(name);
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if !built.iter().any(|b| b == name) {
        built.push(name.to_string());
        let release = profile_dir.ends_with("release");
        let mut cmd = Command::new(env!("CARGO"));
        cmd.args(["build", "-q", "-p", "cuwasm-tools", "--bin", name]);
        if release {
            cmd.arg("--release");
        }
        let status = cmd.status().expect("cannot run cargo");
        assert!(status.success(), "building {name} failed");
    }
    path
}

pub use cuwasm_test_support::external_tool;

/// A scratch directory unique to this test process.
pub fn scratch_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cuwasm-test-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The lit-style runner of `tests/lit/` (see `tests/lit.rs`).
#[path = "lit_runner.rs"]
pub mod lit;
