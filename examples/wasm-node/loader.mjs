// Runs cuwasm kernel modules (docs/wasm-abi.md) in Node.js and in browsers.
//
//   import { loadKernelModule, arg } from './loader.mjs';
//   const m = await loadKernelModule(bytes);            // instantiate, cuwasm_init
//   const x = m.upload(new Float32Array([1, 2, 3]));   // device pointer (an offset)
//   m.launch('kernels.scale', [1, 1, 1], [32, 1, 1], [arg.i32(3), arg.f32(2), arg.ptr(x)]);
//   m.download(x, Float32Array, 3);                    // Float32Array [2, 4, 6]
//
// The host side of the ABI, as the runtime's wasmtime backend does it, with
// `memory_base = 0n` (device pointers are plain offsets): one instance on one
// WebAssembly.Memory (shared when the module imports it shared), the math
// imports from Math (math.mjs), printf formatted from memory (printf.mjs), an
// allocator from `cuwasm_data_end` up that grows the memory, and launches
// that write the arguments, the 64-byte KernelEnv and the block buffers into
// memory and call the kernel's export once per block. A trap ends the launch
// with a KernelError naming the kernel and the block.

import { MATH } from './math.mjs';
import { formatC } from './printf.mjs';

const PAGE = 65536;
/** Alignment of device allocations (CUDA's 256 bytes). */
const ALLOC_ALIGN = 256;
/** Alignment of the block buffers and of argument values. */
const BUFFER_ALIGN = 16;
/** KernelEnv's fields (docs/cpu-abi.md). */
const ENV = { GRID_DIM: 0, BLOCK_DIM: 12, BLOCK_IDX: 24, SHARED: 40, DYNAMIC_SHARED: 48, SCRATCH: 56, SIZE: 64 };
/** A `#param_sizes` entry's mark of a struct passed by value. */
const BYVAL = 0x80000000;

const alignUp = (n, a) => Math.ceil(n / a) * a;

/** Argument values as kernels take them: each the bytes of one C value. */
export const arg = {
  i32: (v) => bytesOf(Int32Array, v),
  u32: (v) => bytesOf(Uint32Array, v),
  i64: (v) => bytesOf(BigInt64Array, BigInt(v)),
  u64: (v) => bytesOf(BigUint64Array, BigInt(v)),
  f32: (v) => bytesOf(Float32Array, v),
  f64: (v) => bytesOf(Float64Array, v),
  /** A device pointer (`memory_base + offset`, and memory_base is 0). */
  ptr: (p) => bytesOf(BigUint64Array, BigInt(p)),
  /** Raw bytes (a struct passed by value), from a typed array or numbers. */
  bytes: (b) => new Uint8Array(b.buffer ? b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) : b),
};

function bytesOf(Type, v) {
  return new Uint8Array(new Type([v]).buffer);
}

/** A kernel's trap: `out-of-bounds memory access in kernel 'm.k', block (3,0,0)`. */
export class KernelError extends Error {
  constructor(trap, code, kernel, block) {
    super(`${trap} in kernel '${kernel}', block (${block.join(',')})`);
    this.name = 'KernelError';
    this.trap = trap;
    /** The CUDA error the runtime reports for it. */
    this.code = code;
    this.kernel = kernel;
    this.block = block;
  }
}

/** The runtime's words and CUDA error for an engine's trap message. */
function describeTrap(error) {
  const m = String(error?.message ?? error);
  const rules = [
    [/out of bounds|out-of-bounds/i, 'out-of-bounds memory access', 'cudaErrorIllegalAddress'],
    [/unaligned|misaligned/i, 'misaligned atomic access', 'cudaErrorIllegalAddress'],
    [/divi(de|sion) by zero/i, 'integer division by zero', 'cudaErrorLaunchFailure'],
    [/float unrepresentable|invalid conversion/i, 'invalid conversion of a float to an integer', 'cudaErrorLaunchFailure'],
    [/unrepresentable|integer overflow/i, 'integer overflow', 'cudaErrorLaunchFailure'],
    [/unreachable/i, 'unreachable code reached', 'cudaErrorLaunchFailure'],
    [/call stack|too much recursion/i, 'stack overflow', 'cudaErrorLaunchFailure'],
  ];
  const hit = rules.find(([re]) => re.test(m));
  return hit ? [hit[1], hit[2]] : [m, 'cudaErrorLaunchFailure'];
}

