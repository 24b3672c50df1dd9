//! Specializing a SPIR-V kernel for one launch shape by rewriting it.
//!
//! WGSL kernels get their block shape and dynamic shared size through
//! pipeline constants. SPIR-V gets them here instead: wgpu hands
//! passthrough modules to the driver without specialization info, and
//! naga's SPIR-V reader takes the workgroup size from `LocalSize` only. So
//! the runtime writes the values into the module: the default of each
//! `OpSpecConstant` named (`OpName`) like an ABI override
//! (docs/webgpu-abi.md), and the entry point's `LocalSize` when the block
//! shape is overridable. A module without the block overrides has a fixed
//! block shape, its `LocalSize`.

use crate::error::{CudaError, Result, RuntimeError};
use std::collections::HashMap;

const MAGIC: u32 = 0x0723_0203;
const HEADER_WORDS: usize = 5;

const OP_NAME: u32 = 5;
const OP_ENTRY_POINT: u32 = 15;
const OP_EXECUTION_MODE: u32 = 16;
const OP_SPEC_CONSTANT: u32 = 50;
const OP_DECORATE: u32 = 71;
const EXECUTION_MODEL_GL_COMPUTE: u32 = 5;
const EXECUTION_MODE_LOCAL_SIZE: u32 = 17;

/// What the runtime needs to know of a SPIR-V kernel module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpirvKernel {
    /// Word index of the 32-bit default value of each named `OpSpecConstant`.
    spec_constants: HashMap<String, usize>,
    /// Word index of the entry point's `LocalSize` x (y and z follow).
    local_size: usize,
    /// The `LocalSize` as written.
    pub fixed_block: [u32; 3],
}

/// A malformed module, or one without the compute entry point `entry`.
fn invalid(entry: &str, why: impl std::fmt::Display) -> RuntimeError {
    RuntimeError::new(
        CudaError::InitializationError,
        format!("SPIR-V kernel '{entry}': {why}"),
    )
}

