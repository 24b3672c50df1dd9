//! Barrier semantics on the CPU path, through the Rust API (`cuwasm_tools::jit`):
//! several barriers, barriers in loops and in block-uniform conditions,
//! shared-memory reductions, scans and warp-shuffle reductions. Inputs are
//! fresh pseudo-random values; references are computed here in plain Rust, and
//! every result must be exact (integer arithmetic, or floats whose sums are exact).

use cuwasm_tools::jit::Jit;

/// xorshift64*, seeded per test so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn ints(&mut self, n: usize, range: i32) -> Vec<i32> {
        (0..n)
            .map(|_| (self.next() % (2 * range as u64 + 1)) as i32 - range)
            .collect()
    }
}

fn jit(src: &str) -> Jit {
    Jit::cuda(src).unwrap_or_else(|e| panic!("compile failed:\n{e}"))
}

#[test]
fn block_reduction_tree_in_shared_memory() {
    let j = jit(r#"
        __global__ void reduce(const int *in, int *out, int n) {
            __shared__ int s[256];
            int t = threadIdx.x;
            int i = blockIdx.x * blockDim.x + t;
            s[t] = i < n ? in[i] : 0;
            __syncthreads();
            for (int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
                if (t < stride) s[t] += s[t + stride];
                __syncthreads();
            }
            if (t == 0) out[blockIdx.x] = s[0];
        }"#);
    let mut rng = Rng(0x1234);
    for (n, block) in [(1000usize, 256u32), (4096, 128), (77, 64)] {
        let data = rng.ints(n, 1000);
        let blocks = n.div_ceil(block as usize) as u32;
        let input = j.upload(&data).unwrap();
        let out = j.alloc::<i32>(blocks as usize).unwrap();
        j.launch("reduce", blocks, block, &[&input, &out, &(n as i32)])
            .unwrap();
        let expected: Vec<i32> = data
            .chunks(block as usize)
            .map(|c| c.iter().sum())
            .collect();
        assert_eq!(out.to_vec().unwrap(), expected, "n={n} block={block}");
    }
}

#[test]
fn several_barriers_rotate_through_shared_memory() {
    // Each phase reads a neighbour's value written before the barrier: any
    // missing or misplaced barrier gives a wrong rotation.
    let j = jit(r#"
        __global__ void rotate(const int *in, int *out) {
            __shared__ int a[128];
            __shared__ int b[128];
            int t = threadIdx.x, n = blockDim.x;
            int base = blockIdx.x * n;
            a[t] = in[base + t];
            __syncthreads();
            b[t] = a[(t + 1) % n] * 2;
            __syncthreads();
            a[t] = b[(t + 3) % n] + t;
            __syncthreads();
            int v = a[(n - 1 - t)];
            __syncthreads();
            b[t] = v - a[t];
            __syncthreads();
            out[base + t] = b[(t + 5) % n];
        }"#);
    let mut rng = Rng(99);
    let (blocks, n) = (6usize, 128usize);
    let data = rng.ints(blocks * n, 1 << 20);
    let input = j.upload(&data).unwrap();
    let out = j.alloc::<i32>(blocks * n).unwrap();
    j.launch("rotate", blocks as u32, n as u32, &[&input, &out])
        .unwrap();
    let mut expected = vec![0; blocks * n];
    for blk in 0..blocks {
        let inp = &data[blk * n..(blk + 1) * n];
        let b1: Vec<i32> = (0..n).map(|t| inp[(t + 1) % n] * 2).collect();
        let a2: Vec<i32> = (0..n).map(|t| b1[(t + 3) % n] + t as i32).collect();
        let b3: Vec<i32> = (0..n).map(|t| a2[n - 1 - t] - a2[t]).collect();
        for t in 0..n {
            expected[blk * n + t] = b3[(t + 5) % n];
        }
    }
    assert_eq!(out.to_vec().unwrap(), expected);
}

#[test]
fn inclusive_scan_with_barriers_in_a_loop() {
    // Hillis-Steele: read, barrier, write, barrier, inside a loop whose trip
    // count is uniform over the block.
    let j = jit(r#"
        __global__ void scan(const int *in, int *out, int n) {
            __shared__ int s[512];
            int t = threadIdx.x;
            s[t] = t < n ? in[blockIdx.x * blockDim.x + t] : 0;
            __syncthreads();
            for (int off = 1; off < blockDim.x; off *= 2) {
                int v = t >= off ? s[t - off] : 0;
                __syncthreads();
                s[t] += v;
                __syncthreads();
            }
            if (t < n) out[blockIdx.x * blockDim.x + t] = s[t];
        }"#);
    let mut rng = Rng(7);
    for block in [32usize, 256, 512] {
        let blocks = 3;
        let data = rng.ints(blocks * block, 10_000);
        let input = j.upload(&data).unwrap();
        let out = j.alloc::<i32>(blocks * block).unwrap();
        j.launch(
            "scan",
            blocks as u32,
            block as u32,
            &[&input, &out, &(block as i32)],
        )
        .unwrap();
        let mut expected = Vec::new();
        for c in data.chunks(block) {
            let mut acc = 0;
            expected.extend(c.iter().map(|v| {
                acc += v;
                acc
            }));
        }
        assert_eq!(out.to_vec().unwrap(), expected, "block={block}");
    }
}

#[test]
fn warp_shuffle_reductions_and_broadcast() {
    // Sum per warp with __shfl_down_sync, then warp sums combined through shared
    // memory by warp 0 (a shuffle inside a condition that is uniform per warp),
    // and a broadcast with __shfl_sync and a segmented xor butterfly.
    let j = jit(r#"
        __device__ int warp_sum(int v) {
            for (int off = 16; off > 0; off /= 2) v += __shfl_down_sync(0xffffffff, v, off);
            return v;
        }
        __global__ void block_sum(const int *in, int *out, int *bcast, int *seg) {
            __shared__ int partial[32];
            int t = threadIdx.x;
            int v = in[blockIdx.x * blockDim.x + t];
            int lane = t % 32, warp = t / 32;
            int s = warp_sum(v);
            if (lane == 0) partial[warp] = s;
            __syncthreads();
            if (warp == 0) {
                int p = lane < blockDim.x / 32 ? partial[lane] : 0;
                p = warp_sum(p);
                if (lane == 0) out[blockIdx.x] = p;
            }
            bcast[blockIdx.x * blockDim.x + t] = __shfl_sync(0xffffffff, v, 7);
            int x = v;
            for (int m = 1; m < 8; m *= 2) x += __shfl_xor_sync(0xffffffff, x, m, 8);
            seg[blockIdx.x * blockDim.x + t] = x;
        }"#);
    let mut rng = Rng(2024);
    let (blocks, block) = (5usize, 256usize);
    let data = rng.ints(blocks * block, 1 << 16);
    let input = j.upload(&data).unwrap();
    let out = j.alloc::<i32>(blocks).unwrap();
    let bcast = j.alloc::<i32>(blocks * block).unwrap();
    let seg = j.alloc::<i32>(blocks * block).unwrap();
    j.launch(
        "block_sum",
        blocks as u32,
        block as u32,
        &[&input, &out, &bcast, &seg],
    )
    .unwrap();
    let sums: Vec<i32> = data.chunks(block).map(|c| c.iter().sum()).collect();
    assert_eq!(out.to_vec().unwrap(), sums);
    let expected_bcast: Vec<i32> = (0..blocks * block).map(|i| data[i - i % 32 + 7]).collect();
    assert_eq!(bcast.to_vec().unwrap(), expected_bcast);
    let expected_seg: Vec<i32> = (0..blocks * block)
        .map(|i| data[i - i % 8..i - i % 8 + 8].iter().sum())
        .collect();
    assert_eq!(seg.to_vec().unwrap(), expected_seg);
}

#[test]
fn tiled_matmul_with_barriers_in_a_loop_and_2d_blocks() {
    let j = jit(r#"
        #define T 8
        __global__ void matmul(const int *a, const int *b, int *c, int n) {
            __shared__ int ta[T][T];
            __shared__ int tb[T][T];
            int row = blockIdx.y * T + threadIdx.y, col = blockIdx.x * T + threadIdx.x;
            int acc = 0;
            for (int k0 = 0; k0 < n; k0 += T) {
                ta[threadIdx.y][threadIdx.x] = a[row * n + k0 + threadIdx.x];
                tb[threadIdx.y][threadIdx.x] = b[(k0 + threadIdx.y) * n + col];
                __syncthreads();
                for (int k = 0; k < T; k++) acc += ta[threadIdx.y][k] * tb[k][threadIdx.x];
                __syncthreads();
            }
            c[row * n + col] = acc;
        }"#);
    let mut rng = Rng(31337);
    let n = 32usize;
    let a = rng.ints(n * n, 50);
    let b = rng.ints(n * n, 50);
    let (da, db) = (j.upload(&a).unwrap(), j.upload(&b).unwrap());
    let dc = j.alloc::<i32>(n * n).unwrap();
    let g = (n / 8) as u32;
    j.launch("matmul", (g, g), (8, 8), &[&da, &db, &dc, &(n as i32)])
        .unwrap();
    let mut expected = vec![0; n * n];
    for r in 0..n {
        for c in 0..n {
            expected[r * n + c] = (0..n).map(|k| a[r * n + k] * b[k * n + c]).sum();
        }
    }
    assert_eq!(dc.to_vec().unwrap(), expected);
}

#[test]
fn launch_errors_are_typed_not_success() {
    let j = jit("__global__ void k(int *p) { p[threadIdx.x] = 1; }");
    let p = j.alloc::<i32>(4).unwrap();
    let err = j.launch("k", 1, 2048, &[&p]).unwrap_err();
    assert!(
        err.to_string().contains("cudaErrorInvalidConfiguration"),
        "{err}"
    );
    assert!(j.launch("no_such_kernel", 1, 1, &[&p]).is_err());
    assert!(matches!(
        Jit::cuda("__global__ void k( {"),
        Err(cuwasm_tools::jit::JitError::Compile(_))
    ));
}

#[test]
fn warp_votes_with_divergence_and_partial_warps() {
    // Votes of all lanes, then votes inside a condition that only some lanes
    // take (inactive lanes neither vote nor count), in a block whose last warp
    // is partial (100 threads).
    let j = jit(r#"
        __global__ void votes(const int *in, unsigned *ballot, int *any, int *all, unsigned *odd_ballot) {
            int t = blockIdx.x * blockDim.x + threadIdx.x;
            int v = in[t];
            ballot[t] = __ballot_sync(0xffffffff, v > 0);
            any[t] = __any_sync(0xffffffff, v > 90);
            all[t] = __all_sync(0xffffffff, v > -90);
            odd_ballot[t] = 0;
            if (threadIdx.x % 2 == 1) odd_ballot[t] = __ballot_sync(0xaaaaaaaa, v > 0);
        }"#);
    let mut rng = Rng(555);
    let (blocks, block) = (3usize, 100usize);
    let n = blocks * block;
    let data = rng.ints(n, 100);
    let input = j.upload(&data).unwrap();
    let outs: Vec<_> = (0..4).map(|_| j.alloc::<i32>(n).unwrap()).collect();
    j.launch(
        "votes",
        blocks as u32,
        block as u32,
        &[&input, &outs[0], &outs[1], &outs[2], &outs[3]],
    )
    .unwrap();
    let got: Vec<Vec<i32>> = outs.iter().map(|o| o.to_vec().unwrap()).collect();
    for t in 0..n {
        let (blk, tid) = (t / block, t % block);
        let warp0 = blk * block + tid - tid % 32;
        let lanes: Vec<usize> = (0..32).filter(|l| tid - tid % 32 + l < block).collect();
        let bits = |f: &dyn Fn(usize) -> bool| {
            lanes
                .iter()
                .filter(|&&l| f(l))
                .fold(0u32, |acc, &l| acc | (1 << l))
        };
        let ballot = bits(&|l| data[warp0 + l] > 0);
        assert_eq!(got[0][t] as u32, ballot, "ballot of thread {t}");
        assert_eq!(
            got[1][t] != 0,
            lanes.iter().any(|&l| data[warp0 + l] > 90),
            "any of thread {t}"
        );
        assert_eq!(
            got[2][t] != 0,
            lanes.iter().all(|&l| data[warp0 + l] > -90),
            "all of thread {t}"
        );
        let odd = if tid % 2 == 1 {
            bits(&|l| l % 2 == 1 && data[warp0 + l] > 0)
        } else {
            0
        };
        assert_eq!(got[3][t] as u32, odd, "odd-lane ballot of thread {t}");
    }
}

#[test]
fn shared_memory_atomics_privatized_histogram() {
    // Atomics on __shared__ memory (plain updates on the CPU, one core runs a
    // block) and on global memory (real atomics, blocks run on all cores).
    let j = jit(r#"
        __global__ void hist(const int *in, int n, unsigned *bins, int *mins) {
            __shared__ unsigned local[16];
            __shared__ int lo;
            if (threadIdx.x < 16) local[threadIdx.x] = 0;
            if (threadIdx.x == 0) lo = 1 << 30;
            __syncthreads();
            for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
                atomicAdd(&local[in[i] & 15], 1u);
                atomicMin(&lo, in[i]);
            }
            __syncthreads();
            if (threadIdx.x < 16) atomicAdd(&bins[threadIdx.x], local[threadIdx.x]);
            if (threadIdx.x == 0) mins[blockIdx.x] = lo;
        }"#);
    let mut rng = Rng(4242);
    let n = 50_000usize;
    let data: Vec<i32> = rng.ints(n, 1 << 20).into_iter().map(|v| v.abs()).collect();
    let (blocks, block) = (8usize, 128usize);
    let input = j.upload(&data).unwrap();
    let bins = j.alloc::<u32>(16).unwrap();
    let mins = j.alloc::<i32>(blocks).unwrap();
    j.launch(
        "hist",
        blocks as u32,
        block as u32,
        &[&input, &(n as i32), &bins, &mins],
    )
    .unwrap();
    let mut expected = vec![0u32; 16];
    for v in &data {
        expected[(v & 15) as usize] += 1;
    }
    assert_eq!(bins.to_vec().unwrap(), expected);
    let stride = blocks * block;
    let expected_mins: Vec<i32> = (0..blocks)
        .map(|b| {
            (0..n)
                .filter(|i| (i % stride) / block == b)
                .map(|i| data[i])
                .min()
                .unwrap()
        })
        .collect();
    assert_eq!(mins.to_vec().unwrap(), expected_mins);
}

#[test]
fn syncthreads_count_and_or_over_the_block() {
    let j = jit(r#"
        __global__ void counts(const int *in, int *out) {
            int v = in[blockIdx.x * blockDim.x + threadIdx.x];
            int c = __syncthreads_count(v > 0);
            int a = __syncthreads_and(v > -50);
            int o = __syncthreads_or(v > 45);
            if (threadIdx.x == 5) {
                out[blockIdx.x * 3] = c;
                out[blockIdx.x * 3 + 1] = a;
                out[blockIdx.x * 3 + 2] = o;
            }
        }"#);
    let mut rng = Rng(8080);
    let (blocks, block) = (40usize, 96usize);
    let data = rng.ints(blocks * block, 50);
    let input = j.upload(&data).unwrap();
    let out = j.alloc::<i32>(blocks * 3).unwrap();
    j.launch("counts", blocks as u32, block as u32, &[&input, &out])
        .unwrap();
    let expected: Vec<i32> = data
        .chunks(block)
        .flat_map(|c| {
            [
                c.iter().filter(|&&v| v > 0).count() as i32,
                c.iter().all(|&v| v > -50) as i32,
                c.iter().any(|&v| v > 45) as i32,
            ]
        })
        .collect();
    assert_eq!(out.to_vec().unwrap(), expected);
}
