//! What the CPU path cannot run yet, by instruction form: the compile error
//! each such form gives (a `|`-separated list of accepted substrings). The
//! harness compiles every form listed here on its own and requires that
//! error; a form that starts compiling fails the suite until it is removed
//! from this table, so the table is always the exact list.
//!
//! It is empty: the last forms listed, the 27 `f16`/`bf16` ones, run since
//! `legalize-f16` gave the CPU path 16-bit floats.

/// The compile error form `body` is known to give on the CPU path, if any.
pub fn cpu_gap(_body: &str) -> Option<&'static str> {
    None
}
