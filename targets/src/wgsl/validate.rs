//! Nothing unvalidated leaves the emitter: every module is parsed by naga's
//! WGSL frontend and checked by its validator, with the capabilities this
//! target uses (`shader-f16`; `pack2x16float`/`unpack2x16float`, which carry
//! `f16` bits, need "f16 in f32", which every wgpu backend but GLES has)
//! and every validation flag.

use naga::valid::{Capabilities, ValidationFlags, Validator};

/// The validator of every module: every flag, the capabilities this
/// target uses (also the SPIR-V target's, which writes these modules).
pub(crate) fn validator() -> Validator {
    let caps = Capabilities::SHADER_FLOAT16 | Capabilities::SHADER_FLOAT16_IN_FLOAT32;
    Validator::new(ValidationFlags::all(), caps)
}

/// Parse and validate `source`; naga's message on failure.
pub fn check(source: &str) -> Result<(), String> {
    let module = naga::front::wgsl::parse_str(source).map_err(|e| e.emit_to_string(source))?;
    validator()
        .validate(&module)
        .map(|_| ())
        .map_err(|e| e.emit_to_string(source))
}
