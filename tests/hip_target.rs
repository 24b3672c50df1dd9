//! The HIP target (targets/hip) against the real `hipcc` (ROCm 5.2, as .ci/run
//! installs it): every program of `CORPUS_RUNS`, emitted whole (kernels, host
//! code, `main`) by `cuwasm-opt --emit=hip`, compiles and links for gfx90a,
//! and its code object holds every kernel under its own name; the same
//! programs emitted for wavefronts of 32 (`--emit=hip-wave32`) compile for
//! gfx1100; they compile with hiprtc too (device code only); every PTX
//! file of the corpus, read by the PTX frontend, gives
//! kernels that compile for gfx90a. These machines have no AMD GPU, so
//! nothing runs here.
//!
//! ROCm 5.2 ships no device library for gfx1100, so that check compiles the
//! device code to gfx1100 assembly (`--cuda-device-only -nogpulib -S`):
//! every kernel through the backend, math library calls left unresolved.
//!
//! `CUWASM_HIP_OUT=DIR cargo test -p cuwasm-tests --test hip_target --
//! --ignored dump_corpus_hip` writes every program's HIP (and the headers
//! nvcc needs) to DIR, to build and run them on an NVIDIA GPU (see the
//! README.txt it writes).

use cuwasm_tests::{CORPUS_RUNS, external_tool, scratch_dir, tests_dir, tool};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Condvar, Mutex};

/// At most this many hipcc processes at once, over all tests of this file.
const HIPCC_JOBS: usize = 2;

static RUNNING: Mutex<usize> = Mutex::new(0);
static FREED: Condvar = Condvar::new();

/// Run `cmd` (a hipcc command) when a job slot is free.
fn run_hipcc(cmd: &mut Command) -> std::process::Output {
    let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
    while *running >= HIPCC_JOBS {
        running = FREED.wait(running).unwrap_or_else(|e| e.into_inner());
    }
    *running += 1;
    drop(running);
    let out = cmd.output().expect("cannot run hipcc");
    *RUNNING.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
    FREED.notify_one();
    out
}