/** The memory a module imports as `env.memory`: {min, max, shared} in pages. */
export function memoryImport(bytes) {
  const b = new Uint8Array(bytes);
  let at = 8;
  const leb = () => {
    let result = 0;
    let scale = 1;
    for (;;) {
      const byte = b[at++];
      result += (byte & 0x7f) * scale;
      scale *= 128;
      if (!(byte & 0x80)) return result;
    }
  };
  const name = () => {
    const n = leb();
    at += n;
    return new TextDecoder().decode(b.subarray(at - n, at));
  };
  const limits = () => {
    const flags = b[at++];
    const min = leb();
    const max = flags & 1 ? leb() : undefined;
    return { min, max, shared: Boolean(flags & 2), memory64: Boolean(flags & 4) };
  };
  while (at < b.length) {
    const id = b[at++];
    const size = leb();
    const end = at + size;
    if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        const module = name();
        const field = name();
        const kind = b[at++];
        if (kind === 0) leb();
        else if (kind === 1) {
          at++;
          limits();
        } else if (kind === 2) {
          const l = limits();
          if (module === 'env' && field === 'memory') return l;
        } else if (kind === 3) at += 2;
        else if (kind === 4) {
          at++;
          leb();
        }
      }
    }
    at = end;
  }
  throw new Error('the module does not import its memory as env.memory');
}

/** A first-fit allocator over the memory from `start` up (as the runtime's). */
class Heap {
  constructor(memory, start) {
    this.memory = memory;
    this.top = alignUp(start, ALLOC_ALIGN);
    /** Memory from `fresh` up has never been handed out (still zero). */
    this.fresh = this.top;
    /** Free ranges below `top`, [offset, bytes], sorted, never adjacent. */
    this.free = [];
    /** Live ranges: offset → {bytes, taken, program}. */
    this.live = new Map();
  }

  alloc(bytes, program) {
    const taken = alignUp(Math.max(bytes, 1), ALLOC_ALIGN);
    let offset;
    const i = this.free.findIndex(([, size]) => size >= taken);
    if (i >= 0) {
      const [o, size] = this.free[i];
      offset = o;
      if (size > taken) this.free[i] = [o + taken, size - taken];
      else this.free.splice(i, 1);
    } else {
      offset = this.top;
      const end = offset + taken;
      const have = this.memory.buffer.byteLength;
      if (end > have) {
        try {
          this.memory.grow(Math.ceil((end - have) / PAGE));
        } catch {
          throw new Error(`cannot allocate ${bytes} bytes of wasm memory (cudaErrorMemoryAllocation)`);
        }
      }
      this.top = end;
    }
    if (program && offset < this.fresh) {
      new Uint8Array(this.memory.buffer, offset, Math.min(this.fresh, offset + bytes) - offset).fill(0);
    }
    this.fresh = Math.max(this.fresh, offset + taken);
    this.live.set(offset, { bytes, taken, program });
    return offset;
  }

  release(offset, program) {
    const block = this.live.get(offset);
    if (!block || block.program !== program) return false;
    this.live.delete(offset);
    let start = offset;
    let size = block.taken;
    const before = this.free.findIndex(([o, s]) => o + s === start);
    if (before >= 0) {
      start = this.free[before][0];
      size += this.free[before][1];
      this.free.splice(before, 1);
    }
    const after = this.free.findIndex(([o]) => o === start + size);
    if (after >= 0) {
      size += this.free[after][1];
      this.free.splice(after, 1);
    }
    if (start + size === this.top) this.top = start;
    else {
      this.free.push([start, size]);
      this.free.sort((a, b) => a[0] - b[0]);
    }
    return true;
  }

