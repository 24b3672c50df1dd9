//! Pass plugins: shared libraries that register passes (and ops), loaded with
//! libloading, as `mlir-opt --load-pass-plugin`.
//!
//! A plugin exports one C symbol, [`ENTRY_POINT`], returning a [`PluginInfo`]
//! (write it with [`declare_pass_plugin!`](crate::declare_pass_plugin)). The
//! loader checks the ABI version and the build (same rustc, same cuwasm: Rust
//! types cross the boundary) before it calls anything else in the library; a
//! plugin that fails a check is refused and nothing of it is registered.

use crate::registry::PassRegistry;
use std::ffi::{CStr, c_char};

/// Bumped whenever [`PluginInfo`] or what `register` receives changes.
pub const PLUGIN_ABI_VERSION: u32 = 1;

/// The symbol every plugin exports: `extern "C" fn() -> *const PluginInfo`.
pub const ENTRY_POINT: &str = "cuwasm_pass_plugin_info";

/// The build a plugin must match: cuwasm's version and the rustc that built it.
pub const BUILD_ID: &str = concat!(
    "cuwasm-passes ",
    env!("CARGO_PKG_VERSION"),
    ", ",
    env!("CUWASM_RUSTC_VERSION"),
    "\0"
);

/// What a plugin's entry point returns.
#[repr(C)]
pub struct PluginInfo {
    pub abi_version: u32,
    /// [`BUILD_ID`] of the plugin's build, NUL-terminated.
    pub build_id: *const c_char,
    /// The plugin's name, NUL-terminated.
    pub name: *const c_char,
    /// Registers the plugin's passes (and dialect hooks) into the registry.
    pub register: extern "C" fn(registry: *mut PassRegistry),
}

// SAFETY: the pointers are to static NUL-terminated strings and a function.
unsafe impl Sync for PluginInfo {}

/// Export a plugin's entry point:
/// `declare_pass_plugin!("my-plugin", register)` with `fn register(r: &mut PassRegistry)`.
#[macro_export]
macro_rules! declare_pass_plugin {
    ($name:literal, $register:path) => {
        extern "C" fn __cuwasm_plugin_register(registry: *mut $crate::PassRegistry) {
            // SAFETY: the loader passes a valid, exclusive registry.
            $register(unsafe { &mut *registry })
        }
        static __CUWASM_PLUGIN_INFO: $crate::plugin::PluginInfo = $crate::plugin::PluginInfo {
            abi_version: $crate::plugin::PLUGIN_ABI_VERSION,
            build_id: $crate::plugin::BUILD_ID.as_ptr().cast(),
            name: concat!($name, "\0").as_ptr().cast(),
            register: __cuwasm_plugin_register,
        };
        #[unsafe(no_mangle)]
        pub extern "C" fn cuwasm_pass_plugin_info() -> *const $crate::plugin::PluginInfo {
            &__CUWASM_PLUGIN_INFO
        }
    };
}

/// Load the plugin at `path` and register what it provides into `registry`.
/// The library stays loaded for the rest of the process.
pub fn load(path: &str, registry: &mut PassRegistry) -> Result<(), String> {
    let fail = |why: String| format!("cannot load pass plugin '{path}': {why}");
    // SAFETY: loading runs the library's initialisers; a plugin is trusted code,
    // as for mlir-opt.
    let lib = unsafe { libloading::Library::new(path) }.map_err(|e| fail(e.to_string()))?;
    // SAFETY: the entry point's type is fixed by this module's contract.
    let entry = unsafe { lib.get::<extern "C" fn() -> *const PluginInfo>(ENTRY_POINT.as_bytes()) }
        .map_err(|_| {
            fail(format!(
                "it does not export '{ENTRY_POINT}' (is it a cuwasm pass plugin?)"
            ))
        })?;
    let info = entry();
    if info.is_null() {
        return Err(fail(format!("'{ENTRY_POINT}' returned null")));
    }
    // SAFETY: non-null, and the first field is read before anything else is trusted.
    let info = unsafe { &*info };
    if info.abi_version != PLUGIN_ABI_VERSION {
        return Err(fail(format!(
            "it was built for plugin ABI version {}, this tool has version {PLUGIN_ABI_VERSION}",
            info.abi_version
        )));
    }
    // SAFETY: version 1 of the ABI guarantees NUL-terminated strings.
    let build = unsafe { CStr::from_ptr(info.build_id) }.to_string_lossy();
    let ours = BUILD_ID.trim_end_matches('\0');
    if build != ours {
        return Err(fail(format!(
            "it was built by '{build}', this tool by '{ours}'"
        )));
    }
    // Register into a scratch registry first, so a refused plugin adds nothing.
    let mut scratch = PassRegistry::new();
    (info.register)(&mut scratch);
    registry.merge(scratch).map_err(fail)?;
    std::mem::forget(lib);
    Ok(())
}
