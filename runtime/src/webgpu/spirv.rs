//! Specializing a SPIR-V kernel for one launch shape by rewriting it.
//!
//! WGSL kernels get their block shape and dynamic shared size through
//! pipeline constants. SPIR-V gets them here instead: wgpu hands
//! passthrough modules to the driver without specialization info, and
//! naga's SPIR-V reader takes the workgroup size from `LocalSize` only (and
//! refuses a `WorkgroupSize` composite of spec constants). So the runtime
//! writes the values into the module: each `OpSpecConstant` named
//! (`OpName`) like an ABI override (docs/webgpu-abi.md) becomes an
//! `OpConstant` of the launch's value, and the entry point's `LocalSize`
//! the block shape when that is overridable. A module without the block
//! overrides has a fixed block shape, its `LocalSize`.

use crate::error::{CudaError, Result, RuntimeError};
use std::collections::HashMap;

const MAGIC: u32 = 0x0723_0203;
const HEADER_WORDS: usize = 5;

const OP_NAME: u32 = 5;
const OP_ENTRY_POINT: u32 = 15;
const OP_EXECUTION_MODE: u32 = 16;
const OP_CONSTANT: u32 = 43;
const OP_SPEC_CONSTANT: u32 = 50;
const OP_DECORATE: u32 = 71;
const DECORATION_SPEC_ID: u32 = 1;
const EXECUTION_MODEL_GL_COMPUTE: u32 = 5;
const EXECUTION_MODE_LOCAL_SIZE: u32 = 17;

/// What the runtime needs to know of a SPIR-V kernel module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpirvKernel {
    /// The id of each named 32-bit `OpSpecConstant` with a `SpecId`.
    spec_constants: HashMap<String, u32>,
    /// The entry point's id.
    entry_id: u32,
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

/// The instructions after the header: (opcode, operands), or the word
/// index of one whose word count is wrong.
fn instructions(words: &[u32]) -> impl Iterator<Item = std::result::Result<(u32, &[u32]), usize>> {
    let mut at = HEADER_WORDS;
    std::iter::from_fn(move || {
        let first = *words.get(at)?;
        let count = (first >> 16) as usize;
        if count == 0 || at + count > words.len() {
            let bad = at;
            at = words.len();
            return Some(Err(bad));
        }
        let operands = &words[at + 1..at + count];
        at += count;
        Some(Ok((first & 0xffff, operands)))
    })
}

/// An instruction's words.
fn instruction(opcode: u32, operands: &[u32]) -> impl Iterator<Item = u32> + '_ {
    std::iter::once(((operands.len() as u32 + 1) << 16) | opcode).chain(operands.iter().copied())
}

impl SpirvKernel {
    /// Read `words`, whose GLCompute entry point is `entry`.
    pub fn read(words: &[u32], entry: &str) -> Result<SpirvKernel> {
        if words.len() < HEADER_WORDS || words[0] != MAGIC {
            return Err(invalid(entry, "not a SPIR-V module (bad magic number)"));
        }
        let mut names: HashMap<u32, String> = HashMap::new();
        let mut spec_ids: Vec<u32> = Vec::new();
        let mut spec_constants: Vec<u32> = Vec::new();
        let mut entry_id = None;
        let mut local_sizes: HashMap<u32, [u32; 3]> = HashMap::new();
        for inst in instructions(words) {
            let (opcode, operands) =
                inst.map_err(|at| invalid(entry, format!("malformed instruction at word {at}")))?;
            match (opcode, operands) {
                (OP_NAME, [target, name @ ..]) => {
                    names.insert(*target, literal_string(name));
                }
                (OP_DECORATE, [target, DECORATION_SPEC_ID, _]) => spec_ids.push(*target),
                (OP_SPEC_CONSTANT, [_ty, id, _value]) => spec_constants.push(*id),
                (OP_ENTRY_POINT, [EXECUTION_MODEL_GL_COMPUTE, id, name @ ..])
                    if literal_string(name) == entry =>
                {
                    entry_id = Some(*id)
                }
                (OP_EXECUTION_MODE, [id, EXECUTION_MODE_LOCAL_SIZE, x, y, z]) => {
                    local_sizes.insert(*id, [*x, *y, *z]);
                }
                _ => {}
            }
        }
        let entry_id =
            entry_id.ok_or_else(|| invalid(entry, "no GLCompute entry point of that name"))?;
        let fixed_block = *local_sizes
            .get(&entry_id)
            .ok_or_else(|| invalid(entry, "the entry point has no LocalSize execution mode"))?;
        let spec_constants = spec_constants
            .into_iter()
            .filter(|id| spec_ids.contains(id))
            .filter_map(|id| Some((names.get(&id)?.clone(), id)))
            .collect();
        Ok(SpirvKernel {
            spec_constants,
            entry_id,
            fixed_block,
        })
    }

