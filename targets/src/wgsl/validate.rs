//! Nothing unvalidated leaves the emitter: every module is parsed by naga's
//! WGSL frontend and checked by its validator, with the capabilities this
//! target uses (`shader-f16`) and every validation flag.

use naga::valid::{Capabilities, ValidationFlags, Validator};

/// Parse and validate `source`; naga's message on failure.
pub fn check(source: &str) -> Result<(), String> {
    let module = naga::front::wgsl::parse_str(source).map_err(|e| e.emit_to_string(source))?;
    Validator::new(ValidationFlags::all(), Capabilities::SHADER_FLOAT16)
        .validate(&module)
        .map(|_| ())
        .map_err(|e| e.emit_to_string(source))
}