  /** The program allocation containing `offset`: [start, bytes]. */
  find(offset) {
    for (const [start, b] of this.live) {
      if (b.program && offset >= start && offset < start + b.bytes) return [start, b.bytes];
    }
    return undefined;
  }
}

/** Write `stream`'s output (1 stdout, 2 stderr) where the host shows it. */
function defaultPrint(stream, bytes) {
  const proc = globalThis.process;
  if (proc?.stdout) {
    (stream === 2 ? proc.stderr : proc.stdout).write(bytes);
  } else {
    (stream === 2 ? console.error : console.log)(new TextDecoder().decode(bytes).replace(/\n$/, ''));
  }
}

/**
 * Instantiate a kernel module. `source`: the module's bytes (ArrayBuffer,
 * typed array) or a compiled WebAssembly.Module (with `options.bytes`, for
 * its memory import). `options.print(stream, bytes)` receives printf's output.
 */
export async function loadKernelModule(source, options = {}) {
  const bytes = source instanceof WebAssembly.Module ? options.bytes : source;
  const module = source instanceof WebAssembly.Module ? source : await WebAssembly.compile(bytes);
  return new KernelModule(module, memoryImport(bytes), options);
}

export class KernelModule {
  constructor(module, memoryType, options) {
    this.print = options.print ?? defaultPrint;
    this.memory = new WebAssembly.Memory({
      initial: memoryType.min,
      maximum: memoryType.max ?? 65536,
      shared: memoryType.shared,
    });
    const env = {
      memory: this.memory,
      memory_base: new WebAssembly.Global({ value: 'i64', mutable: false }, 0n),
      cuwasm_rt_printf: (stream, format, args, nargs) => this.printf(stream, format, args, nargs),
      ...MATH,
    };
    const missing = WebAssembly.Module.imports(module)
      .filter((i) => i.module !== 'env' || !(i.name in env))
      .map((i) => `${i.module}.${i.name}`);
    if (missing.length) {
      throw new Error(`cannot load the kernel module: ${missing.join(', ')} not provided by the loader`);
    }
    this.instance = new WebAssembly.Instance(module, { env });
    this.exports = this.instance.exports;
    this.exports.cuwasm_init();
    this.heap = new Heap(this.memory, this.global('cuwasm_data_end'));
    /** Kernels by flat name: {name, paramSizes, staticSharedBytes, perThreadBytes}. */
    this.kernels = new Map();
    /** Device variables by flat name: {offset, bytes}. */
    this.variables = new Map();
    for (const { name } of WebAssembly.Module.exports(module)) {
      const kernel = name.endsWith('#num_params') && name.slice(0, -'#num_params'.length);
      const variable = name.endsWith('#offset') && name.slice(0, -'#offset'.length);
      if (kernel) {
        const n = this.global(name);
        const at = n > 0 ? this.global(`${kernel}#param_sizes`) : 0;
        const entries = Array.from(new Uint32Array(this.memory.buffer.slice(at, at + 4 * n)));
        this.kernels.set(kernel, {
          name: kernel,
          paramSizes: entries.map((e) => (e & ~BYVAL) >>> 0),
          byValue: entries.map((e) => (e & BYVAL) !== 0),
          staticSharedBytes: this.global(`${kernel}#static_shared_bytes`),
          perThreadBytes: this.global(`${kernel}#per_thread_bytes`),
        });
      } else if (variable) {
        this.variables.set(variable, { offset: this.global(name), bytes: this.global(`${variable}#bytes`) });
      }
    }
  }

  /** The exported i32 global `name`, as unsigned. */
  global(name) {
    const g = this.exports[name];
    if (!(g instanceof WebAssembly.Global)) throw new Error(`the module exports no global '${name}'`);
    return g.value >>> 0;
  }

  view() {
    return new DataView(this.memory.buffer);
  }

