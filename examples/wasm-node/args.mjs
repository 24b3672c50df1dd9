// Kernel arguments written as text, for run.mjs and index.html:
//
//   i32:5  u32:7  i64:-3  u64:9  f32:1.5  f64:2.25   a value
//   f32:0x3fc00000                                   a float by its bits
//   f32[]:1,2,3                                      a new device buffer holding these
//   i32[16]                                          a new device buffer of 16 zeros
//   f32[]:@values.txt                                values from a file (Node only)
//   bytes:0a0b0c0d                                   raw bytes (a struct passed by value)
//
// A buffer argument passes the buffer's pointer, and the launch's result
// lists every buffer's contents afterwards.

import { arg } from './loader.mjs';

const TYPES = {
  i8: Int8Array,
  u8: Uint8Array,
  i16: Int16Array,
  u16: Uint16Array,
  i32: Int32Array,
  u32: Uint32Array,
  i64: BigInt64Array,
  u64: BigUint64Array,
  f32: Float32Array,
  f64: Float64Array,
};

const BITS = { f32: Uint32Array, f64: BigUint64Array };

/** One element of `type` from text (floats may be given by their bits, `0x...`). */
function element(type, text) {
  const t = text.trim();
  if (BITS[type] && /^0x/i.test(t)) {
    const bits = new BITS[type]([type === 'f64' ? BigInt(t) : Number(t)]);
    return new TYPES[type](bits.buffer)[0];
  }
  return type.endsWith('64') && type !== 'f64' ? BigInt(t) : Number(t);
}

/**
 * Parse `spec` into {bytes} (a value) or {bytes, buffer: {ptr, type, count}}
 * (a buffer made in `module`). `readFile(path)` gives a file's text.
 */
export function parseArg(module, spec, readFile) {
  const raw = /^bytes:((?:[0-9a-fA-F]{2})*)$/.exec(spec);
  if (raw) return { bytes: arg.bytes(raw[1].match(/../g)?.map((h) => parseInt(h, 16)) ?? []) };
  const m = /^([iuf](?:8|16|32|64))(?:\[(\d*)\])?(?::(.*))?$/s.exec(spec);
  if (!m || !TYPES[m[1]]) throw new Error(`bad argument '${spec}' (see args.mjs)`);
  const [, type, count, value] = m;
  const Type = TYPES[type];
  if (count === undefined) {
    if (value === undefined) throw new Error(`argument '${spec}' has no value`);
    return { bytes: new Uint8Array(new Type([element(type, value)]).buffer) };
  }
  let values;
  if (value === undefined || value === '') {
    values = new Type(Number(count || 0));
  } else {
    const text = value.startsWith('@') ? readFile(value.slice(1)) : value;
    const items = text.trim().replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean);
    values = Type.from(items, (t) => element(type, t));
  }
  const ptr = module.upload(values.length ? values : new Type(1));
  return { bytes: arg.ptr(ptr), buffer: { ptr, type, count: values.length } };
}

/** Typed array contents as JSON values (64-bit integers as strings, NaN as null). */
const jsonValues = (array) =>
  Array.from(array, (v) => (typeof v === 'bigint' ? v.toString() : Number.isNaN(v) ? null : v));

/** A buffer's contents as JSON values. */
export function readBuffer(module, { ptr, type, count }) {
  return jsonValues(module.download(ptr, TYPES[type], count));
}

/** A device variable's `bytes` at `ptr` as JSON values of `type`. */
function readVariable(module, ptr, type, bytes) {
  const Type = TYPES[type];
  if (!Type) throw new Error(`bad type '${type}'`);
  return jsonValues(new Type(module.memory.buffer.slice(ptr, ptr + bytes - (bytes % Type.BYTES_PER_ELEMENT))));
}

/** "x", "x,y" or "x,y,z" as [x, y, z]. */
export function parseDims(text) {
  const d = String(text).split(',').map(Number);
  if (d.length > 3 || d.some((v) => !Number.isInteger(v) || v < 1)) throw new Error(`bad dimensions '${text}'`);
  return [...d, 1, 1].slice(0, 3);
}

/**
 * Launch `kernel` with text arguments; returns the JSON-ready result:
 * {buffers: [{arg, type, values}]} (and {variables: {name: values}} for the
 * device variables `options.read` names as [name, type]), with
 * {error: {message, code, kernel, block}} when the kernel trapped.
 */
export function runKernel(module, kernel, grid, block, specs, options = {}) {
  const parsed = specs.map((s) => parseArg(module, s, options.readFile));
  const args = parsed.map((p) => p.bytes);
  const result = { kernel, buffers: [] };
  try {
    for (let i = 0; i < (options.repeat ?? 1); i++) {
      module.launch(kernel, parseDims(grid), parseDims(block), args, {
        dynamicSharedBytes: options.dynamicSharedBytes ?? 0,
      });
    }
  } catch (e) {
    if (e.name !== 'KernelError') throw e;
    result.error = { message: e.message, code: e.code, kernel: e.kernel, block: e.block };
  }
  parsed.forEach((p, i) => {
    if (p.buffer) result.buffers.push({ arg: i, type: p.buffer.type, values: readBuffer(module, p.buffer) });
  });
  for (const [name, type] of options.read ?? []) {
    const { ptr, bytes } = module.variable(name);
    result.variables ??= {};
    result.variables[name] = readVariable(module, ptr, type, bytes);
  }
  return result;
}
