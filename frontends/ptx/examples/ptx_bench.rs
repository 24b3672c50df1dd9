//! Times parse + lower of a PTX file (default: the largest of the corpus,
//! nvcc's 28_math_api.ptx) and prints the throughput:
//! `cargo run --release -p cuwasm-frontend-ptx --example ptx_bench [FILE]`.
//! The lexer, parser and lowering are timed together, as `cuwasm-opt` runs them;
//! each run gets a fresh context.

use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/corpus/ptx/nvcc/28_math_api.ptx"
        )
        .to_string()
    });
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut best = f64::MAX;
    let mut ops = 0;
    for _ in 0..20 {
        let mut ctx = cuwasm::Context::new();
        cuwasm_dialects::register_all(&mut ctx);
        let t = Instant::now();
        let module = cuwasm_frontend_ptx::parse_ptx_module(&mut ctx, "bench.ptx", &text)
            .unwrap_or_else(|d| panic!("{}", ctx.render_diagnostic(&d[0])));
        best = best.min(t.elapsed().as_secs_f64());
        ops = ctx.walk_preorder(module).len();
    }
    let mb = text.len() as f64 / 1e6;
    println!(
        "{path}: {:.1} KB, {ops} ops; best of 20: {:.2} ms, {:.1} MB/s",
        mb * 1e3,
        best * 1e3,
        mb / best
    );
}
