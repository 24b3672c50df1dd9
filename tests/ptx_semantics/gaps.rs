//! What the CPU path cannot run yet, by instruction form: the compile error
//! each such form gives (a `|`-separated list of accepted substrings). The
//! harness compiles every form listed here on its own and requires that
//! error; a form that starts compiling fails the suite until it is removed
//! from this table, so the table is always the exact list.

/// The compile error form `body` is known to give on the CPU path, if any.
pub fn cpu_gap(body: &str) -> Option<&'static str> {
    let first = body.lines().next().unwrap_or("");
    let opcode = first.split_whitespace().next().unwrap_or("");
    let has = |m: &str| opcode.split('.').any(|p| p == m);
    // the Cranelift target has no 16-bit float types
    if has("f16") || has("bf16") || has("f16x2") || has("bf16x2") {
        return Some("type 'f16'|type 'bf16'");
    }
    None
}
