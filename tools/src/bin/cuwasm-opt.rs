//! `cuwasm-opt`: read MLIR (generic syntax) or PTX from a file or stdin, verify
//! it and print it, with mlir-opt's conventions. Errors are located diagnostics and
//! exit status 1.

use clap::{CommandFactory, FromArgMatches, Parser};
use cuwasm_passes::{Instrumentation, PassManager, PassRegistry, PipelineOptions};
use cuwasm_tools::emit::Emit;
use cuwasm_tools::{Driver, InputKind, OptOptions};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "cuwasm-opt",
    version,
    about = "cuwasm's modular optimizer driver (MLIR generic syntax in and out)"
)]
struct Args {
    /// Input file; `-` or nothing reads stdin.
    input: Option<String>,
    /// Output file (default: stdout).
    #[arg(short = 'o', value_name = "FILE")]
    output: Option<String>,
    /// Input language: `mlir`, `ptx` or `cuda` (default: by the file's
    /// extension; `.ptx` is PTX, `.cu`/`.cuh` CUDA).
    #[arg(short = 'x', value_name = "LANG")]
    language: Option<String>,
    /// CUDA input: add a folder to the include search path.
    #[arg(short = 'I', value_name = "DIR")]
    include_dirs: Vec<String>,
    /// CUDA input: define a macro (`NAME` or `NAME=VALUE`).
    #[arg(short = 'D', value_name = "MACRO")]
    defines: Vec<String>,
    /// CUDA input: undefine a macro.
    #[arg(short = 'U', value_name = "MACRO")]
    undefs: Vec<String>,
    /// Print locations (`loc(...)`) after every op and block argument.
    #[arg(long = "mlir-print-debuginfo", alias = "print-debuginfo")]
    debuginfo: bool,
    /// Accepted for compatibility with mlir-opt: output is always generic.
    #[arg(long = "mlir-print-op-generic")]
    _generic: bool,
    /// Accept ops of dialects that are not registered.
    #[arg(long = "allow-unregistered-dialect")]
    allow_unregistered_dialect: bool,
    /// Skip verification of the input.
    #[arg(long = "no-verify")]
    no_verify: bool,
    /// The pass pipeline, e.g. 'builtin.module(func.func(canonicalize,cse))'.
    /// Passes may also be given one by one (`--canonicalize --cse`): they then
    /// run in that order on the top-level module.
    #[arg(long = "pass-pipeline", value_name = "PIPELINE")]
    pass_pipeline: Option<String>,
    /// List the registered passes with their descriptions and options.
    #[arg(long = "list-passes")]
    list_passes: bool,
    /// Process each `// -----`-separated chunk of the input on its own.
    #[arg(long = "split-input-file")]
    split_input_file: bool,
    /// Check diagnostics against `// expected-error {{...}}` comments.
    #[arg(long = "verify-diagnostics")]
    verify_diagnostics: bool,
    /// Load a pass plugin (a shared library); may be repeated.
    #[arg(long = "load-pass-plugin", value_name = "PATH")]
    load_pass_plugin: Vec<String>,
    /// Do not verify the IR after each pass.
    #[arg(long = "no-verify-each")]
    no_verify_each: bool,
    /// An anchor of the pipeline that matches no op is an error, not a warning.
    #[arg(long = "strict-pipeline")]
    strict_pipeline: bool,
    /// Run passes on one thread only.
    #[arg(long = "mlir-disable-threading")]
    disable_threading: bool,
    /// Print the IR before every run of these passes (comma-separated names).
    #[arg(
        long = "print-ir-before",
        alias = "mlir-print-ir-before",
        value_name = "PASS",
        value_delimiter = ','
    )]
    print_ir_before: Vec<String>,
    /// Print the IR after every run of these passes (comma-separated names).
    #[arg(
        long = "print-ir-after",
        alias = "mlir-print-ir-after",
        value_name = "PASS",
        value_delimiter = ','
    )]
    print_ir_after: Vec<String>,
    /// Print the IR before every pass.
    #[arg(long = "print-ir-before-all", alias = "mlir-print-ir-before-all")]
    print_ir_before_all: bool,
    /// Print the IR after every pass.
    #[arg(long = "print-ir-after-all", alias = "mlir-print-ir-after-all")]
    print_ir_after_all: bool,
    /// Print the IR after a pass only when the pass changed it.
    #[arg(long = "print-ir-after-change", alias = "mlir-print-ir-after-change")]
    print_ir_after_change: bool,
    /// Print the time each pass took (a table on stderr).
    #[arg(long = "timing", alias = "mlir-timing")]
    timing: bool,
    /// Print the statistics of each pass (on stderr).
    #[arg(long = "pass-statistics", alias = "mlir-pass-statistics")]
    pass_statistics: bool,
    /// What to write after the pipeline: `mlir` (the IR), `clif` (Cranelift
    /// IR of every function, for the CPU target), `wasm` or `wat` (the Wasm
    /// module of the kernels; on .cu/.ptx input without passes, the Wasm
    /// pipeline runs first).
    #[arg(long = "emit", value_enum, default_value_t = Emit::Mlir)]
    emit: Emit,
    /// Where to write the reproducer when a pass fails
    /// (default: cuwasm-opt-reproducer-<pid>.mlir in the temporary directory).
    #[arg(long = "mlir-pass-pipeline-crash-reproducer", value_name = "FILE")]
    reproducer: Option<String>,
}

