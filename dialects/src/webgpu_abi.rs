//! The contract between the WGSL/SPIR-V targets and the runtime's webgpu
//! backend (docs/webgpu-abi.md): how a kernel's parameters reach a compute
//! shader. Plain data, so that neither side depends on the other.

/// Words (`u32`) at the start of the parameter block that the runtime fills
/// for every dispatch: `grid_dim.xyz` (words 0..3, of the whole launch),
/// word 3 unused, the block-id offset of this dispatch (words 4..7, nonzero
/// when a grid over 65,535 workgroups per dimension is split into several
/// dispatches), word 7 unused. Kernel parameters start at this word.
pub const HEADER_WORDS: u32 = 8;

/// Binding (group 0) of the parameter block: `var<uniform>
/// cuwasm_params: array<vec4<u32>, N>`.
pub const PARAMS_BINDING: u32 = 0;

/// Names of the pipeline-overridable constants the runtime sets per launch.
pub const BLOCK_DIM_OVERRIDES: [&str; 3] = ["cuwasm_block_x", "cuwasm_block_y", "cuwasm_block_z"];
/// Override: the 32-bit words of dynamic (`extern __shared__`) workgroup
/// memory of a launch (at least 1).
pub const DYNAMIC_SHARED_WORDS_OVERRIDE: &str = "cuwasm_dynamic_shared_words";

/// Where one kernel parameter goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamSlot {
    /// A pointer: the buffer it points into is bound whole at `binding`, and
    /// its byte offset into that buffer is written at word `word` of the
    /// parameter block.
    Buffer {
        binding: u32,
        word: u32,
        writable: bool,
    },
    /// A value (scalar, or by-value struct, see [`KernelLayout::by_value`]):
    /// its `bytes` bytes, little endian, from word `word` on; a value of more
    /// than 4 bytes starts at an even word.
    Value { word: u32, bytes: u32 },
}

/// A program variable (`__device__`, `__constant__`) a kernel uses: the
/// runtime keeps one buffer per variable and binds it at `binding`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariableSlot {
    /// Flat name (`module.var`), as host code names it.
    pub name: String,
    pub binding: u32,
    pub bytes: u32,
    /// Initial contents (`__constant__ float k[3] = {...}`), zeros if empty.
    pub init: Vec<u8>,
}

/// How to launch one compiled kernel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelLayout {
    /// Flat name (`module.kernel`), what host code launches.
    pub name: String,
    /// The shader's entry point.
    pub entry: String,
    /// One slot per kernel parameter, in order.
    pub params: Vec<ParamSlot>,
    /// The parameters (indices into `params`, each a [`ParamSlot::Value`])
    /// that are by-value structs. Their argument is the address of the
    /// caller's copy, as on every cuwasm device (`cuwasm.byval_bytes`,
    /// docs/cpu-abi.md): the runtime copies the slot's `bytes` bytes from
    /// that address, not from the argument itself.
    pub by_value: Vec<usize>,
    /// Words of the parameter block (header included), a multiple of 4.
    pub param_words: u32,
    pub variables: Vec<VariableSlot>,
    /// Bytes of static workgroup memory (`__shared__`), for the runtime's
    /// limit check.
    pub static_shared_bytes: u32,
}

impl KernelLayout {
    /// The layout as one line of JSON, with this struct's field names, a
    /// parameter as `{"buffer":{"binding":1,"word":8,"writable":true}}` or
    /// `{"value":{"word":9,"bytes":4}}`, and a variable's `init` as an array
    /// of byte values: what `cuwasm-opt --emit=wgsl` writes before each
    /// kernel's module for hosts that launch it themselves
    /// (examples/webgpu-browser/loader.mjs).
    pub fn to_json(&self) -> String {
        let list = |items: Vec<String>| format!("[{}]", items.join(","));
        let params = self.params.iter().map(|p| match *p {
            ParamSlot::Buffer {
                binding,
                word,
                writable,
            } => format!(
                r#"{{"buffer":{{"binding":{binding},"word":{word},"writable":{writable}}}}}"#
            ),
            ParamSlot::Value { word, bytes } => {
                format!(r#"{{"value":{{"word":{word},"bytes":{bytes}}}}}"#)
            }
        });
        let variables = self.variables.iter().map(|v| {
            format!(
                r#"{{"name":{},"binding":{},"bytes":{},"init":{}}}"#,
                json_string(&v.name),
                v.binding,
                v.bytes,
                list(v.init.iter().map(u8::to_string).collect())
            )
        });
        format!(
            r#"{{"name":{},"entry":{},"params":{},"by_value":{},"param_words":{},"variables":{},"static_shared_bytes":{}}}"#,
            json_string(&self.name),
            json_string(&self.entry),
            list(params.collect()),
            list(self.by_value.iter().map(usize::to_string).collect()),
            self.param_words,
            list(variables.collect()),
            self.static_shared_bytes
        )
    }
}

/// `s` as a JSON string literal.
fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_json_names_every_field() {
        let layout = KernelLayout {
            name: "m.k\"1".into(),
            entry: "main".into(),
            params: vec![
                ParamSlot::Buffer {
                    binding: 1,
                    word: 8,
                    writable: true,
                },
                ParamSlot::Value { word: 10, bytes: 8 },
            ],
            by_value: vec![1],
            param_words: 12,
            variables: vec![VariableSlot {
                name: "m.v".into(),
                binding: 2,
                bytes: 4,
                init: vec![3, 0, 0, 255],
            }],
            static_shared_bytes: 64,
        };
        assert_eq!(
            layout.to_json(),
            r#"{"name":"m.k\"1","entry":"main","params":[{"buffer":{"binding":1,"word":8,"writable":true}},{"value":{"word":10,"bytes":8}}],"by_value":[1],"param_words":12,"variables":[{"name":"m.v","binding":2,"bytes":4,"init":[3,0,0,255]}],"static_shared_bytes":64}"#
        );
    }
}
