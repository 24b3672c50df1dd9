//! # cuwasm-frontend-ptx: PTX into the cuda dialect
//!
//! Reads PTX assembly (ISA 6.0 to 8.x, as nvcc from CUDA 11-13 and clang-22 emit
//! it) and lowers it to cuwasm IR: a `builtin.module {gpu.container_module}`
//! holding one `gpu.module` named after the file, with a `gpu.func` marked
//! `gpu.kernel` per `.entry`, a `func.func` per `.func`, and a
//! `cuda.global_var` per `.global`/`.const` variable. Bodies use the cuda,
//! arith, math, ptr and cf dialects; control flow is `cf.br`/`cf.cond_br`/
//! `cf.switch` between blocks (the `lift-cf-to-scf` pass structurizes it).
//!
//! Layers: [`lexer`] (text to tokens), [`parser`] (tokens to the [`ast`]), and
//! `lower` (the tree to IR). [`parse_ptx_module`] runs all three.
//!
//! ## What the lowering decides
//!
//! * **Registers** are SSA values from the start (`lower/ssa.rs`: Braun et
//!   al.'s on-the-fly construction, φs as block arguments). Reading a
//!   register before writing it gives zero (PTX leaves it undefined).
//!   Constants are made once per function, in the entry block.
//! * **Parameters** are function arguments; scalars are copied into slots,
//!   so that `ld.param` at any offset reads the bytes PTX defines; a
//!   kernel's byte-array parameter is a pointer to the caller's copy (as the
//!   CUDA frontend passes structs), a `.func`'s a `vector<N x i8>`; `.func`
//!   return parameters are slots that `ret` returns.
//! * **Memory**: addresses are integers, as in PTX. Generic and `.global`
//!   addresses use `!ptr.ptr<#ptr.generic_space>` (global addresses are
//!   generic ones; `cvta` to or from `.global` is the identity), `.shared`,
//!   `.const` and `.local` use `#llvm.address_space<3>`, `<4>` and `<5>`
//!   (NVPTX's numbering) and `cvta` between them and generic is
//!   `cuda.addrspace_cast`. Integer addresses in those three windows count
//!   from the function's first variable there, so that 32-bit ones stay
//!   small where pointers are host addresses. Static `.shared` variables are
//!   `cuda.shared_alloc` in the kernel's entry block, `.extern .shared`
//!   arrays the dynamic shared memory (`cuda.dynamic_shared`), `.local`
//!   variables `cuda.alloca`.
//! * **Predicates**: a guarded instruction that only computes values selects
//!   between the new and the old value of each register it writes; any other
//!   guarded instruction is branched around; guarded `bra`, `ret`, `exit` and
//!   `brx.idx` are conditional branches.
//! * **Arithmetic** keeps PTX's semantics: wrap-around integers, shift
//!   amounts at or over the width, saturation, division by zero without
//!   undefined behaviour, rounding modes, `.ftz` and the approximate
//!   instructions; the table of which op carries each modifier is in
//!   `lower/arith.rs`.
//! * **Locations**: every op is located at its instruction in the PTX text;
//!   under a `.loc` the location is fused with the CUDA source position that
//!   `.file`/`.loc` name.
//!
//! Not supported, each with a located error naming it: indirect calls, `exit`
//! in a `.func`, textures and surfaces, vector registers, `.f16x2`
//! comparisons, module-scope `.shared` variables
//! used from a `.func`, initializers holding addresses, and instructions
//! outside the list of issue 5 (tensor cores, `cp.async`, `mbarrier`, ...).

pub mod ast;
pub mod lexer;
mod lower;
pub mod parser;

use cuwasm::{Context, Diagnostic, OpId};

/// Parse and lower the PTX `text` of file `file_name` into a new module of `ctx`
/// (the text is registered as a source, so diagnostics show its lines). The
/// context must have cuwasm's dialects registered. On failure, every error
/// found: the parse stops at its first; lowering reports the first error of
/// each function.
pub fn parse_ptx_module(
    ctx: &mut Context,
    file_name: &str,
    text: &str,
) -> Result<OpId, Vec<Diagnostic>> {
    ctx.add_source(file_name, text.into());
    if text.len() >= u32::MAX as usize {
        let loc = ctx.file_loc(file_name, 1, 1);
        return Err(vec![Diagnostic::error(
            loc,
            "PTX input of 4 GiB or more is not supported",
        )]);
    }
    // about an op per 20 bytes of PTX (an instruction is a line of some 25
    // bytes and gives one or two ops): the arenas need not grow by copying
    ctx.reserve_for_text(text.len() * 2);
    // and room for an attribute per 24 bytes (the locations of instructions,
    // one per some 38 bytes, are most of them): the index need not rehash
    ctx.reserve_attributes(text.len() / 24);
    let arena = ast::Arena::new();
    let module = parser::parse(text, &arena).map_err(|e| {
        let (line, col) = lexer::LineIndex::new(text).line_col(e.span.start);
        vec![Diagnostic::error(
            ctx.file_loc(file_name, line, col),
            e.message,
        )]
    })?;
    lower::lower_module(ctx, file_name, text, &module)
}