/// The command line split in two: flags for clap, and passes given one by one
/// (`--canonicalize`, `--loop-unroll=factor=2`), which only the registry knows.
fn split_pass_flags(argv: Vec<String>, registry: &PassRegistry) -> (Vec<String>, Vec<String>) {
    let mut rest = Vec::new();
    let mut passes = Vec::new();
    for arg in argv {
        let flag = arg.strip_prefix("--").or_else(|| arg.strip_prefix('-'));
        let (name, options) = match flag.map(|f| f.split_once('=').unwrap_or((f, ""))) {
            Some((name, options)) if registry.get(name).is_some() => (name, options),
            _ => {
                rest.push(arg);
                continue;
            }
        };
        passes.push(match options {
            "" => name.to_string(),
            o => format!("{name}{{{o}}}"),
        });
    }
    (rest, passes)
}

/// `--load-pass-plugin` values, read before the rest: plugins add passes.
fn plugin_paths(argv: &[String]) -> Vec<String> {
    let mut paths = Vec::new();
    for (i, arg) in argv.iter().enumerate() {
        if let Some(p) = arg.strip_prefix("--load-pass-plugin=") {
            paths.push(p.to_string());
        } else if arg == "--load-pass-plugin"
            && let Some(p) = argv.get(i + 1)
        {
            paths.push(p.clone());
        }
    }
    paths
}

fn build_pipeline(
    args: &Args,
    registry: &PassRegistry,
    short: &[String],
    input_kind: InputKind,
) -> Result<Option<PassManager>, String> {
    let text = match (&args.pass_pipeline, short.is_empty()) {
        (Some(_), false) => {
            return Err(
                "error: give the passes either with --pass-pipeline or one by one, not both".into(),
            );
        }
        (Some(p), true) => p.clone(),
        (None, false) => format!("builtin.module({})", short.join(",")),
        // --emit=wasm on source: the Wasm pipeline, as cuwasm-run runs it.
        (None, true) if args.emit.is_wasm() && input_kind != InputKind::Mlir => {
            cuwasm_tools::wasm_path::wasm_pipeline(&Default::default())
        }
        // --emit=ptx/hip/wgsl/spirv on source: down to the gpu dialect.
        (None, true) if args.emit.is_gpu() && input_kind != InputKind::Mlir => {
            cuwasm_tools::gpu_path::GPU_PIPELINE.to_string()
        }
        (None, true) => return Ok(None),
    };
    let options = PipelineOptions {
        verify_each: !args.no_verify_each,
        threading: !args.disable_threading,
        strict: args.strict_pipeline,
        instrumentation: Instrumentation {
            print_before: args.print_ir_before.clone(),
            print_after: args.print_ir_after.clone(),
            print_before_all: args.print_ir_before_all,
            print_after_all: args.print_ir_after_all,
            print_after_change: args.print_ir_after_change,
            print: cuwasm::PrintOptions {
                debug_info: args.debuginfo,
            },
            reproducer: Some(
                args.reproducer
                    .clone()
                    .map(PathBuf::from)
                    .unwrap_or_else(|| {
                        std::env::temp_dir()
                            .join(format!("cuwasm-opt-reproducer-{}.mlir", std::process::id()))
                    }),
            ),
        },
    };
    for name in args.print_ir_before.iter().chain(&args.print_ir_after) {
        if registry.get(name).is_none() {
            return Err(format!(
                "error: --print-ir-before/after: {}\n",
                registry.unknown_pass_message(name)
            ));
        }
    }
    PassManager::parse(registry, &text, options).map(Some)
}

