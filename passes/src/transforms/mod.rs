//! Dialect-agnostic transforms, one pass per file. Each file declares its
//! `INFO: PassInfo` (name, description, anchor, options, constructor), and
//! [`register`] lists them all.

use crate::registry::PassRegistry;

pub mod canonicalize;
pub mod cse;
pub mod dce;
pub mod egraph;
pub mod inline;
pub mod licm;
pub mod lift_cf_to_scf;
pub mod loop_unroll;
pub mod mem2reg;
pub mod sccp;
pub mod symbol_dce;
pub mod test_passes;
pub mod test_rewrite;
pub mod utils;

/// Register every transform of this folder.
pub fn register(r: &mut PassRegistry) {
    let all: &[crate::PassInfo] = &[
        test_passes::FAIL,
        test_passes::BREAK_IR,
        test_passes::MARK,
        canonicalize::INFO,
        test_rewrite::NONCONVERGING,
        cse::INFO,
        dce::INFO,
        symbol_dce::INFO,
        licm::INFO,
        licm::INFO_MLIR_NAME,
        loop_unroll::INFO,
        inline::INFO,
        sccp::INFO,
        mem2reg::INFO,
        lift_cf_to_scf::INFO,
        egraph::INFO,
    ];
    for info in all {
        r.register(*info).expect("transform names are unique");
    }
}
