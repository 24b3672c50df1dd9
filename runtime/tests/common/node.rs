//! Driving the JavaScript loader's runner (examples/wasm-node/run.mjs) from
//! Rust tests: the runtime's tests (hand-written modules) and the tests
//! crate's (emitted modules) both include this file.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The runner, from the directory of a workspace member's manifest.
pub fn run_mjs(manifest_dir: &str) -> PathBuf {
    PathBuf::from(manifest_dir).join("../examples/wasm-node/run.mjs")
}

/// A small deterministic generator for test inputs.
pub fn random(seed: &mut u64) -> u32 {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (*seed >> 33) as u32
}

/// Write `module` to a file of its own for test `name`.
pub fn module_file(name: &str, module: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("cuwasm-{}-{name}.wasm", std::process::id()));
    std::fs::write(&path, module).unwrap();
    path
}

/// What one `node run.mjs` printed.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The JSON result: the last line of stdout.
    pub fn result(&self) -> &str {
        self.stdout.lines().last().unwrap_or("")
    }

    /// The values of the buffer passed as argument `arg`, as JSON text items.
    pub fn values(&self, arg: usize) -> Vec<String> {
        let json = self.result();
        let key = format!("{{\"arg\":{arg},");
        let at = json
            .find(&key)
            .unwrap_or_else(|| panic!("no buffer {arg} in {json}"));
        let start = at + json[at..].find("\"values\":[").unwrap() + "\"values\":[".len();
        let end = start + json[start..].find(']').unwrap();
        json[start..end]
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| s.trim_matches('"').to_string())
            .collect()
    }

    pub fn numbers<T: std::str::FromStr>(&self, arg: usize) -> Vec<T>
    where
        T::Err: std::fmt::Debug,
    {
        self.values(arg)
            .iter()
            .map(|v| v.parse().unwrap())
            .collect()
    }

    /// The string field `key` of the result.
    pub fn field(&self, key: &str) -> Option<String> {
        let json = self.result();
        let key = format!("\"{key}\":\"");
        let start = json.find(&key)? + key.len();
        let end = start + json[start..].find('"')?;
        Some(json[start..end].to_string())
    }
}

/// `node RUN_MJS MODULE args...`, or `None` when node is not installed.
pub fn node(run_mjs: &Path, module: &Path, args: &[String]) -> Option<Run> {
    if !cuwasm_test_support::external_tool("node") {
        return None;
    }
    let out = Command::new("node")
        .arg(run_mjs)
        .arg(module)
        .args(args)
        .output()
        .expect("cannot run node");
    Some(Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    })
}

/// A buffer argument of floats by their bits (exact through the command line).
pub fn f32_buffer(values: &[f32]) -> String {
    let bits: Vec<String> = values
        .iter()
        .map(|v| format!("{:#x}", v.to_bits()))
        .collect();
    format!("f32[]:{}", bits.join(","))
}

pub fn list<T: ToString>(ty: &str, values: &[T]) -> String {
    let items: Vec<String> = values.iter().map(T::to_string).collect();
    format!("{ty}[]:{}", items.join(","))
}
