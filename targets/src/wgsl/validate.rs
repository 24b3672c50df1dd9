//! Nothing unvalidated leaves the emitter: every module is parsed by naga's
//! WGSL frontend and checked by its validator, with the capabilities this
//! target uses (`shader-f16`) and every validation flag.

use naga::valid::{Capabilities, ValidationFlags, Validator};

/// The validator of every module: every flag, the capabilities this
/// target uses (also the SPIR-V target's, which writes these modules).
pub(crate) fn validator() -> Validator {
    Validator::new(ValidationFlags::all(), Capabilities::SHADER_FLOAT16)
}

/// Parse and validate `source`; naga's message on failure.
pub fn check(source: &str) -> Result<(), String> {
    if std::env::var("CUWASM_WGSL_DUMP").is_ok() { eprintln!("{source}"); }
    let module = naga::front::wgsl::parse_str(source).map_err(|e| e.emit_to_string(source))?;
    validator()
        .validate(&module)
        .map(|_| ())
        .map_err(|e| e.emit_to_string(source))
}