  /** `cudaMalloc`: zeroed, 256-aligned; 0 bytes give the null pointer. */
  alloc(bytes) {
    return bytes === 0 ? 0 : this.heap.alloc(bytes, true);
  }

  /** `cudaFree`. */
  free(ptr) {
    if (ptr !== 0 && !this.heap.release(Number(ptr), true)) {
      throw new Error(`${ptr} is not the start of a device allocation (cudaErrorInvalidDevicePointer)`);
    }
  }

  /** Check that `[ptr, ptr + bytes)` lies inside one device allocation. */
  check(ptr, bytes) {
    const found = this.heap.find(ptr);
    if (bytes > 0 && !(found && ptr + bytes <= found[0] + found[1])) {
      throw new Error(`${ptr}..+${bytes} is not inside a device allocation (cudaErrorInvalidValue)`);
    }
  }

  /** Copy a typed array (or bytes) into device memory at `ptr`. */
  write(ptr, data) {
    const bytes = new Uint8Array(data.buffer ?? data, data.byteOffset ?? 0, data.byteLength);
    this.check(ptr, bytes.length);
    new Uint8Array(this.memory.buffer).set(bytes, ptr);
  }

  /** A new allocation holding `data` (a typed array). */
  upload(data) {
    const ptr = this.alloc(data.byteLength);
    this.write(ptr, data);
    return ptr;
  }

  /** A copy of `count` elements of `Type` (a typed array class) at `ptr`. */
  download(ptr, Type, count) {
    const bytes = count * Type.BYTES_PER_ELEMENT;
    this.check(ptr, bytes);
    return new Type(this.memory.buffer.slice(ptr, ptr + bytes));
  }

  /** `cudaMemset`. */
  memset(ptr, value, bytes) {
    this.check(ptr, bytes);
    new Uint8Array(this.memory.buffer, ptr, bytes).fill(value);
  }

  /** Device variable `name` (flat, `module.var`): {ptr, bytes}. */
  variable(name) {
    const v = this.variables.get(name);
    if (!v) throw new Error(`the kernel module has no device variable '${name}' (cudaErrorInvalidSymbol)`);
    return { ptr: v.offset, bytes: v.bytes };
  }

