//! Pass plugins: the example plugin (examples/pass-plugin) is built, loaded
//! into cuwasm-opt, and its op and pass are used in a pipeline; a plugin built
//! for another ABI version, and a library without the entry point, are refused.

use cuwasm_tests::tool;
use std::path::PathBuf;
use std::process::{Command, Output};

/// Build a plugin crate of the workspace with the profile of this test, and
/// return the path of its shared library.
fn build_plugin(package: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(|d| d.parent()).unwrap().to_path_buf();
    let mut cmd = Command::new(env!("CARGO"));
    cmd.args(["build", "-q", "-p", package]);
    if profile_dir.ends_with("release") {
        cmd.arg("--release");
    }
    assert!(cmd.status().unwrap().success(), "building {package} failed");
    let file = format!("lib{}.so", package.replace('-', "_"));
    profile_dir.join(file)
}

fn opt(args: &[&str], input: &str) -> Output {
    // Tests run on several threads of one process: one input file per call.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = cuwasm_tests::scratch_dir("plugins").join(format!("input-{n}.mlir"));
    std::fs::write(&path, input).unwrap();
    Command::new(tool("cuwasm-opt"))
        .args(args)
        .arg(&path)
        .output()
        .unwrap()
}

const INPUT: &str = r#""func.func"() <{function_type = (i32) -> i32, sym_name = "f"}> ({
^bb0(%x: i32):
  %0 = "demo.double"(%x) : (i32) -> i32
  "func.return"(%0) : (i32) -> ()
}) : () -> ()
"#;

#[test]
fn example_plugin_registers_an_op_and_a_pass_that_runs_in_a_pipeline() {
    let plugin = build_plugin("cuwasm-example-plugin");
    let load = format!("--load-pass-plugin={}", plugin.display());
    let out = opt(
        &[
            &load,
            "--pass-pipeline=builtin.module(func.func(demo-expand-double))",
        ],
        INPUT,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(r#"%0 = "arith.addi"(%arg0, %arg0) : (i32, i32) -> i32"#),
        "{stdout}"
    );
    assert!(!stdout.contains("demo.double"), "{stdout}");

    // The short form works for plugin passes too, and --list-passes shows them.
    let out = opt(&[&load, "--demo-expand-double"], INPUT);
    assert!(out.status.success());
    let list = Command::new(tool("cuwasm-opt"))
        .args([&load, "--list-passes"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&list.stdout).contains("demo-expand-double"));

    // Without the plugin, neither the op nor the pass exists.
    let out = opt(&["--demo-expand-double"], INPUT);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("'--demo-expand-double'"), "{stderr}");
    let out = opt(&[], INPUT);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("demo.double"), "{stderr}");
}

#[test]
fn plugin_for_another_abi_version_is_refused_and_nothing_is_loaded() {
    let plugin = build_plugin("cuwasm-example-plugin-wrong-abi");
    let load = format!("--load-pass-plugin={}", plugin.display());
    let out = opt(&[&load, "--list-passes"], INPUT);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("built for plugin ABI version 2, this tool has version 1"),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("wrong-abi-pass"));
}

#[test]
fn library_without_entry_point_is_refused() {
    let out = opt(&["--load-pass-plugin=libm.so.6"], INPUT);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("does not export 'cuwasm_pass_plugin_info'"),
        "{stderr}"
    );
    let out = opt(&["--load-pass-plugin=/nonexistent/plugin.so"], INPUT);
    assert_eq!(out.status.code(), Some(1));
}
