// Runs the WGSL kernels of `cuwasm-opt --emit=wgsl` through WebGPU
// (navigator.gpu) in a browser, as the runtime's webgpu backend
// (runtime/src/webgpu/launch.rs, pipeline.rs) does through wgpu.
//
//   import { createDevice, parseKernels, arg } from './loader.mjs';
//   const gpu = await createDevice();                  // adapter, device, its limits
//   gpu.load(await (await fetch('k.wgsl')).text());    // the kernels and their layouts
//   const x = gpu.upload(new Float32Array([1, 2, 3])); // device pointer
//   await gpu.launch('kernels.scale', 1, 32, [arg.i32(3), arg.f32(2), arg.ptr(x)]);
//   await gpu.download(x, Float32Array, 3);            // Float32Array [2, 4, 6]
//
// The ABI (docs/webgpu-abi.md): each kernel is one WGSL module, preceded in
// the emitted text by `// kernel: NAME` and `// layout: JSON` lines (the
// KernelLayout: where each parameter goes). A launch writes the parameter
// block (grid size, block-id offset, then the parameters: values, and each
// pointer's byte offset into its buffer) into a uniform buffer at binding 0,
// binds each pointer argument's buffer whole at its parameter's binding and
// each device variable's buffer at its binding, sets the block shape and the
// dynamic shared memory size as override constants, and splits a grid of
// more than maxComputeWorkgroupsPerDimension blocks per dimension into
// several dispatches, each with its own parameter block.
//
// A device pointer is a number, `allocation * 2**32 + byte offset`, so that
// host code may do arithmetic on it; `arg.ptr` passes it as 8 bytes.

export { arg } from '../wasm-node/loader.mjs';

/** Words of the parameter block before the parameters (`webgpu_abi::HEADER_WORDS`). */
const HEADER_WORDS = 8;
/** The overrides a launch sets (`webgpu_abi::BLOCK_DIM_OVERRIDES`, `DYNAMIC_SHARED_WORDS_OVERRIDE`). */
const BLOCK_DIM_OVERRIDES = ['cuwasm_block_x', 'cuwasm_block_y', 'cuwasm_block_z'];
const DYNAMIC_SHARED_WORDS_OVERRIDE = 'cuwasm_dynamic_shared_words';
/** Pointers: the allocation's number in the high 32 bits, the offset in the low. */
const OFFSET_RANGE = 2 ** 32;

const alignUp = (n, a) => Math.ceil(n / a) * a;
const dims = (d) => (typeof d === 'number' ? [d, 1, 1] : [...d, 1, 1].slice(0, 3));

/**
 * The kernels of `cuwasm-opt --emit=wgsl` output: a Map from each kernel's
 * name to {name, layout, source, overrides, readOnly, f16}: its KernelLayout
 * (as JSON), its WGSL module, and what the launch reads from the module: the
 * pipeline-constant key of each override it declares (its `@id`, else its
 * name), the storage bindings it declares `read`, and whether it enables f16.
 */
export function parseKernels(text) {
  const kernels = new Map();
  let current;
  const finish = () => {
    if (!current) return;
    if (!current.layout) throw new Error(`kernel '${current.name}' has no '// layout:' line (emitted by an older cuwasm-opt?)`);
    kernels.set(current.name, reflect(current.name, current.layout, current.lines.join('\n')));
  };
  for (const line of text.split('\n')) {
    const kernel = /^\/\/ kernel: (\S+)\s*$/.exec(line);
    const layout = /^\/\/ layout: (.*)$/.exec(line);
    if (kernel) {
      finish();
      current = { name: kernel[1], lines: [] };
    } else if (layout && current && !current.layout && current.lines.length === 0) {
      current.layout = JSON.parse(layout[1]);
      if (current.layout.name !== current.name) {
        throw new Error(`the layout after '// kernel: ${current.name}' is '${current.layout.name}''s`);
      }
    } else if (current) {
      current.lines.push(line);
    }
  }
  finish();
  if (kernels.size === 0) throw new Error("no '// kernel:' line: not the output of cuwasm-opt --emit=wgsl");
  return kernels;
}

