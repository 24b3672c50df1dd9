//! The JavaScript loader (examples/wasm-node) in Node.js: the shared test
//! kernel module (tests/common) run through `run.mjs`, its numbers compared
//! with values computed here. Needs `node` (Debian `nodejs`, which .ci/run
//! installs); elsewhere the tests say loudly that they skipped.

mod common;

use common::node::{Run, f32_buffer, list, module_file, node, run_mjs};
use common::{
    FORMAT, byval_struct, check_env_words, histogram, math_f32, math_f64, module_importing, random,
    reversed, test_module,
};

/// Run kernel `kernel` of the test module: `args` after the module's name.
fn run(test: &str, args: &[&str]) -> Option<Run> {
    let module = module_file(test, &test_module());
    let run = node(
        &run_mjs(env!("CARGO_MANIFEST_DIR")),
        &module,
        &args.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
    );
    let _ = std::fs::remove_file(module);
    if let Some(r) = &run {
        assert!(
            r.status <= 1,
            "run.mjs failed ({}):\n{}{}",
            r.status,
            r.stdout,
            r.stderr
        );
    }
    run
}

#[test]
fn saxpy_in_node_matches_the_host() {
    let n = 3000;
    let mut seed = 11;
    let x: Vec<f32> = (0..n).map(|_| random(&mut seed) as f32 / 1e6).collect();
    let y: Vec<f32> = (0..n).map(|_| random(&mut seed) as f32 / 3e5).collect();
    let alpha = 0.375f32;
    let blocks = (n as u32).div_ceil(128).to_string();
    let (n_arg, a_arg) = (format!("i32:{n}"), format!("f32:{alpha}"));
    let (xs, ys) = (f32_buffer(&x), f32_buffer(&y));
    let Some(r) = run(
        "saxpy",
        &["k.saxpy", &blocks, "128", &n_arg, &a_arg, &xs, &ys],
    ) else {
        return;
    };
    assert_eq!(r.status, 0, "{}", r.stderr);
    let expected: Vec<f32> = x.iter().zip(&y).map(|(x, y)| alpha * x + y).collect();
    assert_eq!(r.numbers::<f32>(2), x, "x is unchanged");
    assert_eq!(r.numbers::<f32>(3), expected);
}

#[test]
fn kernel_env_and_block_buffers_in_node() {
    let Some(r) = run(
        "env",
        &["k.env", "3,2,2", "4,2", "--shared=100", "u32[192]"],
    ) else {
        return;
    };
    check_env_words(&r.numbers::<u32>(0), [3, 2, 2], [4, 2, 1], 100);
    let (threads, blocks) = (32usize, 20usize);
    let mut seed = 5;
    let input: Vec<i32> = (0..threads * blocks)
        .map(|_| (random(&mut seed) % 1000) as i32)
        .collect();
    let shared = format!("--shared={}", 4 * threads);
    let (grid, block, input_arg) = (blocks.to_string(), threads.to_string(), list("i32", &input));
    let out = format!("i32[{}]", input.len());
    let Some(r) = run(
        "reverse",
        &["k.reverse", &grid, &block, &shared, &input_arg, &out],
    ) else {
        return;
    };
    assert_eq!(r.numbers::<i32>(1), reversed(&input, threads));
}

#[test]
fn atomics_on_a_shared_memory_in_node() {
    let n = 5000usize;
    let mut seed = 9;
    let input: Vec<u32> = (0..n).map(|_| random(&mut seed) % 5000).collect();
    let (n_arg, input_arg) = (format!("i32:{n}"), list("u32", &input));
    let grid = n.div_ceil(256).to_string();
    let args = [
        "k.hist",
        &grid,
        "256",
        "--repeat=3",
        &n_arg,
        &input_arg,
        "u32[18]",
    ];
    let Some(r) = run("hist", &args) else {
        return;
    };
    let got = r.numbers::<u32>(2);
    let (bins, total) = histogram(&input, 3);
    assert_eq!(&got[..16], &bins);
    assert_eq!(got[16] as u64 | (got[17] as u64) << 32, total);
}

