//! Dialect-agnostic transforms, one pass per file. Each file declares its
//! `INFO: PassInfo` (name, description, anchor, options, constructor), and
//! [`register`] lists them all.

use crate::registry::PassRegistry;

pub mod test_passes;

/// Register every transform of this folder.
pub fn register(r: &mut PassRegistry) {
    let all: &[crate::PassInfo] = &[test_passes::FAIL, test_passes::BREAK_IR, test_passes::MARK];
    for info in all {
        r.register(*info).expect("transform names are unique");
    }
}
