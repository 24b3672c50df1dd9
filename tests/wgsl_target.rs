//! The WGSL target on the corpus: every program of `CORPUS_RUNS` emits one
//! WGSL module per kernel, each module passes the `naga` command-line
//! validator (a separate process, independent of the naga library the
//! emitter checks with), and each kernel's `KernelLayout` agrees with its
//! signature and docs/webgpu-abi.md. The programs that use what WGSL cannot
//! express are listed with the located error they must give.

use cuwasm::{Context, OpId};
use cuwasm_dialects::cpu_abi::BYVAL_BYTES_ATTR;
use cuwasm_dialects::webgpu_abi::{HEADER_WORDS, KernelLayout, PARAMS_BINDING, ParamSlot};
use cuwasm_targets::wgsl::{self, WgslKernel, WgslOptions};
use cuwasm_tests::{CORPUS_RUNS, external_tool, scratch_dir, tests_dir};
use cuwasm_tools::gpu_path::{GPU_PIPELINE, gpu_modules};
use std::collections::BTreeSet;
use std::process::Command;

/// Programs the target rejects, the reason, and the error (file:line:col and
/// message) it must give.
const CANNOT_EXPRESS: &[(&str, &str, &str)] = &[
    (
        "17_templates",
        "the double instance of its kernel template computes in f64, and WebGPU has no f64",
        "17_templates.cu:27:37: error: 'arith.constant' op uses f64, which the WGSL target does not support (WebGPU has no 64-bit floats)",
    ),
    (
        "23_polybench_atax",
        "its kernels compute in double (DATA_TYPE), and WebGPU has no f64",
        "23_polybench_atax.cu:51:21: error: 'arith.constant' op uses f64, which the WGSL target does not support (WebGPU has no 64-bit floats)",
    ),
    (
        "26_atomics",
        "a 64-bit atomicCAS loop (WGSL has 32-bit atomics only)",
        "26_atomics.cu:64:22: error: 'cuda.atomic_cas' op is a 64-bit atomic, which the WGSL target does not support (WGSL has 32-bit atomics only)",
    ),
];

/// What a kernel's signature says its layout must have: the number of
/// parameters and which are by-value structs (`cuwasm.byval_bytes`).
struct Signature {
    params: usize,
    by_value: Vec<usize>,
}

/// PTX files of the corpus (`tests/corpus/ptx/FLAVOR/STEM.ptx`) the target
/// rejects, and the start of the error each must give.
const PTX_CANNOT_EXPRESS: &[(&str, &str, &str)] = &[
    (
        "17_templates",
        "f64 arithmetic",
        "error: 'arith.constant' op uses f64",
    ),
    (
        "23_polybench_atax",
        "f64 arithmetic",
        "op uses f64, which the WGSL target",
    ),
    (
        "26_atomics",
        "a 64-bit atom.cas",
        "error: 'cuda.atomic_cas' op is a 64-bit atomic",
    ),
    (
        "28_math_api",
        "f64 arithmetic",
        "error: 'arith.constant' op uses f64",
    ),
    (
        "nvcc/13_softmax",
        "expf's fma.rm (rounding toward -inf), exact only through f64 (expand-cuda-arith)",
        "op uses f64, which the WGSL target",
    ),
];

/// The kernels of corpus program `stem` (with their signatures) as WGSL,
/// or the rendered diagnostic.
fn emit(stem: &str) -> Result<Vec<(Signature, WgslKernel)>, String> {
    emit_file(&tests_dir().join(format!("corpus/cuda/{stem}.cu")))
}

/// The kernels of a `.cu` or `.ptx` file as WGSL.
fn emit_file(path: &std::path::Path) -> Result<Vec<(Signature, WgslKernel)>, String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut ctx = cuwasm_tools::registered_context();
    let name = path.to_string_lossy();
    let module = if path.extension().is_some_and(|e| e == "ptx") {
        cuwasm_frontend_ptx::parse_ptx_module(&mut ctx, &name, &text).map_err(|ds| {
            ds.iter()
                .map(|d| ctx.render_diagnostic(d))
                .collect::<String>()
        })?
    } else {
        let pre = cuwasm_frontends::cuda::PreprocessOptions::default();
        cuwasm_tools::cpu_path::parse_cuda(&mut ctx, &name, &text, &pre)?
    };
    cuwasm_tools::cpu_path::run_pipeline(&mut ctx, module, GPU_PIPELINE)?;
    let mut out = Vec::new();
    for gm in gpu_modules(&ctx, module) {
        let kernels =
            wgsl::emit(&ctx, gm, &WgslOptions::default()).map_err(|d| ctx.render_diagnostic(&d))?;
        let signatures = wgsl::kernels(&ctx, gm)
            .into_iter()
            .map(|f| signature(&ctx, f));
        out.extend(signatures.zip(kernels));
    }
    Ok(out)
}

fn signature(ctx: &Context, func: OpId) -> Signature {
    let params =
        cuwasm_dialects::func::function_signature(ctx, func).map_or(0, |(inputs, _)| inputs.len());
    let byval = ctx
        .attr(func, BYVAL_BYTES_ATTR)
        .and_then(|a| ctx.attr_dense_array(a))
        .unwrap_or(&[]);
    let by_value = (0..byval.len()).filter(|&i| byval[i] > 0).collect();
    Signature { params, by_value }
}