/** What a launch needs to know of a kernel's module besides its layout. */
function reflect(name, layout, source) {
  const overrides = new Map();
  for (const m of source.matchAll(/(?:@id\((\d+)\)\s*)?override\s+(\w+)/g)) overrides.set(m[2], m[1] ?? m[2]);
  const readOnly = new Set();
  for (const m of source.matchAll(/@group\(0\)\s*@binding\((\d+)\)\s*var<storage,\s*read>/g)) readOnly.add(Number(m[1]));
  const f16 = /^\s*enable\s+f16\s*;/m.test(source);
  return { name, layout, source, overrides, readOnly, f16 };
}

/**
 * A WebGPU device from navigator.gpu's adapter, with every limit the adapter
 * has (CUDA kernels want large workgroups and much shared memory) and
 * `shader-f16` where the adapter has it.
 */
export async function createDevice(options = {}) {
  const gpu = globalThis.navigator?.gpu;
  if (!gpu) throw new Error('this browser has no WebGPU (navigator.gpu); Chromium on Linux needs --enable-unsafe-webgpu');
  const adapter = await gpu.requestAdapter(options);
  if (!adapter) throw new Error('navigator.gpu.requestAdapter() found no WebGPU adapter');
  const requiredLimits = {};
  for (const key in adapter.limits) requiredLimits[key] = adapter.limits[key];
  const requiredFeatures = adapter.features.has('shader-f16') ? ['shader-f16'] : [];
  const device = await adapter.requestDevice({ requiredLimits, requiredFeatures });
  return new GpuDevice(adapter, device);
}

/** One WebGPU device: its buffers, loaded kernels, variables and pipelines. */
export class GpuDevice {
  constructor(adapter, device) {
    this.adapter = adapter;
    this.device = device;
    this.limits = device.limits;
    /** Kernels by name ({@link parseKernels}). */
    this.kernels = new Map();
    /** Allocations by number: {buffer, bytes}. */
    this.allocations = new Map();
    this.nextAllocation = 1;
    /** Device variables by name: their pointer (shared by every kernel using them). */
    this.variables = new Map();
    this.pipelines = new Map();
    this.nullBuffer = this.buffer(16);
    this.errors = [];
    device.addEventListener('uncapturederror', (e) => this.errors.push(e.error.message));
  }

  /** The adapter, as JSON: vendor, architecture, device, description, and features. */
  info() {
    const { vendor, architecture, device, description } = this.adapter.info ?? {};
    return { vendor, architecture, device, description, features: [...this.device.features].sort() };
  }

  /** Add the kernels of `--emit=wgsl` output `text`; returns their names. */
  load(text) {
    const kernels = parseKernels(text);
    for (const [name, k] of kernels) this.kernels.set(name, k);
    return [...kernels.keys()];
  }

  buffer(bytes) {
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    return this.device.createBuffer({ size: alignUp(Math.max(bytes, 4), 4), usage });
  }

  /** `cudaMalloc`: a zeroed buffer of `bytes` bytes; its pointer. */
  alloc(bytes) {
    const id = this.nextAllocation++;
    this.allocations.set(id, { buffer: this.buffer(bytes), bytes });
    return id * OFFSET_RANGE;
  }

  /** `cudaFree`. */
  free(ptr) {
    const id = Math.floor(ptr / OFFSET_RANGE);
    const a = this.allocations.get(id);
    if (!a || ptr % OFFSET_RANGE !== 0) throw new Error(`free of ${ptr}, which is no allocation`);
    a.buffer.destroy();
    this.allocations.delete(id);
  }

  /** The allocation and byte offset of `ptr`, checked to hold `bytes` bytes there. */
  resolve(ptr, bytes = 0) {
    const p = Number(ptr);
    const [id, offset] = [Math.floor(p / OFFSET_RANGE), p % OFFSET_RANGE];
    const a = this.allocations.get(id);
    if (!a) throw new Error(`${p} is not a device pointer of this device`);
    if (offset + bytes > a.bytes) throw new Error(`${bytes} bytes at ${offset} leave the ${a.bytes}-byte allocation`);
    return { ...a, offset };
  }