/// `cuwasm-opt --emit=EMIT` of corpus program `stem`, written to `dir`.
fn emit(stem: &str, emit: &str, dir: &Path) -> Result<PathBuf, String> {
    let source = tests_dir().join(format!("corpus/cuda/{stem}.cu"));
    let path = dir.join(format!("{stem}.hip"));
    let out = Command::new(tool("cuwasm-opt"))
        .arg(&source)
        .arg(format!("--emit={emit}"))
        .arg("-o")
        .arg(&path)
        .output()
        .map_err(|e| format!("{stem}: cannot run cuwasm-opt: {e}"))?;
    if out.status.success() {
        Ok(path)
    } else {
        Err(format!(
            "{stem}: cuwasm-opt --emit={emit} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// The kernels an emitted file defines: the lines
/// `extern "C" __global__ void [__launch_bounds__(N) ]NAME(`.
fn kernels(source: &str) -> Vec<String> {
    source
        .lines()
        .filter_map(|l| l.strip_prefix("extern \"C\" __global__ void "))
        .map(|rest| {
            let rest = match rest.strip_prefix("__launch_bounds__(") {
                Some(bounded) => bounded.split_once(") ").map_or("", |(_, r)| r),
                None => rest,
            };
            rest.split('(').next().unwrap_or("").to_string()
        })
        .collect()
}

/// A failure report: what failed, hipcc's message, and the source.
fn hipcc_failure(stem: &str, what: &str, path: &Path, out: &std::process::Output) -> String {
    let source = std::fs::read_to_string(path).unwrap_or_default();
    format!(
        "{stem}: {what} failed (status {:?})\n--- hipcc\n{}{}--- source {}\n{source}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        path.display()
    )
}

/// Run `check` on every item on `HIPCC_JOBS` threads; the failures, sorted.
fn for_each<T: Sync>(items: &[T], check: impl Fn(&T) -> Result<(), String> + Sync) -> Vec<String> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..HIPCC_JOBS {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    if let Err(e) = check(item) {
                        failures.lock().unwrap().push(e);
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    failures
}

#[test]
fn corpus_programs_compile_and_link_for_gfx90a() {
    if !external_tool("hipcc") {
        return;
    }
    let dir = scratch_dir("hip-gfx90a");
    let failures = for_each(CORPUS_RUNS, |stem| {
        let path = emit(stem, "hip", &dir)?;
        let exe = dir.join(stem);
        let out = run_hipcc(
            Command::new("hipcc")
                .args(["--offload-arch=gfx90a", "-O2", "-w"])
                .arg(&path)
                .arg("-o")
                .arg(&exe),
        );
        if !out.status.success() {
            return Err(hipcc_failure(
                stem,
                "hipcc --offload-arch=gfx90a",
                &path,
                &out,
            ));
        }
        // The code object names each kernel (its descriptor `NAME.kd`), so
        // that a runtime finds it by its symbol.
        let binary = std::fs::read(&exe).map_err(|e| format!("{stem}: {e}"))?;
        let source = std::fs::read_to_string(&path).unwrap();
        let names = kernels(&source);
        if names.is_empty() {
            return Err(format!("{stem}: the emitted file defines no kernel"));
        }
        for name in names {
            let kd = format!("{name}.kd\0");
            if !binary.windows(kd.len()).any(|w| w == kd.as_bytes()) {
                return Err(format!(
                    "{stem}: the gfx90a code object has no kernel '{name}'"
                ));
            }
        }
        Ok(())
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn corpus_kernels_compile_for_gfx1100() {
    if !external_tool("hipcc") {
        return;
    }
    let dir = scratch_dir("hip-gfx1100");
    let failures = for_each(CORPUS_RUNS, |stem| {
        let path = emit(stem, "hip-wave32", &dir)?;
        let asm = dir.join(format!("{stem}.s"));
        let out = run_hipcc(
            Command::new("hipcc")
                .args(["--offload-arch=gfx1100", "--cuda-device-only", "-nogpulib"])
                .args(["-O2", "-w", "-S"])
                .arg(&path)
                .arg("-o")
                .arg(&asm),
        );
        if !out.status.success() {
            return Err(hipcc_failure(
                stem,
                "hipcc --offload-arch=gfx1100",
                &path,
                &out,
            ));
        }
        let text = std::fs::read_to_string(&asm).map_err(|e| format!("{stem}: {e}"))?;
        let source = std::fs::read_to_string(&path).unwrap();
        for name in kernels(&source) {
            if !text.contains(&format!(".amdhsa_kernel {name}\n")) {
                return Err(format!("{stem}: no gfx1100 kernel '{name}' in\n{text}"));
            }
        }
        if !text.contains(".amdhsa_wavefront_size32 1") {
            return Err(format!("{stem}: the gfx1100 kernels are not wave32"));
        }
        Ok(())
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The same whole-program files compile with hiprtc, the hip backend's
/// compiler (device code only: the host code is under `#if
/// !defined(__HIPCC_RTC__)`), into AMD code objects holding every kernel.
#[test]
fn corpus_programs_compile_with_hiprtc() {
    if !external_tool("hipcc") {
        return;
    }
    let dir = scratch_dir("hip-rtc");
    // hiprtc runs one compilation at a time (the runtime holds a lock).
    let mut failures = Vec::new();
    for stem in CORPUS_RUNS {
        let path = match emit(stem, "hip", &dir) {
            Ok(p) => p,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        let source = std::fs::read_to_string(&path).unwrap();
        let image = match cuwasm_runtime::hip::compile(&source, &format!("{stem}.hip"), "gfx90a") {
            Ok(image) => image,
            Err(e) => {
                failures.push(format!("{stem}: hiprtc failed: {e}\n--- source\n{source}"));
                continue;
            }
        };
        // An AMD GPU ELF (e_machine 224) naming each kernel.
        if image.get(..4) != Some(b"\x7fELF") || image.get(18..20) != Some(&[224, 0]) {
            failures.push(format!(
                "{stem}: hiprtc's output is not an AMD GPU code object"
            ));
        }
        for name in kernels(&source) {
            let kd = format!("{name}.kd\0");
            if !image.windows(kd.len()).any(|w| w == kd.as_bytes()) {
                failures.push(format!(
                    "{stem}: hiprtc's code object has no kernel '{name}'"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The GPU pipeline with `expand-cuda-arith`, which writes the PTX-level ops
/// HIP has no functions for (directed rounding, bfe, bfi, prmt) in arith.
const PTX_PIPELINE: &str = "builtin.module(inline,mem2reg,lift-cf-to-scf,canonicalize,cse,\
     convert-cuda-to-gpu,expand-cuda-arith,canonicalize,cse)";

/// The PTX files of the corpus whose kernels the HIP target refuses, and the
/// located error each gives.
const PTX_REFUSED: &[(&str, &str)] = &[(
    "nvcc/28_math_api.ptx",
    "error: 'ptr.load' op has type 'vector<16xi8>', which the HIP target cannot express",
)];

/// Every PTX file of the corpus (nvcc's and clang's): its kernels, read by
/// the PTX frontend and emitted as HIP, compile for gfx90a, or give their
/// listed located error.
#[test]
fn corpus_ptx_kernels_compile_for_gfx90a() {
    if !external_tool("hipcc") {
        return;
    }
    let dir = scratch_dir("hip-ptx");
    let mut files = Vec::new();
    for compiler in ["nvcc", "clang"] {
        let folder = tests_dir().join("corpus/ptx").join(compiler);
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "ptx") {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                files.push((format!("{compiler}/{name}"), path));
            }
        }
    }
    files.sort();
    assert!(
        files.len() >= 54,
        "the PTX corpus has {} files",
        files.len()
    );
    let check = |(name, path): &(String, PathBuf)| -> Result<(), String> {
        let hip = dir.join(name.replace('/', "_")).with_extension("hip");
        let out = Command::new(tool("cuwasm-opt"))
            .arg(path)
            .arg(format!("--pass-pipeline={PTX_PIPELINE}"))
            .args(["--emit=hip", "-o"])
            .arg(&hip)
            .output()
            .map_err(|e| format!("{name}: cannot run cuwasm-opt: {e}"))?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        let refused = PTX_REFUSED.iter().find(|(n, _)| n == name);
        match (out.status.success(), refused) {
            (true, None) => {}
            (false, Some((_, error))) if stderr.contains(error) => return Ok(()),
            (true, Some(_)) => return Err(format!("{name}: emits now; drop it from PTX_REFUSED")),
            (false, _) => return Err(format!("{name}: cuwasm-opt --emit=hip failed:\n{stderr}")),
        }
        let out = run_hipcc(
            Command::new("hipcc")
                .args([
                    "--offload-arch=gfx90a",
                    "--cuda-device-only",
                    "-O2",
                    "-w",
                    "-c",
                ])
                .arg(&hip)
                .arg("-o")
                .arg(hip.with_extension("o")),
        );
        if out.status.success() {
            Ok(())
        } else {
            Err(hipcc_failure(
                name,
                "hipcc --offload-arch=gfx90a",
                &hip,
                &out,
            ))
        }
    };
    let failures = for_each(&files, check);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Code emitted for one wavefront size refuses to compile for the other:
/// its warp operations would be wrong there.
#[test]
fn code_for_one_wavefront_size_does_not_compile_for_the_other() {
    if !external_tool("hipcc") {
        return;
    }
    let dir = scratch_dir("hip-wavefront");
    for (emit_kind, arch) in [("hip", "gfx1100"), ("hip-wave32", "gfx90a")] {
        let path = emit("04_reduce_warp_shuffle", emit_kind, &dir).unwrap();
        let out = run_hipcc(
            Command::new("hipcc")
                .arg(format!("--offload-arch={arch}"))
                .args(["--cuda-device-only", "-nogpulib", "-S", "-o", "/dev/null"])
                .arg(&path),
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && stderr.contains("emitted for another wavefront size"),
            "--emit={emit_kind} compiled for {arch}:\n{stderr}"
        );
    }
}

/// Writes every corpus program's HIP to `$CUWASM_HIP_OUT`, with the headers
/// and a README.txt on building them with nvcc (or hipcc).
#[test]
#[ignore = "writes files for a GPU machine: set CUWASM_HIP_OUT and run with --ignored"]
fn dump_corpus_hip() {
    let Some(out) = std::env::var_os("CUWASM_HIP_OUT") else {
        panic!("set CUWASM_HIP_OUT to the folder to write the programs to");
    };
    let dir = PathBuf::from(out);
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    for stem in CORPUS_RUNS {
        if let Err(e) = emit(stem, "hip-wave32", &dir) {
            failures.push(e);
        }
        let expected = tests_dir().join(format!("corpus/cuda/{stem}.expected"));
        std::fs::copy(&expected, dir.join(format!("{stem}.expected"))).unwrap();
    }
    std::fs::write(dir.join("hip_on_cuda.h"), cuwasm_targets_hip_on_cuda()).unwrap();
    std::fs::write(dir.join("README.txt"), README).unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    eprintln!("wrote {} programs to {}", CORPUS_RUNS.len(), dir.display());
}

fn cuwasm_targets_hip_on_cuda() -> &'static str {
    include_str!("../targets/src/hip/hip_on_cuda.h")
}

const README: &str = "\
Programs of cuwasm's CUDA corpus (tests/corpus/cuda), compiled by cuwasm to the
gpu dialect and emitted as HIP C++ (cuwasm-opt --emit=hip-wave32: CUDA's warp
of 32 lanes is the whole wavefront, as on an NVIDIA GPU). Each NAME.hip is the
whole program; NAME.expected is the output nvcc's build of the original prints.

On an NVIDIA GPU (nvcc; hip_on_cuda.h maps the HIP API to CUDA's):
  for f in *.hip; do n=${f%.hip}
    nvcc -x cu -O2 --fmad=false -arch=sm_90 -I. $f -o $n && ./$n > $n.out && cmp $n.out $n.expected
  done
On an AMD GPU with wavefronts of 32 (gfx1100): hipcc --offload-arch=gfx1100 -O2 NAME.hip -o NAME
(for gfx90a, emit again with cuwasm-opt --emit=hip: wavefronts of 64).
";
