//! `cargo run -p cuwasm-example-jit`: a CUDA kernel compiled from a string and
//! run on the CPU through cuwasm's Rust API, its result checked in Rust.

use cuwasm_tools::jit::Jit;

const SAXPY: &str = r#"
__global__ void saxpy(int n, float a, const float *x, float *y) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = a * x[i] + y[i];
}
"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n = 100_000usize;
    let xs: Vec<f32> = (0..n).map(|i| (i % 100) as f32 * 0.5).collect();
    let ys: Vec<f32> = (0..n).map(|i| (i % 7) as f32).collect();

    let jit = Jit::cuda(SAXPY)?;
    let (x, y) = (jit.upload(&xs)?, jit.upload(&ys)?);
    let blocks = n.div_ceil(256) as u32;
    jit.launch("saxpy", blocks, 256, &[&(n as i32), &2.0f32, &x, &y])?;

    let out = y.to_vec()?;
    let wrong = (0..n).filter(|&i| out[i] != 2.0 * xs[i] + ys[i]).count();
    println!("saxpy on the CPU: n={n}, {wrong} wrong");
    if wrong != 0 {
        return Err("saxpy gave wrong results".into());
    }
    Ok(())
}
