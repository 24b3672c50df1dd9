//! Import resolution: `JitOptions::symbols` first, then the process.
//!
//! `compile` checks every import with [`Resolver::resolve`] before finalizing,
//! because cranelift-jit panics on a symbol it cannot find; the same resolver
//! is installed as the JIT's lookup function, so the check and the link agree.

use std::collections::HashMap;
use std::ffi::CString;
use std::sync::{Arc, OnceLock};

/// A symbol lookup function as cranelift-jit takes it.
pub(super) type LookupFn = Box<dyn Fn(&str) -> Option<*const u8> + Send>;

/// Resolves names to addresses (kept as `usize` so the resolver is `Send`).
#[derive(Clone)]
pub(super) struct Resolver {
    user: Arc<HashMap<String, usize>>,
}

impl Resolver {
    pub(super) fn new(symbols: &HashMap<String, *const u8>) -> Resolver {
        let user = symbols
            .iter()
            .map(|(k, v)| (k.clone(), *v as usize))
            .collect();
        Resolver {
            user: Arc::new(user),
        }
    }

    /// The address of `name`: the user's table, then the process.
    pub(super) fn resolve(&self, name: &str) -> Option<*const u8> {
        match self.user.get(name) {
            Some(&a) => Some(a as *const u8),
            None => process_symbol(name),
        }
    }

    /// The resolver as cranelift-jit's lookup function.
    pub(super) fn lookup_fn(&self) -> LookupFn {
        let this = self.clone();
        Box::new(move |name| this.resolve(name))
    }
}

/// `name` in the process: every loaded object (`RTLD_DEFAULT`), then
/// `libm.so.6`, which a Rust binary that never calls a libm function itself
/// may not have loaded.
fn process_symbol(name: &str) -> Option<*const u8> {
    let c_name = CString::new(name).ok()?;
    // SAFETY: dlsym with a NUL-terminated name and a valid handle only reads.
    let found = unsafe { libc::dlsym(libc::RTLD_DEFAULT, c_name.as_ptr()) };
    if !found.is_null() {
        return Some(found as *const u8);
    }
    let libm = libm_handle()?;
    // SAFETY: as above; the handle stays open for the life of the process.
    let found = unsafe { libc::dlsym(libm as *mut libc::c_void, c_name.as_ptr()) };
    (!found.is_null()).then_some(found as *const u8)
}

/// The handle of `libm.so.6`, opened once and never closed.
fn libm_handle() -> Option<usize> {
    static LIBM: OnceLock<usize> = OnceLock::new();
    let handle = *LIBM.get_or_init(|| {
        // SAFETY: dlopen of a system library by a constant name.
        unsafe { libc::dlopen(c"libm.so.6".as_ptr(), libc::RTLD_NOW | libc::RTLD_GLOBAL) as usize }
    });
    (handle != 0).then_some(handle)
}
