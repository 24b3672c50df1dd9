//! The wasm backend (`WasmDevice`) with hand-written kernel modules that
//! follow docs/wasm-abi.md to the letter: the imported shared memory and
//! `memory_base`, pointers as `memory_base + offset`, `params` as an array of
//! pointers to the argument values, the 64-byte `KernelEnv`, `cuwasm_init`
//! copying passive data, and the `#`-globals describing kernels and device
//! variables. Results are checked against values computed here.

use cuwasm_runtime::{
    CudaError, Device, KernelParams, LaunchConfig, Runtime, RuntimeError, WasmDevice,
};
use std::fmt::Write;

/// Where the module's data starts (docs/wasm-abi.md: the first KiB stays unused).
const DATA: u32 = 1024;

/// The module's data, laid out from [`DATA`]: each kernel's argument sizes,
/// the device variable `k.table`, and printf's format and string.
struct Data {
    bytes: Vec<u8>,
}

impl Data {
    /// Append `bytes` at a multiple of `align`; returns their offset.
    fn put(&mut self, bytes: &[u8], align: usize) -> u32 {
        while !self.bytes.len().is_multiple_of(align) {
            self.bytes.push(0);
        }
        let at = DATA + self.bytes.len() as u32;
        self.bytes.extend_from_slice(bytes);
        at
    }

    fn u32s(&mut self, values: &[u32]) -> u32 {
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        self.put(&bytes, 4)
    }

    /// The data as a WAT string literal.
    fn wat_string(&self) -> String {
        self.bytes.iter().fold(String::new(), |mut s, b| {
            write!(s, "\\{b:02x}").unwrap();
            s
        })
    }
}

/// The exports describing kernel `name`.
fn kernel_globals(
    name: &str,
    sizes_at: u32,
    num_params: u32,
    shared: u32,
    per_thread: u32,
) -> String {
    format!(
        r#"
  (global (export "{name}#num_params") i32 (i32.const {num_params}))
  (global (export "{name}#param_sizes") i32 (i32.const {sizes_at}))
  (global (export "{name}#static_shared_bytes") i32 (i32.const {shared}))
  (global (export "{name}#per_thread_bytes") i32 (i32.const {per_thread}))"#
    )
}

/// printf's format, as the kernel prints it.
const FORMAT: &str = "printf from wasm: %d %s\n";

