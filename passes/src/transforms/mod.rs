//! Dialect-agnostic transforms, one pass per file. Each file declares its
//! `INFO: PassInfo` (name, description, anchor, options, constructor), and
//! [`register`] lists them all.

use crate::registry::PassRegistry;

/// Register every transform of this folder.
pub fn register(r: &mut PassRegistry) {
    let all: &[crate::PassInfo] = &[];
    for info in all {
        r.register(*info).expect("transform names are unique");
    }
}
