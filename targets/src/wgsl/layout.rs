//! The kernel's side of the WebGPU ABI (docs/webgpu-abi.md): where each
//! parameter goes in the parameter block, the binding of each buffer, and
//! the WGSL declaration of every buffer the kernel touches.

use super::memory::{Buffer, Elem, Space, buffer_name, choose_elem};
use super::pointers::{Base, Pointers};
use super::types::checked_scalar;
use cuwasm::{Context, Diagnostic, OpId};
use cuwasm_dialects::cpu_abi::{byval_bytes, flat_symbol};
use cuwasm_dialects::cuda::global_var_bytes;
use cuwasm_dialects::ptr::is_ptr;
use cuwasm_dialects::webgpu_abi::{HEADER_WORDS, KernelLayout, ParamSlot, VariableSlot};
use std::collections::BTreeMap;

/// The layout of one kernel.
pub struct Layout {
    pub kernel: KernelLayout,
    /// The word of the parameter block each parameter starts at.
    pub param_word: Vec<u32>,
    pub param_words: u32,
    pub buffers: BTreeMap<Base, Buffer>,
}

/// The entry point of every kernel's module.
pub const ENTRY: &str = "main";

/// Lay out kernel `func` of `gpu.module` `module`.
pub fn layout(
    ctx: &Context,
    module: OpId,
    func: OpId,
    ptrs: &Pointers,
) -> Result<Layout, Diagnostic> {
    let module_name = ctx.symbol_name(module).unwrap_or("kernels").to_string();
    let kernel_name = ctx.symbol_name(func).unwrap_or("kernel").to_string();
    let entry = ctx.entry_block(ctx.region(func, 0)).unwrap();
    let byval = byval_bytes(ctx, func);
    let mut word = HEADER_WORDS;
    let mut binding = 1;
    let (mut params, mut param_word, mut by_value) = (Vec::new(), Vec::new(), Vec::new());
    let mut buffers = BTreeMap::new();
    for (i, &arg) in ctx.block_args(entry).iter().enumerate() {
        let ty = ctx.value_type(arg);
        let struct_bytes = byval.get(i).map_or(0, |&b| b as u32);
        // A pointer, or an i64 that PTX uses as one.
        let pointer = is_ptr(ctx, ty) || ptrs.is_address_param(i);
        let bytes = match (pointer, struct_bytes) {
            (true, b) if b > 0 => b,
            (true, _) => 4,
            _ => checked_scalar(ctx, func, ty)?.bytes(),
        };
        // Natural alignment, up to 8 bytes (two words).
        if bytes > 4 && word % 2 == 1 {
            word += 1;
        }
        param_word.push(word);
        if pointer && struct_bytes == 0 {
            let base = Base::Param(i);
            let writable = ptrs.written(&base);
            let accesses = ptrs.accesses.get(&base).map(Vec::as_slice).unwrap_or(&[]);
            let (elem, atomic) = choose_elem(&base, accesses);
            buffers.insert(
                base.clone(),
                Buffer {
                    name: buffer_name(ctx, &base, i),
                    elem,
                    atomic,
                    space: Space::Storage { binding, writable },
                },
            );
            params.push(ParamSlot::Buffer {
                binding,
                word,
                writable,
            });
            binding += 1;
        } else {
            if struct_bytes > 0 {
                by_value.push(i);
            }
            params.push(ParamSlot::Value { word, bytes });
        }
        word += bytes.div_ceil(4);
    }
    let param_words = word.next_multiple_of(4);
    let mut variables = Vec::new();
    let mut static_shared_bytes = 0;
    for (index, (base, accesses)) in ptrs.accesses.iter().enumerate() {
        let (elem, atomic) = choose_elem(base, accesses);
        let name = buffer_name(ctx, base, index);
        let space = match base {
            Base::Param(_) | Base::Null => continue,
            Base::Byval(_) => {
                let params = Buffer {
                    name,
                    elem: Elem::U32,
                    atomic: false,
                    space: Space::Params,
                };
                buffers.insert(base.clone(), params);
                continue;
            }
            Base::Global(sym) => {
                let var = ctx.lookup_symbol_in(module, sym).ok_or_else(|| {
                    ctx.op_error(func, format!("uses the unknown variable '{sym}'"))
                })?;
                let (init, _) = global_var_bytes(ctx, var)?;
                let writable = ptrs.written(base);
                variables.push(VariableSlot {
                    name: flat_symbol(&module_name, sym),
                    binding,
                    bytes: init.len() as u32,
                    init: if init.iter().all(|&b| b == 0) {
                        Vec::new()
                    } else {
                        init
                    },
                });
                binding += 1;
                Space::Storage {
                    binding: binding - 1,
                    writable,
                }
            }
            Base::Shared(op) => {
                let words = array_words(ctx, *op)?;
                static_shared_bytes += words * 4;
                Space::Workgroup { words: Some(words) }
            }
            Base::DynamicShared => Space::Workgroup { words: None },
            Base::Private(op) => Space::Private {
                words: array_words(ctx, *op)?,
            },
        };
        buffers.insert(
            base.clone(),
            Buffer {
                name,
                elem,
                atomic,
                space,
            },
        );
    }
    let kernel = KernelLayout {
        name: flat_symbol(&module_name, &kernel_name),
        entry: ENTRY.to_string(),
        params,
        by_value,
        param_words,
        variables,
        static_shared_bytes,
    };
    Ok(Layout {
        kernel,
        param_word,
        param_words,
        buffers,
    })
}

/// The 32-bit words of a `cuda.shared_alloc` or `cuda.alloca` array.
fn array_words(ctx: &Context, op: OpId) -> Result<u32, Diagnostic> {
    let elem = ctx.prop(op, "element_type").and_then(|a| ctx.attr_type(a));
    let count = ctx.prop(op, "count").and_then(|a| ctx.attr_int(a));
    let (Some(elem), Some(count)) = (elem, count) else {
        return Err(ctx.op_error(op, "needs 'element_type' and 'count'"));
    };
    let bytes = checked_scalar(ctx, op, elem)?.bytes() as i128 * count.max(0);
    u32::try_from(((bytes + 3) / 4).max(1))
        .map_err(|_| ctx.op_error(op, "is too large for the WGSL target"))
}
