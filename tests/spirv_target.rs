//! The SPIR-V target on the corpus: every program of `CORPUS_RUNS` that the
//! WGSL target emits also emits as SPIR-V (one lowering, two writers), one
//! module per kernel with the WGSL kernel's layout and the ABI's spec
//! constants (docs/webgpu-abi.md). Each module passes `spirv-val
//! --target-env vulkan1.1` as emitted; specialized for a launch by the
//! runtime's own code (runtime/src/webgpu/spirv.rs), it passes `spirv-val`
//! again and the `naga` command-line validator (naga's SPIR-V reader, then
//! its validator: the path the runtime's webgpu backend takes), each a
//! separate process. A program WGSL cannot express fails with the WGSL
//! target's located error. The same for the corpus's PTX files.

use cuwasm::{Context, OpId};
use cuwasm_dialects::webgpu_abi::{BLOCK_DIM_OVERRIDES, DYNAMIC_SHARED_WORDS_OVERRIDE};
use cuwasm_runtime::webgpu::spirv::SpirvKernel as Specializer;
use cuwasm_targets::spirv::{self, SpirvKernel};
use cuwasm_targets::wgsl::{self, WgslKernel, WgslOptions};
use cuwasm_tests::{CORPUS_RUNS, external_tool, scratch_dir, tests_dir};
use cuwasm_tools::gpu_path::{GPU_PIPELINE, gpu_modules};
use std::path::Path;
use std::process::Command;

/// Both targets' output for a file: errors rendered.
type Emitted = (
    Result<Vec<WgslKernel>, String>,
    Result<Vec<SpirvKernel>, String>,
);

/// The kernels of the `.cu` or `.ptx` file `path` through both targets.
fn emit_both(path: &Path) -> Emitted {
    let text = std::fs::read_to_string(path).unwrap();
    let mut ctx = cuwasm_tools::registered_context();
    let name = path.to_string_lossy();
    let parsed = if path.extension().is_some_and(|e| e == "ptx") {
        cuwasm_frontend_ptx::parse_ptx_module(&mut ctx, &name, &text)
            .map_err(|ds| ds.iter().map(|d| ctx.render_diagnostic(d)).collect())
    } else {
        let pre = cuwasm_frontends::cuda::PreprocessOptions::default();
        cuwasm_tools::cpu_path::parse_cuda(&mut ctx, &name, &text, &pre)
    };
    let compiled = parsed.and_then(|module| {
        cuwasm_tools::cpu_path::run_pipeline(&mut ctx, module, GPU_PIPELINE)?;
        Ok(gpu_modules(&ctx, module))
    });
    let gms = match compiled {
        Ok(gms) => gms,
        Err(e) => return (Err(e.clone()), Err(e)),
    };
    let opts = WgslOptions::default();
    (
        every_module(&ctx, &gms, |gm| wgsl::emit(&ctx, gm, &opts)),
        every_module(&ctx, &gms, |gm| spirv::emit(&ctx, gm, &opts)),
    )
}

/// `emit`'s kernels of each of `gms`, in order; an error rendered.
fn every_module<K>(
    ctx: &Context,
    gms: &[OpId],
    emit: impl Fn(OpId) -> Result<Vec<K>, cuwasm::Diagnostic>,
) -> Result<Vec<K>, String> {
    let mut all = Vec::new();
    for &gm in gms {
        all.extend(emit(gm).map_err(|d| ctx.render_diagnostic(&d))?);
    }
    Ok(all)
}

