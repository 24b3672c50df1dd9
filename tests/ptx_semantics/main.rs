//! Per-instruction semantics of the PTX frontend, run on the CPU path
//! (`Jit::ptx`): for each instruction form the frontend supports, a small
//! kernel on edge-case inputs (rounding modes, saturation, wrap-around, NaN,
//! shift amounts at and over the width, `.ftz`, ...) whose results must match
//! references computed here independently of cuwasm: Rust's integer and IEEE
//! float arithmetic, and bit manipulations written from the PTX ISA's
//! definitions. `harness.rs` builds and runs the kernels; `float.rs` holds the
//! rounding references; the other files hold the forms, by family.

mod atomics;
mod control;
mod float;
mod floats;
mod gaps;
mod harness;
mod integer;
mod memory;
mod warp;