/// What is wrong with `layout` for a kernel of signature `sig`.
fn layout_problems(layout: &KernelLayout, sig: &Signature) -> Vec<String> {
    let mut problems = Vec::new();
    if layout.params.len() != sig.params {
        problems.push(format!(
            "{} parameter slots for {} parameters",
            layout.params.len(),
            sig.params
        ));
    }
    if layout.by_value != sig.by_value
        || layout
            .by_value
            .iter()
            .any(|&i| !matches!(layout.params.get(i), Some(ParamSlot::Value { .. })))
    {
        problems.push(format!(
            "by-value structs {:?}, not {:?}",
            layout.by_value, sig.by_value
        ));
    }
    if !layout.param_words.is_multiple_of(4) || layout.param_words < HEADER_WORDS {
        problems.push(format!("param_words {}", layout.param_words));
    }
    if layout.entry != "main" || !layout.name.contains('.') {
        problems.push(format!("entry '{}', name '{}'", layout.entry, layout.name));
    }
    let mut bindings = BTreeSet::from([PARAMS_BINDING]);
    let mut words = BTreeSet::new();
    for slot in &layout.params {
        let (word, count) = match *slot {
            ParamSlot::Buffer { binding, word, .. } => {
                if !bindings.insert(binding) {
                    problems.push(format!("binding {binding} used twice"));
                }
                (word, 1)
            }
            ParamSlot::Value { word, bytes } => (word, bytes.div_ceil(4)),
        };
        for w in word..word + count {
            if w < HEADER_WORDS || w >= layout.param_words || !words.insert(w) {
                problems.push(format!(
                    "parameter word {w} in the header, past the block or taken"
                ));
            }
        }
    }
    for v in &layout.variables {
        if !bindings.insert(v.binding) {
            problems.push(format!("variable {} reuses binding {}", v.name, v.binding));
        }
        if !v.init.is_empty() && v.init.len() != v.bytes as usize {
            problems.push(format!(
                "variable {}: {} bytes of init for {}",
                v.name,
                v.init.len(),
                v.bytes
            ));
        }
    }
    problems
}

