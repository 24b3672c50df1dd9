//! Times parse + lower of a PTX file (default: the largest of the corpus,
//! nvcc's 28_math_api.ptx) and prints the throughput:
//! `cargo run --release -p cuwasm-frontend-ptx --example ptx_bench [FILE] [RUNS]`.
//! The lexer, parser and lowering are timed together, as `cuwasm-opt` runs them;
//! each run gets a fresh context. Also shown: the parse alone (lexer + parser
//! into the AST, no IR) and the verifier on the lowered module (not part of the
//! parse + lower figure). RUNS defaults to 200; medians and bests are printed.
//! The wall-clock times count what other processes take of the CPU too;
//! "parse + lower (cpu)" is the thread's own CPU time (Linux:
//! `CLOCK_THREAD_CPUTIME_ID`), steadier on a shared machine.

use std::time::Instant;

/// This thread's CPU time in seconds (Linux's `CLOCK_THREAD_CPUTIME_ID`).
#[cfg(target_os = "linux")]
fn thread_cpu() -> Option<f64> {
    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    unsafe extern "C" {
        fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut t = Timespec { sec: 0, nsec: 0 };
    // SAFETY: clock_gettime writes one timespec to a valid pointer.
    let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) };
    (rc == 0).then_some(t.sec as f64 + t.nsec as f64 * 1e-9)
}

#[cfg(not(target_os = "linux"))]
fn thread_cpu() -> Option<f64> {
    None
}

fn stats(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(|a, b| a.total_cmp(b));
    (v[v.len() / 2], v[0])
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/corpus/ptx/nvcc/28_math_api.ptx"
        )
        .to_string()
    });
    let runs: usize = std::env::args()
        .nth(2)
        .map(|s| s.parse().expect("RUNS must be a number"))
        .unwrap_or(200);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let (mut parse, mut full, mut verify, mut cpu) = (vec![], vec![], vec![], vec![]);
    let mut ops = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let arena = cuwasm_frontend_ptx::ast::Arena::new();
        let ast = cuwasm_frontend_ptx::parser::parse(&text, &arena)
            .unwrap_or_else(|e| panic!("{}", e.message));
        drop(ast);
        drop(arena);
        parse.push(t.elapsed().as_secs_f64());

        let mut ctx = cuwasm::Context::new();
        cuwasm_dialects::register_all(&mut ctx);
        let c = thread_cpu();
        let t = Instant::now();
        let module = cuwasm_frontend_ptx::parse_ptx_module(&mut ctx, "bench.ptx", &text)
            .unwrap_or_else(|d| panic!("{}", ctx.render_diagnostic(&d[0])));
        full.push(t.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (c, thread_cpu()) {
            cpu.push(b - a);
        }

        let t = Instant::now();
        ctx.verify(module)
            .unwrap_or_else(|d| panic!("{}", ctx.render_diagnostic(&d)));
        verify.push(t.elapsed().as_secs_f64());
        ops = ctx.walk_preorder(module).len();
    }
    let mb = text.len() as f64 / 1e6;
    println!("{path}: {:.1} KB, {ops} ops, {runs} runs", mb * 1e3);
    let mut phases = vec![
        ("parse only", parse),
        ("parse + lower", full),
        ("verify", verify),
    ];
    if cpu.len() == runs {
        phases.insert(2, ("parse + lower (cpu)", cpu));
    }
    for (name, v) in phases {
        let (med, best) = stats(v);
        println!(
            "  {name:<20} median {:>7.3} ms {:>7.1} MB/s   best {:>7.3} ms {:>7.1} MB/s",
            med * 1e3,
            mb / med,
            best * 1e3,
            mb / best
        );
    }
}
