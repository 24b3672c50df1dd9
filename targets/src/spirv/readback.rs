//! Nothing unvalidated leaves the emitter: naga's SPIR-V reader reads every
//! module back and naga's validator checks it, as the WGSL target checks
//! its text. It reads the module as the runtime's webgpu backend hands it to
//! naga: specialized, its spec constants made constants (here of their
//! defaults), since naga's reader takes no array sized by a spec constant.
//! (`spirv-val` checks the modules as emitted, in tests/spirv_target.rs.)

use naga::front::spv::{Frontend, Options};
use rspirv::binary::Assemble;
use rspirv::dr::{Instruction, Operand};
use rspirv::spirv::{Decoration, Op};

/// Read `words` back and validate the module; naga's message on failure.
pub fn check(words: &[u32]) -> Result<(), String> {
    let options = Options {
        adjust_coordinate_space: false,
        strict_capabilities: true,
        block_ctx_dump_prefix: None,
    };
    let module = Frontend::new(at_defaults(words)?.into_iter(), &options)
        .parse()
        .map_err(|e| format!("naga's SPIR-V reader: {e}"))?;
    crate::wgsl::validate::validator()
        .validate(&module)
        .map(|_| ())
        .map_err(|e| format!("naga's validator, on the module read back: {}", causes(&e)))
}

/// `e` and its sources, as one line.
fn causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(&format!(": {c}"));
        cause = c.source();
    }
    text
}

/// `words` with each `OpSpecConstant` an `OpConstant` of its default.
fn at_defaults(words: &[u32]) -> Result<Vec<u32>, String> {
    let mut module = rspirv::dr::load_words(words).map_err(|e| e.to_string())?;
    for inst in &mut module.types_global_values {
        if inst.class.opcode == Op::SpecConstant {
            *inst = Instruction::new(
                Op::Constant,
                inst.result_type,
                inst.result_id,
                inst.operands.clone(),
            );
        }
    }
    module
        .annotations
        .retain(|i| i.operands.get(1) != Some(&Operand::Decoration(Decoration::SpecId)));
    Ok(module.assemble())
}