  /**
   * `cudaMemcpy` host to device: `data` (a typed array) at `ptr`. WebGPU
   * writes whole 4-byte words: the offset must be a multiple of 4, and so
   * must the size unless the copy ends where the allocation does.
   */
  write(ptr, data) {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const { buffer, offset, bytes: size } = this.resolve(ptr, bytes.length);
    const whole = bytes.length % 4 === 0 || offset + bytes.length === size;
    if (offset % 4 !== 0 || !whole) {
      throw new Error(`a copy of ${bytes.length} bytes to offset ${offset}: WebGPU copies whole 4-byte words`);
    }
    const padded = new Uint8Array(alignUp(bytes.length, 4));
    padded.set(bytes);
    this.device.queue.writeBuffer(buffer, offset, padded);
  }

  /** A new allocation holding `data`; its pointer. */
  upload(data) {
    const ptr = this.alloc(data.byteLength);
    if (data.byteLength > 0) this.write(ptr, data);
    return ptr;
  }

  /** `cudaMemcpy` device to host: `count` elements of `Type` at `ptr`. */
  async download(ptr, Type, count) {
    const bytes = count * Type.BYTES_PER_ELEMENT;
    const { buffer, offset } = this.resolve(ptr, bytes);
    const start = offset - (offset % 4);
    const size = alignUp(offset + bytes, 4) - start;
    const staging = this.device.createBuffer({ size: Math.max(size, 4), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const encoder = this.device.createCommandEncoder();
    if (size > 0) encoder.copyBufferToBuffer(buffer, start, staging, 0, size);
    this.device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const copy = staging.getMappedRange().slice(offset - start, offset - start + bytes);
    staging.destroy();
    return new Type(copy);
  }

  /**
   * The contents of the allocations at `ptrs`, read back now, as an object
   * with a synchronous `download(ptr, Type, count)` (for code written for
   * the Wasm loader, such as ../wasm-node/args.mjs's readBuffer).
   */
  async snapshot(ptrs) {
    const copies = new Map();
    for (const ptr of ptrs) {
      const { bytes, offset } = this.resolve(ptr);
      copies.set(Number(ptr), (await this.download(ptr, Uint8Array, bytes - offset)).buffer);
    }
    return {
      download: (ptr, Type, count) => {
        const copy = copies.get(Number(ptr));
        if (!copy) throw new Error(`${ptr} is not in the snapshot`);
        return new Type(copy.slice(0, count * Type.BYTES_PER_ELEMENT));
      },
    };
  }

  /** Device variable `name` (flat, `module.var`), once a kernel using it was launched: {ptr, bytes}. */
  variable(name) {
    const ptr = this.variables.get(name);
    if (ptr === undefined) throw new Error(`no launched kernel uses a device variable '${name}'`);
    return { ptr, bytes: this.allocations.get(ptr / OFFSET_RANGE).bytes };
  }

  /** The buffer of variable `slot` of a layout, made with its initial contents on first use. */
  variableBuffer(slot) {
    if (!this.variables.has(slot.name)) {
      const ptr = this.alloc(slot.bytes);
      if (slot.init.length > 0) {
        const init = new Uint8Array(alignUp(slot.bytes, 4));
        init.set(slot.init);
        this.device.queue.writeBuffer(this.allocations.get(ptr / OFFSET_RANGE).buffer, 0, init);
      }
      this.variables.set(slot.name, ptr);
    }
    return this.resolve(this.variables.get(slot.name)).buffer;
  }

  /**
   * Run kernel `kernel` (a name or a {@link parseKernels} entry) over `grid`
   * blocks of `block` threads (3-element arrays, or numbers for x), with
   * `args` one Uint8Array per parameter (see `arg`; a pointer as `arg.ptr`,
   * a struct passed by value as its bytes). Resolves when the work is
   * submitted and WebGPU accepted it; a WebGPU error rejects.
   */
  async launch(kernel, grid, block, args, { dynamicSharedBytes = 0 } = {}) {
    const k = typeof kernel === 'string' ? this.kernels.get(kernel) : kernel;
    if (!k) throw new Error(`no kernel '${kernel}' is loaded (cudaErrorInvalidDeviceFunction)`);
    [grid, block] = [dims(grid), dims(block)];
    const { name, layout } = k;
    this.checkShape(name, layout, grid, block, dynamicSharedBytes);
    if (k.f16 && !this.device.features.has('shader-f16')) {
      throw new Error(`kernel '${name}' uses f16, and this adapter has no shader-f16`);
    }
    if (args.length !== layout.params.length) {
      throw new Error(`kernel '${name}' takes ${layout.params.length} arguments, but the launch passes ${args.length}`);
    }
    // The parameter block, its header's grid size filled.
    const blockBytes = 4 * layout.param_words;
    const params = new Uint8Array(blockBytes);
    const view = new DataView(params.buffer);
    grid.forEach((g, d) => view.setUint32(4 * d, g, true));
    const bound = [];
    layout.params.forEach((slot, i) => {
      const a = args[i];
      if (slot.value) {
        const { word, bytes } = slot.value;
        if (a.length !== bytes) throw new Error(`argument ${i} of '${name}' has ${a.length} bytes, not ${bytes}`);
        params.set(a, 4 * word);
        return;
      }
      const { binding, word } = slot.buffer;
      if (a.length !== 8) throw new Error(`argument ${i} of '${name}' is a pointer (8 bytes, arg.ptr), not ${a.length} bytes`);
      const ptr = new DataView(a.buffer, a.byteOffset, 8).getBigUint64(0, true);
      let buffer = this.nullBuffer;
      let offset = 0;
      if (ptr !== 0n) ({ buffer, offset } = this.resolve(Number(ptr)));
      // Every element of a buffer's array is 4 bytes (docs/webgpu-abi.md).
      if (offset % 4 !== 0) throw new Error(`argument ${i} of '${name}' points ${offset} bytes into its buffer, not a multiple of 4`);
      view.setUint32(4 * word, offset, true);
      bound.push({ binding, buffer });
    });
    for (const v of layout.variables) bound.push({ binding: v.binding, buffer: this.variableBuffer(v) });
    // WebGPU refuses a buffer bound read-only and read-write in one
    // dispatch: then every storage binding is made read-write.
    const access = new Map();
    for (const { binding, buffer } of bound) {
      const uses = access.get(buffer) ?? new Set();
      uses.add(k.readOnly.has(binding));
      access.set(buffer, uses);
    }
    const allWritable = [...access.values()].some((uses) => uses.size === 2);
    const dynamicSharedWords = Math.max(1, Math.ceil(dynamicSharedBytes / 4));
    const pipeline = await this.pipeline(k, block, dynamicSharedWords, allWritable);

    // One copy of the block per dispatch, its block-id offset set, at
    // offsets the bind group's dynamic offset selects.
    const plan = dispatches(grid, this.limits.maxComputeWorkgroupsPerDimension);
    const stride = alignUp(blockBytes, this.limits.minUniformBufferOffsetAlignment);
    const blocks = new Uint8Array(stride * plan.length);
    plan.forEach(([offset], i) => {
      blocks.set(params, i * stride);
      const words = new DataView(blocks.buffer, i * stride + 16, 12);
      offset.forEach((o, d) => words.setUint32(4 * d, o, true));
    });
    const device = this.device;
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    const uniform = device.createBuffer({ size: blocks.length, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(uniform, 0, blocks);
    const bindGroup = device.createBindGroup({
      label: name,
      layout: pipeline.bindGroupLayout,
      entries: [
        { binding: 0, resource: { buffer: uniform, offset: 0, size: blockBytes } },
        ...bound.map(({ binding, buffer }) => ({ binding, resource: { buffer } })),
      ],
    });
    const encoder = device.createCommandEncoder({ label: name });
    const pass = encoder.beginComputePass({ label: name });
    pass.setPipeline(pipeline.pipeline);
    plan.forEach(([, size], i) => {
      pass.setBindGroup(0, bindGroup, [i * stride]);
      pass.dispatchWorkgroups(...size);
    });
    pass.end();
    device.queue.submit([encoder.finish()]);
    uniform.destroy();
    const errors = [await device.popErrorScope(), await device.popErrorScope()].filter(Boolean);
    if (errors.length > 0) throw new Error(`launch of '${name}': ${errors.map((e) => e.message).join('; ')}`);
  }

  /** The checks of runtime/src/webgpu/launch.rs's `specialization`, against this device's limits. */
  checkShape(name, layout, grid, block, dynamicSharedBytes) {
    const l = this.limits;
    const max = [l.maxComputeWorkgroupSizeX, l.maxComputeWorkgroupSizeY, l.maxComputeWorkgroupSizeZ];
    const bad = (why) => new Error(`launch of '${name}': ${why} (cudaErrorInvalidConfiguration)`);
    for (let d = 0; d < 3; d++) {
      if (!Number.isInteger(block[d]) || block[d] < 1 || block[d] > max[d]) {
        throw bad(`block dimension ${d} is ${block[d]} (1..=${max[d]} on this adapter)`);
      }
      if (!Number.isInteger(grid[d]) || grid[d] < 1 || grid[d] >= 2 ** 32) throw bad(`grid dimension ${d} is ${grid[d]}`);
    }
    const threads = block[0] * block[1] * block[2];
    if (threads > l.maxComputeInvocationsPerWorkgroup) {
      throw bad(`${threads} threads per block (at most ${l.maxComputeInvocationsPerWorkgroup} on this adapter)`);
    }
    const shared = layout.static_shared_bytes + dynamicSharedBytes;
    if (shared > l.maxComputeWorkgroupStorageSize) {
      throw new Error(
        `launch of '${name}': ${shared} bytes of shared memory per block (at most ${l.maxComputeWorkgroupStorageSize} on this adapter)`,
      );
    }
  }

  /** The pipeline of kernel `k` for one launch shape, made on first use. */
  async pipeline(k, block, dynamicSharedWords, allWritable) {
    const key = `${k.name}/${block}/${dynamicSharedWords}/${allWritable}`;
    let made = this.pipelines.get(key);
    if (!made) {
      made = this.makePipeline(k, block, dynamicSharedWords, allWritable);
      this.pipelines.set(key, made);
      made.catch(() => this.pipelines.delete(key));
    }
    return made;
  }

  async makePipeline(k, block, dynamicSharedWords, allWritable) {
    const { name, layout } = k;
    const device = this.device;
    const code = allWritable ? k.source.replace(/var<storage,\s*read>/g, 'var<storage, read_write>') : k.source;
    const module = device.createShaderModule({ label: name, code });
    const info = await module.getCompilationInfo();
    const errors = info.messages.filter((m) => m.type === 'error');
    if (errors.length > 0) {
      const text = errors.map((m) => `${m.lineNum}:${m.linePos}: ${m.message}`).join('\n');
      throw new Error(`cannot load kernel '${name}': ${text}`);
    }
    // The bind group layout from the KernelLayout, each storage binding
    // read-only where the shader declares it so (WebGPU requires the two
    // to agree).
    const storage = [
      ...layout.params.filter((p) => p.buffer).map((p) => p.buffer.binding),
      ...layout.variables.map((v) => v.binding),
    ];
    const bindGroupLayout = device.createBindGroupLayout({
      label: name,
      entries: [
        {
          binding: 0,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: 4 * layout.param_words },
        },
        ...storage.map((binding) => ({
          binding,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type: !allWritable && k.readOnly.has(binding) ? 'read-only-storage' : 'storage' },
        })),
      ],
    });
    const constants = {};
    BLOCK_DIM_OVERRIDES.forEach((o, d) => {
      if (k.overrides.has(o)) constants[k.overrides.get(o)] = block[d];
    });
    if (k.overrides.has(DYNAMIC_SHARED_WORDS_OVERRIDE)) {
      constants[k.overrides.get(DYNAMIC_SHARED_WORDS_OVERRIDE)] = dynamicSharedWords;
    }
    const pipeline = await device.createComputePipelineAsync({
      label: name,
      layout: device.createPipelineLayout({ label: name, bindGroupLayouts: [bindGroupLayout] }),
      compute: { module, entryPoint: layout.entry, constants },
    });
    return { pipeline, bindGroupLayout };
  }
}

/**
 * The dispatches covering `grid`: [block-id offset, workgroups], at most
 * `max` workgroups per dimension each (runtime/src/webgpu/launch.rs's
 * `dispatches`).
 */
export function dispatches(grid, max) {
  const splits = (n) => Array.from({ length: Math.ceil(n / max) }, (_, i) => [i * max, Math.min(max, n - i * max)]);
  const out = [];
  for (const [oz, nz] of splits(grid[2])) {
    for (const [oy, ny] of splits(grid[1])) {
      for (const [ox, nx] of splits(grid[0])) out.push([[ox, oy, oz], [nx, ny, nz]]);
    }
  }
  return out;
}