fn run(args: Args, registry: PassRegistry, short: Vec<String>) -> Result<(), String> {
    if args.list_passes {
        print!("{}", registry.list_text());
        return Ok(());
    }
    let input_kind = match args.language.as_deref() {
        Some(lang) => InputKind::from_name(lang).ok_or_else(|| {
            format!("error: unknown input language '{lang}' (expected mlir, ptx or cuda)\n")
        })?,
        None => InputKind::from_path(args.input.as_deref().unwrap_or("-")),
    };
    let pipeline = build_pipeline(&args, &registry, &short, input_kind)?;
    let (name, text) = match args.input.as_deref() {
        None | Some("-") => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| format!("error: cannot read stdin: {e}"))?;
            ("<stdin>".to_string(), s)
        }
        Some(path) => {
            let bytes = std::fs::read(path)
                .map_err(|e| format!("error: cannot open input file '{path}': {e}"))?;
            let text = String::from_utf8(bytes).map_err(|e| {
                let (line, col) = line_col(&e.as_bytes()[..e.utf8_error().valid_up_to()]);
                format!("{path}:{line}:{col}: error: input is not valid UTF-8\n")
            })?;
            (path.to_string(), text)
        }
    };
    let opts = OptOptions {
        allow_unregistered_dialect: args.allow_unregistered_dialect,
        verify: !args.no_verify,
        print: cuwasm::PrintOptions {
            debug_info: args.debuginfo,
        },
    };
    let cuda = cuwasm_frontends::cuda::PreprocessOptions {
        include_dirs: args.include_dirs.iter().map(Into::into).collect(),
        defines: args.defines.clone(),
        undefs: args.undefs.clone(),
        ..Default::default()
    };
    let driver = Driver {
        input_kind,
        cuda,
        pipeline,
        split_input_file: args.split_input_file,
        verify_diagnostics: args.verify_diagnostics,
        timing: args.timing,
        statistics: args.pass_statistics,
        dialects: registry.dialects().to_vec(),
        emit: args.emit,
        ..Driver::new(opts)
    };
    let mut stderr = std::io::stderr().lock();
    // Output streams as it is printed; a file is created on the first write and
    // removed again if the run fails, so a failed run leaves no output behind.
    let ok = match args.output.as_deref() {
        None | Some("-") => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            let ok = driver.run(&name, text, &mut stdout, &mut stderr);
            ok.and_then(|ok| stdout.flush().map(|_| ok))
                .map_err(|e| format!("error: cannot write output: {e}"))?
        }
        Some(path) => {
            let mut file = LazyFile { path, file: None };
            let ok = driver.run(&name, text, &mut file, &mut stderr);
            let ok = ok
                .and_then(|ok| file.flush().map(|_| ok))
                .map_err(|e| format!("error: cannot write output file '{path}': {e}"))?;
            if !ok && file.file.is_some() {
                let _ = std::fs::remove_file(path);
            }
            ok
        }
    };
    match ok {
        true => Ok(()),
        // The diagnostics are already on stderr.
        false => Err(String::new()),
    }
}

/// An output file created on the first write, i.e. only after the input verified.
struct LazyFile<'a> {
    path: &'a str,
    file: Option<std::io::BufWriter<std::fs::File>>,
}

impl Write for LazyFile<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.file.is_none() {
            self.file = Some(std::io::BufWriter::new(std::fs::File::create(self.path)?));
        }
        self.file.as_mut().unwrap().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self.file.as_mut() {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

/// 1-based line and column just after `prefix`.
fn line_col(prefix: &[u8]) -> (usize, usize) {
    let line = prefix.iter().filter(|b| **b == b'\n').count() + 1;
    let col = prefix.len()
        - prefix
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    (line, col)
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().collect();
    let mut registry = PassRegistry::with_builtin_passes();
    for path in plugin_paths(&argv) {
        if let Err(e) = cuwasm_passes::plugin::load(&path, &mut registry) {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    }
    let (rest, short) = split_pass_flags(argv, &registry);
    let list = registry.list_text();
    let parsed = Args::command()
        .after_long_help(list)
        .try_get_matches_from(rest)
        .and_then(|m| Args::from_arg_matches(&m));
    let args = match parsed {
        Ok(a) => a,
        // --help and --version print and succeed; a bad flag is an error (status 1).
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(u8::from(e.use_stderr()));
        }
    };
    // Large stacks: printing deeply nested (but legal) IR recurses once per level,
    // and passes run on the thread pool.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(64 << 20)
        .build_global();
    let worker = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || run(args, registry, short));
    let result = match worker {
        Ok(handle) => handle
            .join()
            .unwrap_or_else(|_| Err("error: internal compiler error (panic)".to_string())),
        Err(e) => Err(format!("error: cannot start worker thread: {e}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprint!("{msg}");
            if !msg.is_empty() && !msg.ends_with('\n') {
                eprintln!();
            }
            ExitCode::from(1)
        }
    }
}