/// Write each kernel's module and check it with the `naga` CLI (when
/// installed) and its layout; problems go to `failures`. The number of
/// modules.
fn check_kernels(
    what: &str,
    kernels: Vec<(Signature, WgslKernel)>,
    failures: &mut Vec<String>,
) -> usize {
    let naga = external_tool("naga");
    let dir = scratch_dir("wgsl-target");
    if kernels.is_empty() {
        failures.push(format!("{what}: no kernels"));
    }
    let count = kernels.len();
    for (sig, k) in kernels {
        for p in layout_problems(&k.layout, &sig) {
            failures.push(format!("{what}: {}: {p}", k.layout.name));
        }
        let file = dir.join(format!("{}.wgsl", k.layout.name));
        std::fs::write(&file, &k.source).unwrap();
        if naga {
            let out = Command::new("naga").arg(&file).output().unwrap();
            if !out.status.success() {
                failures.push(format!(
                    "{what}: naga rejects {}:\n{}{}",
                    file.display(),
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
    }
    count
}

/// Every program emits, every module passes `naga`, every layout is sound;
/// the others fail with their listed error.
#[test]
fn corpus_kernels_emit_and_validate() {
    let mut failures = Vec::new();
    let mut modules = 0;
    for stem in CORPUS_RUNS {
        let expected_error = CANNOT_EXPRESS.iter().find(|(s, ..)| s == stem);
        match (emit(stem), expected_error) {
            (Ok(kernels), None) => modules += check_kernels(stem, kernels, &mut failures),
            (Err(e), Some((_, _, error))) if e.contains(error) => {}
            (Err(e), _) => failures.push(format!("{stem}: {e}")),
            (Ok(_), Some((_, why, _))) => {
                failures.push(format!("{stem}: emitted, but listed as impossible: {why}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(modules >= 30, "only {modules} modules");
    eprintln!("{modules} WGSL modules emitted and validated");
}

/// The same for the kernels of every PTX file of the corpus (nvcc's and
/// clang's): PTX addresses memory through integers, which the pointer
/// analysis follows from the parameters.
#[test]
fn ptx_corpus_kernels_emit_and_validate() {
    let mut failures = Vec::new();
    let (mut files, mut modules) = (0, 0);
    for flavor in ["nvcc", "clang"] {
        let dir = tests_dir().join("corpus/ptx").join(flavor);
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "ptx"))
            .collect();
        paths.sort();
        for path in paths {
            files += 1;
            let stem = path.file_stem().unwrap().to_string_lossy().to_string();
            let what = format!("{flavor}/{stem}");
            let expected_error = PTX_CANNOT_EXPRESS
                .iter()
                .find(|(s, ..)| *s == stem || *s == what);
            match (emit_file(&path), expected_error) {
                (Ok(kernels), None) => modules += check_kernels(&what, kernels, &mut failures),
                (Err(e), Some((_, _, error))) if e.contains(error) => {}
                (Err(e), _) => failures.push(format!("{what}: {e}")),
                (Ok(_), Some((_, why, _))) => {
                    failures.push(format!("{what}: emitted, but listed as impossible: {why}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        files >= 60 && modules >= 60,
        "only {files} files, {modules} modules"
    );
    eprintln!("{files} PTX files: {modules} WGSL modules emitted and validated");
}

/// A page that compiles every module of `list.json` with the browser's
/// WebGPU (Chromium's Tint, which checks WGSL's uniformity rules that
/// naga 30 does not check for barriers) and creates its pipeline, then
/// reports the errors.
const TINT_PAGE: &str = r#"<!doctype html><html><body><script>
(async () => {
  const report = (r) => fetch('/report', { method: 'POST', body: JSON.stringify(r) });
  try {
    const adapter = await navigator.gpu.requestAdapter();
    const f16 = adapter.features.has('shader-f16');
    const device = await adapter.requestDevice({
      requiredFeatures: f16 ? ['shader-f16'] : [],
      requiredLimits: { maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage },
    });
    const rejected = [];
    let compiled = 0;
    for (const name of await (await fetch('/list.json')).json()) {
      const code = await (await fetch('/' + name)).text();
      if (!f16 && code.startsWith('enable f16;')) continue;
      const module = device.createShaderModule({ code });
      const errors = (await module.getCompilationInfo()).messages
        .filter((m) => m.type === 'error')
        .map((m) => `${m.lineNum}:${m.linePos}: ${m.message}`);
      try {
        await device.createComputePipelineAsync({
          layout: 'auto',
          compute: { module, entryPoint: 'main', constants: { cuwasm_block_x: 64 } },
        });
      } catch (e) {
        errors.push(String(e));
      }
      compiled += 1;
      if (errors.length) rejected.push({ name, errors });
    }
    await report({ compiled, rejected });
  } catch (e) {
    await report({ error: String(e) });
  }
})();
</script></body></html>
"#;

/// Serves its folder and prints the page's POST to /report as one line
/// (`REPORT <json>`), as `cuwasm_tests::browser::report_of_page` reads it.
const TINT_SERVER: &str = r#"import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
const here = fileURLToPath(new URL('.', import.meta.url));
const server = createServer(async (req, res) => {
  const path = new URL(req.url, 'http://localhost').pathname;
  if (req.method === 'POST' && path === '/report') {
    let body = '';
    for await (const chunk of req) body += chunk;
    console.log(`REPORT ${body.replace(/\n/g, ' ')}`);
    return res.writeHead(204).end();
  }
  let body;
  try {
    body = await readFile(join(here, basename(path)));
  } catch {
    return res.writeHead(404).end('not found');
  }
  res.writeHead(200).end(body);
});
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}/index.html`));
"#;

/// Every module the target emits for the corpus (CUDA and PTX) is accepted
/// by Chromium's WebGPU (Tint: WGSL's uniformity analysis, and its rules for
/// constant expressions) in headless Chromium; modules with `enable f16`
/// only where the adapter has shader-f16.
#[test]
fn modules_pass_tint_in_chromium() {
    if !external_tool("node") || !external_tool(cuwasm_tests::browser::CHROMIUM) {
        return;
    }
    let dir = scratch_dir("wgsl-tint");
    let mut names = Vec::new();
    let mut sources: Vec<std::path::PathBuf> = CORPUS_RUNS
        .iter()
        .map(|s| tests_dir().join(format!("corpus/cuda/{s}.cu")))
        .collect();
    for flavor in ["nvcc", "clang"] {
        for e in std::fs::read_dir(tests_dir().join("corpus/ptx").join(flavor)).unwrap() {
            sources.push(e.unwrap().path());
        }
    }
    for path in sources
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "cu" || e == "ptx"))
    {
        // Programs the target rejects are checked above.
        for (_, k) in emit_file(path).unwrap_or_default() {
            let name = format!("m{}.wgsl", names.len());
            std::fs::write(dir.join(&name), &k.source).unwrap();
            names.push(serde_free_string(&name));
        }
    }
    std::fs::write(dir.join("list.json"), format!("[{}]", names.join(","))).unwrap();
    std::fs::write(dir.join("index.html"), TINT_PAGE).unwrap();
    let server = dir.join("serve.mjs");
    std::fs::write(&server, TINT_SERVER).unwrap();
    let flags = ["--enable-unsafe-webgpu"];
    let report = cuwasm_tests::browser::report_of_page(&server, &[], "index.html", &flags)
        .unwrap_or_else(|e| panic!("the page: {e}"));
    assert!(
        report.contains("\"rejected\":[]") && !report.contains("\"compiled\":0,"),
        "Chromium rejects modules (in {}): {report}",
        dir.display()
    );
    eprintln!("{} modules; Chromium: {report}", names.len());
}

/// `s` as a JSON string (file names here are plain ASCII).
fn serde_free_string(s: &str) -> String {
    format!("\"{s}\"")
}
