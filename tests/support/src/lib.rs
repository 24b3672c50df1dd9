//! # cuwasm-test-support
//!
//! Shared by the tests of every crate (a dev-dependency with no dependencies
//! of its own): the rule for external checkers such as `mlir-opt-22`,
//! `FileCheck-22`, `clang-22` and `cpp`.

use std::process::Command;

/// Is an external tool on PATH? Under `CI=true` a missing tool fails the test
/// (`.ci/run` installs it); elsewhere the test says loudly that it skipped.
pub fn external_tool(name: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{name} is required under CI=true but is not installed (.ci/run installs it)");
        }
        eprintln!(
            "\n*** SKIPPED: {name} is not installed; install it (see .ci/run) to run this test ***\n"
        );
    }
    found
}