#[test]
fn traps_in_node_name_the_kernel_and_block() {
    let Some(r) = run("oob", &["k.oob", "4", "64", "u32[256]", "i32:2"]) else {
        return;
    };
    assert_eq!(r.status, 1);
    assert_eq!(
        r.field("message").as_deref(),
        Some("out-of-bounds memory access in kernel 'k.oob', block (2,0,0)")
    );
    assert_eq!(r.field("code").as_deref(), Some("cudaErrorIllegalAddress"));
    // The loader runs blocks in order: 0, 1 and 2 wrote their values, 3 never ran.
    let got = r.numbers::<u32>(0);
    assert!((0..192).all(|g| got[g] == g as u32));
    assert!(got[192..].iter().all(|&v| v == 0));
    let Some(r) = run("div", &["k.div", "1", "1", "i32:0", "i32[1]"]) else {
        return;
    };
    assert_eq!(
        r.field("message").as_deref(),
        Some("integer division by zero in kernel 'k.div', block (0,0,0)")
    );
    assert_eq!(r.field("code").as_deref(), Some("cudaErrorLaunchFailure"));
}

#[test]
fn printf_and_device_variables_in_node() {
    let Some(r) = run("printf", &["k.printf", "1", "1", "i32[1]"]) else {
        return;
    };
    let printed = FORMAT.replace("%d", "42").replace("%s", "wasm");
    assert!(r.stdout.starts_with(&printed), "{}", r.stdout);
    assert_eq!(r.numbers::<usize>(0), [printed.len()]);
    // cuwasm_init copied the variable's initializer.
    let Some(r) = run("table", &["k.read_table", "1", "1", "u32[4]"]) else {
        return;
    };
    assert_eq!(r.numbers::<u32>(0), [11, 22, 33, 44]);
    let Some(r) = run("list", &["--list"]) else {
        return;
    };
    let json = r.result();
    let saxpy = r#"{"name":"k.saxpy","paramSizes":[4,4,8,8],"byValue":[false,false,false,false],"staticSharedBytes":0,"perThreadBytes":0}"#;
    assert!(json.contains(saxpy), "{json}");
    assert!(
        json.contains(r#""paramSizes":[16,8],"byValue":[true,false]"#),
        "{json}"
    );
    assert!(json.contains(r#""k.table":{"offset":"#), "{json}");
}

#[test]
fn math_in_node_is_close_to_the_c_library() {
    let n = 300usize;
    let x: Vec<f32> = (0..n).map(|i| 0.01 + i as f32 * 0.0123).collect();
    let xd: Vec<f64> = (0..n).map(|i| 0.02 + i as f64 * 0.0129).collect();
    let (n_arg, x_arg) = (format!("i32:{n}"), f32_buffer(&x));
    let bits: Vec<String> = xd.iter().map(|v| format!("{:#x}", v.to_bits())).collect();
    let xd_arg = format!("f64[]:{}", bits.join(","));
    let (out, outd) = (format!("f32[{}]", n * 10), format!("f64[{}]", n * 6));
    let grid = n.div_ceil(64).to_string();
    let args = ["k.math", &grid, "64", &n_arg, &x_arg, &out, &xd_arg, &outd];
    let Some(r) = run("math", &args) else {
        return;
    };
    // JavaScript's Math is not the C library: close, not always the same bits.
    let close = |got: f64, want: f64, tolerance: f64| {
        (got - want).abs() <= tolerance * want.abs().max(f64::MIN_POSITIVE)
    };
    let got = r.numbers::<f32>(2);
    let want: Vec<f32> = x.iter().flat_map(|&v| math_f32(v)).collect();
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert!(close(*g as f64, *w as f64, 4e-7), "float {i}: {g} vs {w}");
    }
    let got = r.numbers::<f64>(4);
    let want: Vec<f64> = xd.iter().flat_map(|&v| math_f64(v)).collect();
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert!(close(*g, *w, 1e-14), "double {i}: {g} vs {w}");
    }
    // fma is exact in the loader.
    for (i, v) in xd.iter().enumerate() {
        assert_eq!(got[6 * i + 5], v.mul_add(*v, 0.1));
    }
}

#[test]
fn the_loader_names_imports_it_lacks() {
    let module = module_file(
        "imports",
        &module_importing(r#"(import "env" "nosuchf" (func (param f32) (result f32)))"#),
    );
    let run = node(
        &run_mjs(env!("CARGO_MANIFEST_DIR")),
        &module,
        &["--list".to_string()],
    );
    let _ = std::fs::remove_file(module);
    let Some(r) = run else {
        return;
    };
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("env.nosuchf"), "{}", r.stderr);
}

#[test]
fn structs_passed_by_value_in_node() {
    let s = byval_struct(-21, 1.25, 1 << 40);
    let hex: String = s.iter().map(|b| format!("{b:02x}")).collect();
    let Some(r) = run(
        "byval",
        &["k.byval", "1", "1", &format!("bytes:{hex}"), "u8[16]"],
    ) else {
        return;
    };
    let got: Vec<u8> = r.numbers(1);
    assert_eq!(got, byval_struct(-42, 1.75, (1 << 40) + 1));
}