    /// Whether the module has the 32-bit spec constant `name`.
    pub fn has(&self, name: &str) -> bool {
        self.spec_constants.contains_key(name)
    }

    /// The default values in `words` of the spec constants `names` it has.
    pub fn defaults<'a>(&self, words: &[u32], names: &[&'a str]) -> Vec<(&'a str, u32)> {
        let by_id: HashMap<u32, u32> = instructions(words)
            .filter_map(|inst| match inst {
                Ok((OP_SPEC_CONSTANT, [_ty, id, value])) => Some((*id, *value)),
                _ => None,
            })
            .collect();
        names
            .iter()
            .filter_map(|&n| Some((n, *by_id.get(self.spec_constants.get(n)?)?)))
            .collect()
    }

    /// `words` (as [`SpirvKernel::read`] read them) with each spec constant
    /// of `values` made a constant of that value, its `SpecId` dropped, and,
    /// when `block` is given, the entry point's `LocalSize` set to it.
    pub fn specialize(
        &self,
        words: &[u32],
        values: &[(&str, u32)],
        block: Option<[u32; 3]>,
    ) -> Vec<u32> {
        let frozen: HashMap<u32, u32> = values
            .iter()
            .filter_map(|(name, value)| Some((*self.spec_constants.get(*name)?, *value)))
            .collect();
        let mut out = words[..HEADER_WORDS].to_vec();
        for (opcode, operands) in instructions(words).map_while(|inst| inst.ok()) {
            match (opcode, operands, block) {
                (OP_DECORATE, [target, DECORATION_SPEC_ID, _], _)
                    if frozen.contains_key(target) => {}
                (OP_SPEC_CONSTANT, [ty, id, _], _) if frozen.contains_key(id) => {
                    out.extend(instruction(OP_CONSTANT, &[*ty, *id, frozen[id]]));
                }
                (OP_EXECUTION_MODE, [id, EXECUTION_MODE_LOCAL_SIZE, ..], Some([x, y, z]))
                    if *id == self.entry_id =>
                {
                    out.extend(instruction(
                        opcode,
                        &[*id, EXECUTION_MODE_LOCAL_SIZE, x, y, z],
                    ));
                }
                _ => out.extend(instruction(opcode, operands)),
            }
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
        instruction(opcode, operands).collect()
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
        assert_eq!(
            k.defaults(&words, &["cuwasm_block_x", "other"]),
            [("cuwasm_block_x", 1)]
        );
        let values = [("cuwasm_block_x", 64), ("other", 5)];
        let out = k.specialize(&words, &values, Some([64, 1, 1]));
        let again = SpirvKernel::read(&out, "main").unwrap();
        assert_eq!(again.fixed_block, [64, 1, 1]);
        // Now a constant, without its SpecId: nothing left to specialize.
        assert!(!again.has("cuwasm_block_x"));
        let constant = inst(OP_CONSTANT, &[3, 7, 64]);
        assert!(out.windows(4).any(|w| w == constant));
        assert!(!out.windows(4).any(|w| w == inst(OP_DECORATE, &[7, 1, 0])));
        // The other spec constant is as it was.
        assert!(
            out.windows(4)
                .any(|w| w == inst(OP_SPEC_CONSTANT, &[3, 9, 1]))
        );
        assert_eq!(out.len(), words.len() - 4);
        // Without values or a block, the module is unchanged.
        assert_eq!(k.specialize(&words, &[], None), words);
        let e = SpirvKernel::read(&words, "absent").unwrap_err();
        assert!(e.message.contains("no GLCompute entry point"), "{e}");
        let e = SpirvKernel::read(&[1, 2, 3, 4, 5], "main").unwrap_err();
        assert!(e.message.contains("magic"), "{e}");
    }
}
