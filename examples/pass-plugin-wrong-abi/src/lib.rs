//! A plugin built "for another ABI version": its entry point reports
//! `PLUGIN_ABI_VERSION + 1`, and its `register` would add a pass. The loader
//! must refuse it before calling `register` (tests/plugins.rs checks that the
//! pass is not there).

use cuwasm_passes::PassRegistry;
use cuwasm_passes::plugin::{BUILD_ID, PLUGIN_ABI_VERSION, PluginInfo};

extern "C" fn register(registry: *mut PassRegistry) {
    // SAFETY: only reached if the loader wrongly accepts this plugin.
    let r = unsafe { &mut *registry };
    r.register(cuwasm_passes::PassInfo {
        name: "wrong-abi-pass",
        description: "must never be registered",
        anchor: None,
        options: &[],
        create: |_| Err("must never run".into()),
    })
    .ok();
}

static INFO: PluginInfo = PluginInfo {
    abi_version: PLUGIN_ABI_VERSION + 1,
    build_id: BUILD_ID.as_ptr().cast(),
    name: c"wrong-abi".as_ptr(),
    register,
};

#[unsafe(no_mangle)]
pub extern "C" fn cuwasm_pass_plugin_info() -> *const PluginInfo {
    &INFO
}