  /** `cudaMemcpyToSymbol`: `data` (a typed array) `offset` bytes into variable `name`. */
  writeVariable(name, data, offset = 0) {
    const { ptr, bytes } = this.variable(name);
    if (offset + data.byteLength > bytes) throw new Error(`the copy leaves the ${bytes}-byte variable '${name}'`);
    new Uint8Array(this.memory.buffer).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), ptr + offset);
  }

  /** `cudaMemcpyFromSymbol`. */
  readVariable(name, Type, count = undefined, offset = 0) {
    const { ptr, bytes } = this.variable(name);
    const n = count ?? (bytes - offset) / Type.BYTES_PER_ELEMENT;
    if (offset + n * Type.BYTES_PER_ELEMENT > bytes) throw new Error(`the copy leaves the ${bytes}-byte variable '${name}'`);
    return new Type(this.memory.buffer.slice(ptr + offset, ptr + offset + n * Type.BYTES_PER_ELEMENT));
  }

  /** `cuwasm_rt_printf`: format and args are pointers into the memory. */
  printf(stream, format, args, nargs) {
    const mem = new Uint8Array(this.memory.buffer);
    const cString = (p) => {
      const start = Number(p);
      if (start < 0 || start >= mem.length) return undefined;
      const end = mem.indexOf(0, start);
      return end < 0 ? undefined : mem.slice(start, end);
    };
    const fmt = cString(format);
    const at = Number(args);
    if (!fmt || nargs < 0 || (nargs > 0 && (at < 0 || at + 8 * nargs > mem.length))) return -1;
    const view = this.view();
    const slots = Array.from({ length: nargs }, (_, i) => view.getBigUint64(at + 8 * i, true));
    const out = formatC(fmt, slots, (p) => cString(p) ?? new TextEncoder().encode('(bad string)'));
    this.print(stream, out);
    return out.length;
  }

  /**
   * Run kernel `name` over `grid` blocks of `block` threads (3-element
   * arrays, or numbers for x), one call per block on this thread.
   * `args`: one Uint8Array per parameter (see `arg`), of the size the module
   * gives it (for a struct passed by value: the struct's bytes, which the
   * launch copies). Throws a KernelError when the kernel traps.
   */
  launch(name, grid, block, args, { dynamicSharedBytes = 0 } = {}) {
    const dims = (d) => (typeof d === 'number' ? [d, 1, 1] : [...d, 1, 1].slice(0, 3));
    [grid, block] = [dims(grid), dims(block)];
    const kernel = this.kernels.get(name);
    if (!kernel) throw new Error(`the kernel module has no kernel '${name}' (cudaErrorInvalidDeviceFunction)`);
    const sizes = kernel.paramSizes;
    if (args.length !== sizes.length) {
      throw new Error(`kernel '${name}' takes ${sizes.length} arguments, but the launch passes ${args.length}`);
    }
    args.forEach((a, i) => {
      if (a.length !== sizes[i]) throw new Error(`argument ${i} of '${name}' has ${a.length} bytes, not ${sizes[i]}`);
    });
    // params: n pointers, then the values, each 16-aligned; a by-value
    // struct's value is a pointer to its copy, which follows it.
    let end = 8 * sizes.length;
    const place = (s) => {
      const at = alignUp(end, BUFFER_ALIGN);
      end = at + s;
      return at;
    };
    const slots = sizes.map((s, i) => (kernel.byValue[i] ? [place(8), place(s)] : [place(s)]));
    // KernelEnv and the three buffers.
    const threads = block[0] * block[1] * block[2];
    const buffers = [kernel.staticSharedBytes, dynamicSharedBytes, kernel.perThreadBytes * threads];
    let envEnd = ENV.SIZE;
    const bufferAt = buffers.map((s) => {
      const at = alignUp(envEnd, BUFFER_ALIGN);
      envEnd = at + Math.max(s, BUFFER_ALIGN);
      return at;
    });
    const params = this.heap.alloc(end, false);
    const env = this.heap.alloc(envEnd, false);
    try {
      const mem = new Uint8Array(this.memory.buffer);
      let view = this.view();
      args.forEach((a, i) => {
        const [slot, copy] = slots[i];
        view.setBigUint64(params + 8 * i, BigInt(params + slot), true);
        if (copy === undefined) {
          mem.set(a, params + slot);
        } else {
          view.setBigUint64(params + slot, BigInt(params + copy), true);
          mem.set(a, params + copy);
        }
      });
      for (let d = 0; d < 3; d++) {
        view.setUint32(env + ENV.GRID_DIM + 4 * d, grid[d], true);
        view.setUint32(env + ENV.BLOCK_DIM + 4 * d, block[d], true);
      }
      [ENV.SHARED, ENV.DYNAMIC_SHARED, ENV.SCRATCH].forEach((field, i) => {
        view.setBigUint64(env + field, BigInt(env + bufferAt[i]), true);
      });
      const fn = this.exports[name];
      for (let z = 0; z < grid[2]; z++) {
        for (let y = 0; y < grid[1]; y++) {
          for (let x = 0; x < grid[0]; x++) {
            view = this.view();
            view.setUint32(env + ENV.BLOCK_IDX, x, true);
            view.setUint32(env + ENV.BLOCK_IDX + 4, y, true);
            view.setUint32(env + ENV.BLOCK_IDX + 8, z, true);
            try {
              fn(BigInt(params), BigInt(env));
            } catch (e) {
              if (!(e instanceof WebAssembly.RuntimeError || e instanceof RangeError)) throw e;
              const [trap, code] = describeTrap(e);
              throw new KernelError(trap, code, name, [x, y, z]);
            }
          }
        }
      }
    } finally {
      this.heap.release(env, false);
      this.heap.release(params, false);
    }
  }
}