/// Run `program` with `args`; its output on failure.
fn rejects(program: &str, args: &[&dyn AsRef<std::ffi::OsStr>]) -> Option<String> {
    let out = Command::new(program).args(args).output().unwrap();
    (!out.status.success()).then(|| {
        format!(
            "{program} rejects it:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn write_words(path: &Path, words: &[u32]) {
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    std::fs::write(path, bytes).unwrap();
}

/// The external validators installed (both are under CI).
struct Tools {
    spirv_val: bool,
    naga: bool,
}

/// What is wrong with SPIR-V kernel `k`, written under `dir`, whose WGSL
/// twin is `w`.
fn problems(k: &SpirvKernel, w: &WgslKernel, dir: &Path, tools: &Tools) -> Vec<String> {
    let mut problems = Vec::new();
    if k.layout != w.layout {
        problems.push(format!("layout {:?}, not WGSL's {:?}", k.layout, w.layout));
    }
    let file = dir.join(format!("{}.spv", k.layout.name));
    write_words(&file, &k.words);
    if tools.spirv_val {
        problems.extend(rejects(
            "spirv-val",
            &[&"--target-env", &"vulkan1.1", &file],
        ));
    }
    let abi = match Specializer::read(&k.words, &k.layout.entry) {
        Ok(abi) => abi,
        Err(e) => return [problems, vec![format!("the runtime cannot read it: {e}")]].concat(),
    };
    let block = [8, 4, 2];
    if abi.fixed_block != [1, 1, 1] || !BLOCK_DIM_OVERRIDES.iter().all(|o| abi.has(o)) {
        problems.push("no block-shape spec constants".into());
    }
    let dynamic = w.source.contains(DYNAMIC_SHARED_WORDS_OVERRIDE);
    if abi.has(DYNAMIC_SHARED_WORDS_OVERRIDE) != dynamic {
        problems.push(format!("dynamic shared spec constant: {}", !dynamic));
    }
    let values: Vec<(&str, u32)> = BLOCK_DIM_OVERRIDES
        .iter()
        .copied()
        .zip(block)
        .chain([(DYNAMIC_SHARED_WORDS_OVERRIDE, 16)])
        .collect();
    let launch = dir.join(format!("{}.8x4x2.spv", k.layout.name));
    write_words(&launch, &abi.specialize(&k.words, &values, Some(block)));
    if tools.spirv_val {
        problems.extend(rejects(
            "spirv-val",
            &[&"--target-env", &"vulkan1.1", &launch],
        ));
    }
    if tools.naga {
        problems.extend(rejects("naga", &[&launch]));
    }
    problems
}

/// Check the SPIR-V of `path` against its WGSL, writing the modules under
/// `dir`: the modules checked, or 0 where both targets give the same
/// located error.
fn check_file(path: &Path, dir: &Path, tools: &Tools, failures: &mut Vec<String>) -> usize {
    let file = path.file_name().unwrap().to_string_lossy();
    match emit_both(path) {
        (Ok(w), Ok(s)) if w.len() == s.len() && !s.is_empty() => {
            for (k, w) in s.iter().zip(&w) {
                for p in problems(k, w, dir, tools) {
                    failures.push(format!("{file}: {}: {p}", k.layout.name));
                }
            }
            s.len()
        }
        (Err(w), Err(s)) if w == s && s.contains(&format!("{file}:")) => 0,
        (w, s) => {
            failures.push(format!(
                "{file}: WGSL {:?} and SPIR-V {:?} disagree",
                w.map(|k| k.len()),
                s.map(|k| k.len())
            ));
            0
        }
    }
}

fn tools() -> Tools {
    Tools {
        spirv_val: external_tool("spirv-val"),
        naga: external_tool("naga"),
    }
}

/// Every program WGSL emits emits as SPIR-V, every module validates; the
/// others give WGSL's located error.
#[test]
fn corpus_kernels_emit_and_validate() {
    let (tools, dir) = (tools(), scratch_dir("spirv-target"));
    let mut failures = Vec::new();
    let (mut modules, mut refused) = (0, 0);
    for stem in CORPUS_RUNS {
        let path = tests_dir().join(format!("corpus/cuda/{stem}.cu"));
        match check_file(&path, &dir, &tools, &mut failures) {
            0 => refused += 1,
            n => modules += n,
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        modules >= 30 && refused <= 3,
        "{modules} modules, {refused} refused"
    );
    eprintln!(
        "{modules} SPIR-V modules emitted and validated, {refused} programs refused as by WGSL"
    );
}

/// The same for every PTX file of the corpus (nvcc's and clang's): the
/// kernels WGSL emits emit as SPIR-V and validate.
#[test]
fn ptx_corpus_kernels_emit_and_validate() {
    let tools = tools();
    let mut failures = Vec::new();
    let (mut modules, mut refused) = (0, 0);
    for flavor in ["nvcc", "clang"] {
        let dir = scratch_dir("spirv-target-ptx").join(flavor);
        std::fs::create_dir_all(&dir).unwrap();
        let folder = tests_dir().join("corpus/ptx").join(flavor);
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "ptx") {
                match check_file(&path, &dir, &tools, &mut failures) {
                    0 => refused += 1,
                    n => modules += n,
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(modules >= 90, "{modules} modules, {refused} files refused");
    eprintln!(
        "{modules} SPIR-V modules of PTX emitted and validated, {refused} files refused as by WGSL"
    );
}