/// A literal string starting at `words[0]` (nul-terminated, little endian).
fn literal_string(words: &[u32]) -> String {
    let bytes: Vec<u8> = words
        .iter()
        .flat_map(|w| w.to_le_bytes())
        .take_while(|&b| b != 0)
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

impl SpirvKernel {
    /// Read `words`, whose GLCompute entry point is `entry`.
    pub fn read(words: &[u32], entry: &str) -> Result<SpirvKernel> {
        if words.len() < HEADER_WORDS || words[0] != MAGIC {
            return Err(invalid(entry, "not a SPIR-V module (bad magic number)"));
        }
        let mut names: HashMap<u32, String> = HashMap::new();
        let mut spec_ids: Vec<u32> = Vec::new();
        let mut spec_values: HashMap<u32, usize> = HashMap::new();
        let mut entry_id = None;
        let mut local_sizes: HashMap<u32, usize> = HashMap::new();
        let mut at = HEADER_WORDS;
        while at < words.len() {
            let count = (words[at] >> 16) as usize;
            let opcode = words[at] & 0xffff;
            if count == 0 || at + count > words.len() {
                return Err(invalid(
                    entry,
                    format!("malformed instruction at word {at}"),
                ));
            }
            let operands = &words[at + 1..at + count];
            match (opcode, operands) {
                (OP_NAME, [target, name @ ..]) => {
                    names.insert(*target, literal_string(name));
                }
                (OP_DECORATE, [target, 1, _spec_id, ..]) => spec_ids.push(*target),
                (OP_SPEC_CONSTANT, [_ty, id, _value]) => {
                    spec_values.insert(*id, at + 3);
                }
                (OP_ENTRY_POINT, [EXECUTION_MODEL_GL_COMPUTE, id, name @ ..])
                    if literal_string(name) == entry =>
                {
                    entry_id = Some(*id)
                }
                (OP_EXECUTION_MODE, [id, EXECUTION_MODE_LOCAL_SIZE, _, _, _]) => {
                    local_sizes.insert(*id, at + 3);
                }
                _ => {}
            }
            at += count;
        }
        let entry_id =
            entry_id.ok_or_else(|| invalid(entry, "no GLCompute entry point of that name"))?;
        let local_size = *local_sizes
            .get(&entry_id)
            .ok_or_else(|| invalid(entry, "the entry point has no LocalSize execution mode"))?;
        let spec_constants = spec_ids
            .iter()
            .filter_map(|id| Some((names.get(id)?.clone(), *spec_values.get(id)?)))
            .collect();
        Ok(SpirvKernel {
            spec_constants,
            local_size,
            fixed_block: [0, 1, 2].map(|d| words[local_size + d]),
        })
    }

    /// Whether the module has the 32-bit spec constant `name`.
    pub fn has(&self, name: &str) -> bool {
        self.spec_constants.contains_key(name)
    }

    /// `words` with the spec constants of `values` set and, when `block`
    /// is given, `LocalSize` set to it.
    pub fn specialize(
        &self,
        words: &[u32],
        values: &[(&str, u32)],
        block: Option<[u32; 3]>,
    ) -> Vec<u32> {
        let mut out = words.to_vec();
        for (name, value) in values {
            if let Some(&at) = self.spec_constants.get(*name) {
                out[at] = *value;
            }
        }
        if let Some(block) = block {
            out[self.local_size..self.local_size + 3].copy_from_slice(&block);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `s` as SPIR-V literal-string words.
    fn string(s: &str) -> Vec<u32> {
        let mut bytes = s.as_bytes().to_vec();
        bytes.resize((bytes.len() / 4 + 1) * 4, 0);
        bytes
            .chunks(4)
            .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
            .collect()
    }

    fn inst(opcode: u32, operands: &[u32]) -> Vec<u32> {
        let mut v = vec![((operands.len() as u32 + 1) << 16) | opcode];
        v.extend_from_slice(operands);
        v
    }

    #[test]
    fn finds_named_spec_constants_and_local_size_and_rewrites_them() {
        let mut words = vec![MAGIC, 0x0001_0300, 0, 20, 0];
        let main: Vec<u32> = [vec![EXECUTION_MODEL_GL_COMPUTE, 1], string("main")].concat();
        words.extend(inst(OP_ENTRY_POINT, &main));
        words.extend(inst(
            OP_EXECUTION_MODE,
            &[1, EXECUTION_MODE_LOCAL_SIZE, 8, 4, 2],
        ));
        words.extend(inst(OP_NAME, &[vec![7], string("cuwasm_block_x")].concat()));
        words.extend(inst(OP_NAME, &[vec![9], string("other")].concat()));
        words.extend(inst(OP_DECORATE, &[7, 1, 0]));
        words.extend(inst(OP_SPEC_CONSTANT, &[3, 7, 1]));
        // Named, but not a spec constant: not overridable.
        words.extend(inst(OP_SPEC_CONSTANT, &[3, 9, 1]));
        let k = SpirvKernel::read(&words, "main").unwrap();
        assert_eq!(k.fixed_block, [8, 4, 2]);
        assert!(k.has("cuwasm_block_x") && !k.has("other"));
        let out = k.specialize(
            &words,
            &[("cuwasm_block_x", 64), ("other", 5)],
            Some([64, 1, 1]),
        );
        let again = SpirvKernel::read(&out, "main").unwrap();
        assert_eq!(again.fixed_block, [64, 1, 1]);
        assert_eq!(out[again.spec_constants["cuwasm_block_x"]], 64);
        assert_eq!(out.len(), words.len());
        // Three LocalSize words and one constant changed; the other kept its value.
        assert_eq!(out.iter().zip(&words).filter(|(a, b)| a != b).count(), 4);
        let e = SpirvKernel::read(&words, "absent").unwrap_err();
        assert!(e.message.contains("no GLCompute entry point"), "{e}");
        let e = SpirvKernel::read(&[1, 2, 3, 4, 5], "main").unwrap_err();
        assert!(e.message.contains("magic"), "{e}");
    }
}