/// The test module: kernels `k.saxpy`, `k.env`, `k.reverse`, `k.hist`,
/// `k.oob`, `k.div`, `k.math`, `k.printf`, `k.read_table`, and the device
/// variable `k.table` (four i32s, initially 11, 22, 33, 44).
fn test_module() -> Vec<u8> {
    let mut data = Data { bytes: Vec::new() };
    let mut globals = String::new();
    let kernels: [(&str, &[u32], u32, u32); 9] = [
        ("k.saxpy", &[4, 4, 8, 8], 0, 0),
        ("k.env", &[8], 40, 8),
        ("k.reverse", &[8, 8], 1024, 4),
        ("k.hist", &[4, 8, 8], 0, 0),
        ("k.oob", &[8, 4], 0, 0),
        ("k.div", &[4, 8], 0, 0),
        ("k.math", &[4, 8, 8, 8, 8], 0, 0),
        ("k.printf", &[8], 0, 16),
        ("k.read_table", &[8], 0, 0),
    ];
    for (name, sizes, shared, per_thread) in kernels {
        let at = data.u32s(sizes);
        globals += &kernel_globals(name, at, sizes.len() as u32, shared, per_thread);
    }
    let table = data.u32s(&[11, 22, 33, 44]);
    let format = data.put(format!("{FORMAT}\0").as_bytes(), 1);
    let word = data.put(b"wasm\0", 1);
    let data_end = data.put(&[], 16);
    let text = format!(
        r#"(module
  (import "env" "memory" (memory 1 65536 shared))
  (import "env" "memory_base" (global $base i64))
  (import "env" "sinf" (func $sinf (param f32) (result f32)))
  (import "env" "cosf" (func $cosf (param f32) (result f32)))
  (import "env" "expf" (func $expf (param f32) (result f32)))
  (import "env" "logf" (func $logf (param f32) (result f32)))
  (import "env" "tanhf" (func $tanhf (param f32) (result f32)))
  (import "env" "erff" (func $erff (param f32) (result f32)))
  (import "env" "powf" (func $powf (param f32 f32) (result f32)))
  (import "env" "fmaf" (func $fmaf (param f32 f32 f32) (result f32)))
  (import "env" "exp10f" (func $exp10f (param f32) (result f32)))
  (import "env" "cbrtf" (func $cbrtf (param f32) (result f32)))
  (import "env" "sin" (func $sin (param f64) (result f64)))
  (import "env" "exp" (func $exp (param f64) (result f64)))
  (import "env" "log1p" (func $log1p (param f64) (result f64)))
  (import "env" "pow" (func $pow (param f64 f64) (result f64)))
  (import "env" "erfc" (func $erfc (param f64) (result f64)))
  (import "env" "fma" (func $fma (param f64 f64 f64) (result f64)))
  (import "env" "cuwasm_rt_printf" (func $printf (param i32 i64 i64 i32) (result i32)))

  (data $data "{data}")
  (func (export "cuwasm_init")
    (memory.init $data (i32.const {DATA}) (i32.const 0) (i32.const {len})))
  (global (export "cuwasm_data_end") i32 (i32.const {data_end}))
  (global (export "k.table#offset") i32 (i32.const {table}))
  (global (export "k.table#bytes") i32 (i32.const 16))
  {globals}

  ;; The offset of pointer p.
  (func $a (param $p i64) (result i32)
    (i32.wrap_i64 (i64.sub (local.get $p) (global.get $base))))
  ;; The offset of argument i's value.
  (func $arg (param $params i64) (param $i i32) (result i32)
    (call $a (i64.load (i32.add (call $a (local.get $params))
                                (i32.shl (local.get $i) (i32.const 3))))))
  ;; The u32 field of KernelEnv at byte `off`.
  (func $env (param $env i64) (param $off i32) (result i32)
    (i32.load (i32.add (call $a (local.get $env)) (local.get $off))))
  ;; The pointer field of KernelEnv at byte `off`.
  (func $envp (param $env i64) (param $off i32) (result i64)
    (i64.load (i32.add (call $a (local.get $env)) (local.get $off))))
  ;; The offset of element i of 4-byte elements at pointer p.
  (func $at4 (param $p i64) (param $i i32) (result i32)
    (call $a (i64.add (local.get $p) (i64.extend_i32_u (i32.shl (local.get $i) (i32.const 2))))))
  ;; blockIdx.x * blockDim.x + tx
  (func $gid (param $env i64) (param $tx i32) (result i32)
    (i32.add (i32.mul (call $env (local.get $env) (i32.const 24))
                      (call $env (local.get $env) (i32.const 12)))
             (local.get $tx)))

  ;; y[i] = a * x[i] + y[i] for i < n
  (func (export "k.saxpy") (param $params i64) (param $e i64)
    (local $n i32) (local $alpha f32) (local $x i64) (local $y i64) (local $tx i32) (local $g i32) (local $p i32)
    (local.set $n (i32.load (call $arg (local.get $params) (i32.const 0))))
    (local.set $alpha (f32.load (call $arg (local.get $params) (i32.const 1))))
    (local.set $x (i64.load (call $arg (local.get $params) (i32.const 2))))
    (local.set $y (i64.load (call $arg (local.get $params) (i32.const 3))))
    (block $done (loop $threads
      (br_if $done (i32.ge_u (local.get $tx) (call $env (local.get $e) (i32.const 12))))
      (local.set $g (call $gid (local.get $e) (local.get $tx)))
      (if (i32.lt_s (local.get $g) (local.get $n)) (then
        (local.set $p (call $at4 (local.get $y) (local.get $g)))
        (f32.store (local.get $p)
          (f32.add (f32.mul (local.get $alpha) (f32.load (call $at4 (local.get $x) (local.get $g))))
                   (f32.load (local.get $p))))))
      (local.set $tx (i32.add (local.get $tx) (i32.const 1)))
      (br $threads))))

  ;; 16 u32s per block at out + 64 * linear block: grid, block, block_idx,
  ;; the three buffer pointers mod 16, dynamic - shared, scratch - dynamic,
  ;; and the buffers' offsets' sum being inside the memory (1).
  (func (export "k.env") (param $params i64) (param $e i64)
    (local $o i32) (local $i i32)
    (local.set $o (call $a (i64.add (i64.load (call $arg (local.get $params) (i32.const 0)))
      (i64.extend_i32_u (i32.shl
        (i32.add (call $env (local.get $e) (i32.const 24))
          (i32.mul (call $env (local.get $e) (i32.const 0))
            (i32.add (call $env (local.get $e) (i32.const 28))
              (i32.mul (call $env (local.get $e) (i32.const 4)) (call $env (local.get $e) (i32.const 32))))))
        (i32.const 6))))))
    (block $done (loop $fields
      (br_if $done (i32.ge_u (local.get $i) (i32.const 9)))
      (i32.store (i32.add (local.get $o) (i32.shl (local.get $i) (i32.const 2)))
                 (call $env (local.get $e) (i32.shl (local.get $i) (i32.const 2))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $fields)))
    (i32.store offset=36 (local.get $o) (i32.and (i32.wrap_i64 (call $envp (local.get $e) (i32.const 40))) (i32.const 15)))
    (i32.store offset=40 (local.get $o) (i32.and (i32.wrap_i64 (call $envp (local.get $e) (i32.const 48))) (i32.const 15)))
    (i32.store offset=44 (local.get $o) (i32.and (i32.wrap_i64 (call $envp (local.get $e) (i32.const 56))) (i32.const 15)))
    (i32.store offset=48 (local.get $o) (i32.wrap_i64 (i64.sub (call $envp (local.get $e) (i32.const 48))
                                                            (call $envp (local.get $e) (i32.const 40)))))
    (i32.store offset=52 (local.get $o) (i32.wrap_i64 (i64.sub (call $envp (local.get $e) (i32.const 56))
                                                            (call $envp (local.get $e) (i32.const 48)))))
    ;; Touch the last byte of each buffer (traps if it is outside the memory).
    (i32.store8 offset=39 (call $a (call $envp (local.get $e) (i32.const 40))) (i32.const 1))
    (i32.store offset=56 (local.get $o) (i32.const 1)))

  ;; With blockDim.x = B: shared[t] = in[g], dynamic[t] = 3 in[g],
  ;; scratch[t] = t + 7; then out[g] = 1000 shared[B-1-t] + dynamic[(t+1) % B] + scratch[t].
  (func (export "k.reverse") (param $params i64) (param $e i64)
    (local $in i64) (local $out i64) (local $bd i32) (local $tx i32) (local $v i32)
    (local $sh i32) (local $dyn i32) (local $scr i32)
    (local.set $in (i64.load (call $arg (local.get $params) (i32.const 0))))
    (local.set $out (i64.load (call $arg (local.get $params) (i32.const 1))))
    (local.set $bd (call $env (local.get $e) (i32.const 12)))
    (local.set $sh (call $a (call $envp (local.get $e) (i32.const 40))))
    (local.set $dyn (call $a (call $envp (local.get $e) (i32.const 48))))
    (local.set $scr (call $a (call $envp (local.get $e) (i32.const 56))))
    (block $done (loop $threads
      (br_if $done (i32.ge_u (local.get $tx) (local.get $bd)))
      (local.set $v (i32.load (call $at4 (local.get $in) (call $gid (local.get $e) (local.get $tx)))))
      (i32.store (i32.add (local.get $sh) (i32.shl (local.get $tx) (i32.const 2))) (local.get $v))
      (i32.store (i32.add (local.get $dyn) (i32.shl (local.get $tx) (i32.const 2)))
                 (i32.mul (local.get $v) (i32.const 3)))
      (i32.store (i32.add (local.get $scr) (i32.shl (local.get $tx) (i32.const 2)))
                 (i32.add (local.get $tx) (i32.const 7)))
      (local.set $tx (i32.add (local.get $tx) (i32.const 1)))
      (br $threads)))
    (local.set $tx (i32.const 0))
    (block $done (loop $threads
      (br_if $done (i32.ge_u (local.get $tx) (local.get $bd)))
      (i32.store (call $at4 (local.get $out) (call $gid (local.get $e) (local.get $tx)))
        (i32.add
          (i32.add
            (i32.mul (i32.const 1000)
              (i32.load (i32.add (local.get $sh)
                (i32.shl (i32.sub (i32.sub (local.get $bd) (i32.const 1)) (local.get $tx)) (i32.const 2)))))
            (i32.load (i32.add (local.get $dyn)
              (i32.shl (i32.rem_u (i32.add (local.get $tx) (i32.const 1)) (local.get $bd)) (i32.const 2)))))
          (i32.load (i32.add (local.get $scr) (i32.shl (local.get $tx) (i32.const 2))))))
      (local.set $tx (i32.add (local.get $tx) (i32.const 1)))
      (br $threads))))

  ;; For i < n: atomically bins[in[i] & 15] += 1 and the u64 at bins + 64 += in[i].
  (func (export "k.hist") (param $params i64) (param $e i64)
    (local $n i32) (local $in i64) (local $bins i64) (local $tx i32) (local $g i32) (local $v i32)
    (local.set $n (i32.load (call $arg (local.get $params) (i32.const 0))))
    (local.set $in (i64.load (call $arg (local.get $params) (i32.const 1))))
    (local.set $bins (i64.load (call $arg (local.get $params) (i32.const 2))))
    (block $done (loop $threads
      (br_if $done (i32.ge_u (local.get $tx) (call $env (local.get $e) (i32.const 12))))
      (local.set $g (call $gid (local.get $e) (local.get $tx)))
      (if (i32.lt_s (local.get $g) (local.get $n)) (then
        (local.set $v (i32.load (call $at4 (local.get $in) (local.get $g))))
        (drop (i32.atomic.rmw.add (call $at4 (local.get $bins) (i32.and (local.get $v) (i32.const 15)))
                                  (i32.const 1)))
        (drop (i64.atomic.rmw.add offset=64 (call $a (local.get $bins)) (i64.extend_i32_u (local.get $v))))))
      (local.set $tx (i32.add (local.get $tx) (i32.const 1)))
      (br $threads))))

  ;; out[g] = g; block `bad` then reads 16 bytes below 4 GiB (outside the memory).
  (func (export "k.oob") (param $params i64) (param $e i64)
    (local $out i64) (local $tx i32) (local $g i32)
    (local.set $out (i64.load (call $arg (local.get $params) (i32.const 0))))
    (block $done (loop $threads
      (br_if $done (i32.ge_u (local.get $tx) (call $env (local.get $e) (i32.const 12))))
      (local.set $g (call $gid (local.get $e) (local.get $tx)))
      (i32.store (call $at4 (local.get $out) (local.get $g)) (local.get $g))
      (local.set $tx (i32.add (local.get $tx) (i32.const 1)))
      (br $threads)))
    (if (i32.eq (call $env (local.get $e) (i32.const 24))
                (i32.load (call $arg (local.get $params) (i32.const 1))))
      (then (drop (i32.load (call $a (i64.add (global.get $base) (i64.const 0xfffffff0))))))))

  ;; out[0] = 100 / d
  (func (export "k.div") (param $params i64) (param $e i64)
    (i32.store (call $at4 (i64.load (call $arg (local.get $params) (i32.const 1))) (i32.const 0))
      (i32.div_s (i32.const 100) (i32.load (call $arg (local.get $params) (i32.const 0))))))

  ;; For i < n: 10 float functions of x[i] to out[10 i ..], 6 double
  ;; functions of xd[i] to outd[6 i ..].
  (func (export "k.math") (param $params i64) (param $e i64)
    (local $n i32) (local $tx i32) (local $g i32) (local $x f32) (local $o i32) (local $xd f64) (local $od i32)
    (local.set $n (i32.load (call $arg (local.get $params) (i32.const 0))))
    (block $done (loop $threads
      (br_if $done (i32.ge_u (local.get $tx) (call $env (local.get $e) (i32.const 12))))
      (local.set $g (call $gid (local.get $e) (local.get $tx)))
      (if (i32.lt_s (local.get $g) (local.get $n)) (then
        (local.set $x (f32.load (call $at4 (i64.load (call $arg (local.get $params) (i32.const 1))) (local.get $g))))
        (local.set $o (call $at4 (i64.load (call $arg (local.get $params) (i32.const 2)))
                                 (i32.mul (local.get $g) (i32.const 10))))
        (f32.store offset=0 (local.get $o) (call $sinf (local.get $x)))
        (f32.store offset=4 (local.get $o) (call $cosf (local.get $x)))
        (f32.store offset=8 (local.get $o) (call $expf (local.get $x)))
        (f32.store offset=12 (local.get $o) (call $logf (local.get $x)))
        (f32.store offset=16 (local.get $o) (call $tanhf (local.get $x)))
        (f32.store offset=20 (local.get $o) (call $erff (local.get $x)))
        (f32.store offset=24 (local.get $o) (call $powf (local.get $x) (f32.const 1.5)))
        (f32.store offset=28 (local.get $o) (call $fmaf (local.get $x) (local.get $x) (f32.const 0.25)))
        (f32.store offset=32 (local.get $o) (call $exp10f (local.get $x)))
        (f32.store offset=36 (local.get $o) (call $cbrtf (local.get $x)))
        (local.set $xd (f64.load (call $a (i64.add (i64.load (call $arg (local.get $params) (i32.const 3)))
                                                   (i64.extend_i32_u (i32.shl (local.get $g) (i32.const 3)))))))
        (local.set $od (call $a (i64.add (i64.load (call $arg (local.get $params) (i32.const 4)))
                                         (i64.extend_i32_u (i32.mul (local.get $g) (i32.const 48))))))
        (f64.store offset=0 (local.get $od) (call $sin (local.get $xd)))
        (f64.store offset=8 (local.get $od) (call $exp (local.get $xd)))
        (f64.store offset=16 (local.get $od) (call $log1p (local.get $xd)))
        (f64.store offset=24 (local.get $od) (call $pow (local.get $xd) (f64.const 2.5)))
        (f64.store offset=32 (local.get $od) (call $erfc (local.get $xd)))
        (f64.store offset=40 (local.get $od) (call $fma (local.get $xd) (local.get $xd) (f64.const 0.1)))))
      (local.set $tx (i32.add (local.get $tx) (i32.const 1)))
      (br $threads))))

  ;; out[0] = printf(FORMAT, 42, "wasm"), the slots in the scratch buffer.
  (func (export "k.printf") (param $params i64) (param $e i64)
    (local $slots i64)
    (local.set $slots (call $envp (local.get $e) (i32.const 56)))
    (i64.store (call $a (local.get $slots)) (i64.const 42))
    (i64.store offset=8 (call $a (local.get $slots)) (i64.add (global.get $base) (i64.const {word})))
    (i32.store (call $at4 (i64.load (call $arg (local.get $params) (i32.const 0))) (i32.const 0))
      (call $printf (i32.const 1) (i64.add (global.get $base) (i64.const {format}))
                    (local.get $slots) (i32.const 2))))

  ;; out[0..4] = k.table
  (func (export "k.read_table") (param $params i64) (param $e i64)
    (local $i i32)
    (block $done (loop $words
      (br_if $done (i32.ge_u (local.get $i) (i32.const 4)))
      (i32.store (call $at4 (i64.load (call $arg (local.get $params) (i32.const 0))) (local.get $i))
        (i32.load offset={table} (i32.shl (local.get $i) (i32.const 2))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $words))))
)"#,
        data = data.wat_string(),
        len = data.bytes.len(),
    );
    wat::parse_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn device(workers: usize) -> WasmDevice {
    WasmDevice::with_workers(&test_module(), workers).unwrap()
}

/// A runtime over a wasm device with its kernels registered, as the tools set one up.
fn runtime(workers: usize) -> Runtime {
    let device = device(workers);
    let kernels = device.kernels();
    let rt = Runtime::new(Box::new(device));
    for k in kernels {
        rt.register_kernel(k).unwrap();
    }
    rt
}

fn config(grid: [u32; 3], block: [u32; 3], dynamic_shared_bytes: usize) -> LaunchConfig {
    LaunchConfig {
        grid,
        block,
        dynamic_shared_bytes,
    }
}

/// Launch `name` with the given argument values (each a byte blob).
fn launch(
    rt: &Runtime,
    name: &str,
    config: &LaunchConfig,
    args: &[&[u8]],
) -> Result<(), RuntimeError> {
    let ptrs: Vec<*const u8> = args.iter().map(|a| a.as_ptr()).collect();
    let params = KernelParams {
        ptr: ptrs.as_ptr(),
        len: ptrs.len(),
    };
    // SAFETY: each argument blob has the size the module gives the argument.
    unsafe { rt.launch(name, config, params) }
}

fn upload<T: Copy>(rt: &Runtime, values: &[T]) -> u64 {
    let bytes = std::mem::size_of_val(values);
    let p = rt.malloc(bytes).unwrap();
    // SAFETY: plain data viewed as bytes.
    let raw = unsafe { std::slice::from_raw_parts(values.as_ptr().cast::<u8>(), bytes) };
    rt.copy_to_device(p, raw).unwrap();
    p
}

fn download<T: Copy + Default>(rt: &Runtime, p: u64, n: usize) -> Vec<T> {
    let mut out = vec![T::default(); n];
    let bytes = std::mem::size_of_val(out.as_slice());
    // SAFETY: plain data viewed as bytes.
    let raw = unsafe { std::slice::from_raw_parts_mut(out.as_mut_ptr().cast::<u8>(), bytes) };
    rt.copy_to_host(raw, p).unwrap();
    out
}

/// A small deterministic generator for test inputs.
fn random(seed: &mut u64) -> u32 {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (*seed >> 33) as u32
}

#[test]
fn the_module_describes_its_kernels_and_variables() {
    let d = device(1);
    let names: Vec<_> = d
        .kernels()
        .into_iter()
        .map(|k| (k.name, k.num_params))
        .collect();
    assert_eq!(
        names,
        [
            ("k.div", 2),
            ("k.env", 1),
            ("k.hist", 3),
            ("k.math", 5),
            ("k.oob", 2),
            ("k.printf", 1),
            ("k.read_table", 1),
            ("k.reverse", 2),
            ("k.saxpy", 4),
        ]
        .map(|(n, p)| (n.to_string(), p))
    );
    let reverse = d
        .kernels()
        .into_iter()
        .find(|k| k.name == "k.reverse")
        .unwrap();
    assert_eq!(
        (reverse.static_shared_bytes, reverse.per_thread_bytes),
        (1024, 4)
    );
    assert!(reverse.entry.is_none());
    assert_eq!(d.param_sizes("k.saxpy"), Some(&[4, 4, 8, 8][..]));
    // cuwasm_init ran: the variable holds its initializer, at memory_base + offset.
    let (at, bytes) = d.variable("k.table").unwrap();
    assert_eq!(bytes, 16);
    assert!(at > d.memory_base() + 1024);
    // SAFETY: device pointers are host addresses of the linear memory.
    let table = unsafe { std::slice::from_raw_parts(at as *const u32, 4) };
    assert_eq!(table, [11, 22, 33, 44]);
}

#[test]
fn saxpy_over_many_blocks_matches_the_host() {
    let rt = runtime(4);
    let n = 10_000usize;
    let mut seed = 1;
    let x: Vec<f32> = (0..n).map(|_| random(&mut seed) as f32 / 1e6).collect();
    let y: Vec<f32> = (0..n).map(|_| random(&mut seed) as f32 / 3e5).collect();
    let alpha = 1.75f32;
    let (dx, dy) = (upload(&rt, &x), upload(&rt, &y));
    let threads = 128u32;
    let blocks = (n as u32).div_ceil(threads);
    let cfg = config([blocks, 1, 1], [threads, 1, 1], 0);
    launch(
        &rt,
        "k.saxpy",
        &cfg,
        &[
            &(n as i32).to_le_bytes(),
            &alpha.to_le_bytes(),
            &dx.to_le_bytes(),
            &dy.to_le_bytes(),
        ],
    )
    .unwrap();
    rt.synchronize().unwrap();
    let expected: Vec<f32> = x.iter().zip(&y).map(|(x, y)| alpha * x + y).collect();
    assert_eq!(download::<f32>(&rt, dy, n), expected);
    // Device pointers are host addresses: host code reads them directly.
    // SAFETY: `dy` is a live allocation of n floats.
    let direct = unsafe { std::slice::from_raw_parts(dy as *const f32, n) };
    assert_eq!(direct, expected.as_slice());
    rt.free(dx).unwrap();
    rt.free(dy).unwrap();
}

#[test]
fn every_block_sees_its_kernel_env_and_aligned_private_buffers() {
    let rt = runtime(3);
    let cfg = config([3, 2, 2], [4, 2, 1], 100);
    let blocks = cfg.num_blocks() as usize;
    let out = rt.malloc(blocks * 64).unwrap();
    launch(&rt, "k.env", &cfg, &[&out.to_le_bytes()]).unwrap();
    let words: Vec<u32> = download(&rt, out, blocks * 16);
    for (b, w) in words.chunks(16).enumerate() {
        let b = b as u32;
        let idx = [b % 3, (b / 3) % 2, b / 6];
        assert_eq!(&w[0..3], &[3, 2, 2], "grid_dim of block {b}");
        assert_eq!(&w[3..6], &[4, 2, 1], "block_dim of block {b}");
        assert_eq!(&w[6..9], &idx, "block_idx of block {b}");
        assert_eq!(&w[9..12], &[0, 0, 0], "buffer alignment of block {b}");
        // static shared (40 bytes) < dynamic (100 bytes) < scratch, disjoint
        assert!(
            w[12] >= 40 && w[13] >= 100,
            "buffer layout of block {b}: {w:?}"
        );
        assert_eq!(w[14], 1);
    }
}

#[test]
fn shared_dynamic_and_scratch_buffers_are_per_block() {
    let rt = runtime(4);
    let (threads, blocks) = (64u32, 300u32);
    let n = (threads * blocks) as usize;
    let mut seed = 7;
    let input: Vec<i32> = (0..n).map(|_| (random(&mut seed) % 1000) as i32).collect();
    let din = upload(&rt, &input);
    let dout = rt.malloc(n * 4).unwrap();
    let cfg = config([blocks, 1, 1], [threads, 1, 1], 4 * threads as usize);
    launch(
        &rt,
        "k.reverse",
        &cfg,
        &[&din.to_le_bytes(), &dout.to_le_bytes()],
    )
    .unwrap();
    let t = threads as usize;
    let expected: Vec<i32> = (0..n)
        .map(|g| {
            let (b, tx) = (g / t, g % t);
            1000 * input[b * t + t - 1 - tx] + 3 * input[b * t + (tx + 1) % t] + tx as i32 + 7
        })
        .collect();
    assert_eq!(download::<i32>(&rt, dout, n), expected);
}

#[test]
fn atomics_on_the_shared_memory_add_up_across_workers() {
    let rt = runtime(4);
    let n = 200_000usize;
    let mut seed = 3;
    let input: Vec<u32> = (0..n).map(|_| random(&mut seed) % 5000).collect();
    let din = upload(&rt, &input);
    let bins = upload(&rt, &[0u32; 18]);
    let threads = 256u32;
    let cfg = config([(n as u32).div_ceil(threads), 1, 1], [threads, 1, 1], 0);
    for _ in 0..3 {
        let args: [&[u8]; 3] = [
            &(n as i32).to_le_bytes(),
            &din.to_le_bytes(),
            &bins.to_le_bytes(),
        ];
        launch(&rt, "k.hist", &cfg, &args).unwrap();
    }
    let mut expected = [0u32; 16];
    for v in &input {
        expected[(v & 15) as usize] += 3;
    }
    let got: Vec<u32> = download(&rt, bins, 18);
    assert_eq!(&got[..16], &expected);
    let total = got[16] as u64 | (got[17] as u64) << 32;
    assert_eq!(total, 3 * input.iter().map(|&v| v as u64).sum::<u64>());
}

#[test]
fn an_out_of_bounds_access_traps_and_names_the_kernel_and_block() {
    let rt = runtime(4);
    let (threads, blocks) = (64u32, 40u32);
    let out = rt.malloc((threads * blocks) as usize * 4).unwrap();
    let cfg = config([blocks, 1, 1], [threads, 1, 1], 0);
    let e = launch(
        &rt,
        "k.oob",
        &cfg,
        &[&out.to_le_bytes(), &3i32.to_le_bytes()],
    )
    .unwrap_err();
    assert_eq!(e.code, CudaError::IllegalAddress);
    assert_eq!(
        e.message,
        "out-of-bounds memory access in kernel 'k.oob', block (3,0,0)"
    );
    // The fault is the launch's last error, and every later synchronize returns it.
    assert_eq!(rt.get_last_error(), CudaError::IllegalAddress);
    assert_eq!(rt.synchronize().unwrap_err(), e);
    assert_eq!(rt.synchronize().unwrap_err(), e);
    // Block 3 wrote its threads' values before it trapped.
    let got: Vec<u32> = download(&rt, out, (threads * blocks) as usize);
    assert!((3 * 64..4 * 64).all(|g| got[g] == g as u32));
}

#[test]
fn an_integer_division_by_zero_is_a_launch_failure() {
    let rt = runtime(1);
    let out = rt.malloc(4).unwrap();
    let cfg = config([1, 1, 1], [1, 1, 1], 0);
    launch(
        &rt,
        "k.div",
        &cfg,
        &[&4i32.to_le_bytes(), &out.to_le_bytes()],
    )
    .unwrap();
    assert_eq!(download::<i32>(&rt, out, 1), [25]);
    let e = launch(
        &rt,
        "k.div",
        &cfg,
        &[&0i32.to_le_bytes(), &out.to_le_bytes()],
    )
    .unwrap_err();
    assert_eq!(e.code, CudaError::LaunchFailure);
    assert_eq!(
        e.message,
        "integer division by zero in kernel 'k.div', block (0,0,0)"
    );
}

unsafe extern "C" {
    safe fn erff(x: f32) -> f32;
    safe fn exp10f(x: f32) -> f32;
    safe fn erfc(x: f64) -> f64;
}

#[test]
fn math_imports_give_the_c_librarys_bits() {
    let rt = runtime(2);
    let n = 500usize;
    let x: Vec<f32> = (0..n).map(|i| 0.01 + i as f32 * 0.0061).collect();
    let xd: Vec<f64> = (0..n).map(|i| 0.02 + i as f64 * 0.00713).collect();
    let (dx, dxd) = (upload(&rt, &x), upload(&rt, &xd));
    let (out, outd) = (rt.malloc(n * 40).unwrap(), rt.malloc(n * 48).unwrap());
    let cfg = config([(n as u32).div_ceil(64), 1, 1], [64, 1, 1], 0);
    let args: [&[u8]; 5] = [
        &(n as i32).to_le_bytes(),
        &dx.to_le_bytes(),
        &out.to_le_bytes(),
        &dxd.to_le_bytes(),
        &outd.to_le_bytes(),
    ];
    launch(&rt, "k.math", &cfg, &args).unwrap();
    let expected: Vec<u32> = x
        .iter()
        .flat_map(|&v| {
            [
                v.sin(),
                v.cos(),
                v.exp(),
                v.ln(),
                v.tanh(),
                erff(v),
                v.powf(1.5),
                v.mul_add(v, 0.25),
                exp10f(v),
                v.cbrt(),
            ]
        })
        .map(f32::to_bits)
        .collect();
    let got: Vec<u32> = download(&rt, out, n * 10);
    assert_eq!(got, expected);
    let expected: Vec<u64> = xd
        .iter()
        .flat_map(|&v| {
            [
                v.sin(),
                v.exp(),
                v.ln_1p(),
                v.powf(2.5),
                erfc(v),
                v.mul_add(v, 0.1),
            ]
        })
        .map(f64::to_bits)
        .collect();
    let got: Vec<u64> = download(&rt, outd, n * 6);
    assert_eq!(got, expected);
}

#[test]
fn printf_formats_from_linear_memory() {
    let rt = runtime(1);
    let out = rt.malloc(4).unwrap();
    launch(
        &rt,
        "k.printf",
        &config([1, 1, 1], [1, 1, 1], 0),
        &[&out.to_le_bytes()],
    )
    .unwrap();
    // printf's result: the bytes it wrote.
    let printed = FORMAT.replace("%d", "42").replace("%s", "wasm");
    assert_eq!(download::<i32>(&rt, out, 1), [printed.len() as i32]);
}

#[test]
fn symbol_copies_reach_the_modules_variable() {
    let rt = runtime(2);
    // Host code's own copy of the variable (what the JIT's data object would be).
    let host_copy = [0u32; 4];
    let host = host_copy.as_ptr() as u64;
    rt.register_symbol("k.table", host, 16);
    let out = rt.malloc(16).unwrap();
    let cfg = config([1, 1, 1], [1, 1, 1], 0);
    launch(&rt, "k.read_table", &cfg, &[&out.to_le_bytes()]).unwrap();
    assert_eq!(download::<u32>(&rt, out, 4), [11, 22, 33, 44]);
    let new = [7u32, 8];
    // SAFETY: `new` is 8 readable bytes; the symbol is mapped.
    unsafe { rt.memcpy_to_symbol(host, new.as_ptr() as u64, 8, 4, 1) }.unwrap();
    launch(&rt, "k.read_table", &cfg, &[&out.to_le_bytes()]).unwrap();
    assert_eq!(download::<u32>(&rt, out, 4), [11, 7, 8, 44]);
    assert_eq!(host_copy, [0; 4], "host code's copy is not the device's");
    let mut back = [0u32; 3];
    // SAFETY: `back` is 12 writable bytes.
    unsafe { rt.memcpy_from_symbol(back.as_mut_ptr() as u64, host, 12, 4, 2) }.unwrap();
    assert_eq!(back, [7, 8, 44]);
    // Device to symbol.
    let src = upload(&rt, &[99u32]);
    unsafe { rt.memcpy_to_symbol(host, src, 4, 12, 3) }.unwrap();
    launch(&rt, "k.read_table", &cfg, &[&out.to_le_bytes()]).unwrap();
    assert_eq!(download::<u32>(&rt, out, 4), [11, 7, 8, 99]);
    // Past the variable's end, and an address that is no variable.
    let e = unsafe { rt.memcpy_to_symbol(host, new.as_ptr() as u64, 8, 12, 1) }.unwrap_err();
    assert_eq!(e.code, CudaError::InvalidValue);
    let other = [0u8; 4];
    let e = unsafe { rt.memcpy_to_symbol(other.as_ptr() as u64, new.as_ptr() as u64, 4, 0, 1) }
        .unwrap_err();
    assert_eq!(e.code, CudaError::InvalidSymbol);
    let d = device(1);
    assert_eq!(
        d.map_symbol(host, "k.nothing").unwrap_err().code,
        CudaError::InvalidSymbol
    );
}

#[test]
fn device_memory_is_checked_and_grows_in_place() {
    let d = device(1);
    let base = d.memory_base();
    let a = d.alloc(1000).unwrap();
    assert!(a >= base + 1024 && a % 256 == 0);
    d.copy_to_device(a, &[5; 1000]).unwrap();
    assert!(d.contains(a + 999, 1) && !d.contains(a + 999, 2));
    assert_eq!(
        d.copy_to_device(a + 1, &[0; 1000]).unwrap_err().code,
        CudaError::InvalidValue
    );
    // 40 MiB: the memory grows (by pages), without moving; old data stays.
    let big = d.alloc(40 << 20).unwrap();
    assert_eq!(d.memory_base(), base);
    d.memset(big, 0xab, 40 << 20).unwrap();
    let mut tail = [0u8; 4];
    d.copy_to_host(&mut tail, big + (40 << 20) - 4).unwrap();
    assert_eq!(tail, [0xab; 4]);
    let mut head = [0u8; 1000];
    d.copy_to_host(&mut head, a).unwrap();
    assert_eq!(head, [5; 1000]);
    d.copy_device_to_device(big, a, 1000).unwrap();
    d.copy_to_host(&mut head, big).unwrap();
    assert_eq!(head, [5; 1000]);
    assert_eq!(
        d.free(a + 16).unwrap_err().code,
        CudaError::InvalidDevicePointer
    );
    d.free(a).unwrap();
    assert_eq!(d.free(a).unwrap_err().code, CudaError::InvalidDevicePointer);
    // A new allocation reuses the freed range, zeroed.
    let c = d.alloc(500).unwrap();
    assert_eq!(c, a);
    d.copy_to_host(&mut head[..500], c).unwrap();
    assert!(head[..500].iter().all(|&b| b == 0));
    assert_eq!(
        d.alloc(5 << 30).unwrap_err().code,
        CudaError::MemoryAllocation
    );
}

#[test]
fn launches_are_checked_against_the_module() {
    let rt = runtime(1);
    let e = launch(
        &rt,
        "k.saxpy",
        &config([1, 1, 1], [1, 1, 1], 0),
        &[&[0u8; 4]],
    )
    .unwrap_err();
    assert_eq!(e.code, CudaError::InvalidValue);
    // A kernel the module does not have cannot be registered.
    let d = device(1);
    let mut k = d.kernels().remove(0);
    k.name = "k.nothing".into();
    assert_eq!(
        d.load_kernel(&k).unwrap_err().code,
        CudaError::InvalidDeviceFunction
    );
}

/// A module importing what the device provides, plus `extra`.
fn module_importing(extra: &str) -> Vec<u8> {
    wat::parse_str(format!(
        r#"(module
  (import "env" "memory" (memory 1 65536 shared))
  (import "env" "memory_base" (global i64))
  (import "env" "sinf" (func (param f32) (result f32)))
  {extra}
  (func (export "cuwasm_init"))
  (global (export "cuwasm_data_end") i32 (i32.const 1024)))"#
    ))
    .unwrap()
}

#[test]
fn imports_the_device_lacks_are_named_at_load_time() {
    WasmDevice::with_workers(&module_importing(""), 1).unwrap();
    let e = WasmDevice::with_workers(
        &module_importing(r#"(import "env" "nosuchf" (func (param f32) (result f32)))"#),
        1,
    )
    .unwrap_err();
    assert_eq!(e.code, CudaError::InitializationError);
    assert!(e.message.contains("env.nosuchf"), "{}", e.message);
    let e = WasmDevice::with_workers(
        &module_importing(r#"(import "env" "cosf" (func (param f64) (result f64)))"#),
        1,
    )
    .unwrap_err();
    assert!(e.message.contains("env.cosf has type"), "{}", e.message);
    let e = WasmDevice::with_workers(
        &module_importing(r#"(import "wasi" "fd_write" (func (param i32) (result i32)))"#),
        1,
    )
    .unwrap_err();
    assert!(e.message.contains("wasi.fd_write"), "{}", e.message);
    let e = WasmDevice::with_workers(b"\0asm\x01\0\0\0\x01", 1).unwrap_err();
    assert_eq!(e.code, CudaError::InitializationError);
}
