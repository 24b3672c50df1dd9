//! `cuwasm-opt`: read MLIR (generic syntax) from a file or stdin, verify it and
//! print it, with mlir-opt's conventions. Errors are located diagnostics and
//! exit status 1.

use clap::Parser;
use cuwasm_tools::{OptOptions, opt_to};
use std::io::{Read, Write};
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
}

fn run(args: Args) -> Result<(), String> {
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
    // Output streams as it is printed; a file is only created once the input verified,
    // so a failed run leaves no partial output behind.
    match args.output.as_deref() {
        None | Some("-") => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            opt_to(&name, text, opts, &mut stdout)?;
            stdout
                .flush()
                .map_err(|e| format!("error: cannot write output: {e}"))
        }
        Some(path) => {
            let mut file = LazyFile { path, file: None };
            opt_to(&name, text, opts, &mut file)?;
            file.flush()
                .map_err(|e| format!("error: cannot write output file '{path}': {e}"))
        }
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
    let args = Args::parse();
    // A large stack: printing deeply nested (but legal) IR recurses once per level.
    let worker = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || run(args));
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
            if !msg.ends_with('\n') {
                eprintln!();
            }
            ExitCode::from(1)
        }
    }
}
