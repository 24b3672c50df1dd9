// The C library's math functions a kernel module imports by C name
// (docs/wasm-abi.md), from JavaScript's Math: `double` ones as they are,
// `float` ones (`sinf`, ...) rounded with Math.fround. Where Math lacks a
// function or differs from C (erf, erfc, fma, round, pow's special cases,
// fmin/fmax with NaN) it is written here. Math's functions are not
// correctly rounded, so results may differ from the C library's (and from
// `cuwasm-run --device=cpu`) in the last bits.

import { decompose } from './printf.mjs';

const { fround } = Math;

/** x * 2^e without intermediate overflow or loss for representable results. */
function ldexp(x, e) {
  while (e > 1023) {
    x *= 2 ** 1023;
    e -= 1023;
  }
  while (e < -1022) {
    x *= 2 ** -1022;
    e += 1022;
  }
  return x * 2 ** e;
}

/** The double nearest to n * 2^e (n a BigInt), halves to even. */
function roundScaled(n, e) {
  const negative = n < 0n;
  let m = negative ? -n : n;
  const bits = m.toString(2).length;
  const lsb = Math.max(e + bits - 53, -1074);
  if (lsb > e) {
    const shift = BigInt(lsb - e);
    const q = m >> shift;
    const r2 = 2n * (m - (q << shift));
    const half = 1n << shift;
    m = r2 > half || (r2 === half && (q & 1n) === 1n) ? q + 1n : q;
    e = lsb;
  }
  const v = ldexp(Number(m), e);
  return negative ? -v : v;
}

/** C's fma: x * y + z rounded once (exact BigInt arithmetic). */
export function fma(x, y, z) {
  if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) return x * y + z;
  if (x === 0 || y === 0 || z === 0) return x * y + z;
  const sign = (v) => (v < 0 ? -1n : 1n);
  const [mx, ex] = decompose(x);
  const [my, ey] = decompose(y);
  const [mz, ez] = decompose(z);
  const mp = sign(x) * sign(y) * mx * my;
  const ep = ex + ey;
  const e = Math.min(ep, ez);
  const sum = (mp << BigInt(ep - e)) + ((sign(z) * mz) << BigInt(ez - e));
  return sum === 0n ? 0 : roundScaled(sum, e);
}

/** erfc(x) for x >= 0.5 by its continued fraction (Lentz's method). */
function erfcFraction(x) {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 5000; n++) {
    const a = n / 2;
    d = x + a * d;
    c = x + a / c;
    if (d === 0) d = tiny;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** C's erf. */
export function erf(x) {
  if (Number.isNaN(x) || x === 0) return x;
  const a = Math.abs(x);
  let r;
  if (a < 2.5) {
    // erf(a) = 2/sqrt(pi) exp(-a^2) sum 2^n a^(2n+1) / (1 3 5 ... (2n+1)):
    // positive terms, no cancellation.
    let term = a;
    let sum = a;
    for (let n = 1; n < 500 && term > sum * 1e-17; n++) {
      term *= (2 * a * a) / (2 * n + 1);
      sum += term;
    }
    r = (2 / Math.sqrt(Math.PI)) * Math.exp(-a * a) * sum;
  } else {
    r = 1 - erfcFraction(a);
  }
  return x < 0 ? -r : r;
}

/** C's erfc. */
export function erfc(x) {
  if (Number.isNaN(x)) return x;
  return x < 0.5 ? 1 - erf(x) : erfcFraction(x);
}

/** C's round: halves away from zero. */
function round(x) {
  if (!Number.isFinite(x) || x === 0) return x;
  let t = Math.trunc(x);
  if (Math.abs(x - t) >= 0.5) t += Math.sign(x);
  return t === 0 ? (x < 0 ? -0 : 0) : t;
}

/** C's pow, where it differs from Math.pow: pow(1, y) and pow(-1, ±inf) are 1. */
function pow(x, y) {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

/** C's fmin/fmax: a NaN operand gives the other one. */
const fmin = (x, y) => (Number.isNaN(x) ? y : Number.isNaN(y) ? x : Math.min(x, y));
const fmax = (x, y) => (Number.isNaN(x) ? y : Number.isNaN(y) ? x : Math.max(x, y));

/** The `double` functions by C name. */
export const DOUBLE = {
  exp: Math.exp,
  exp2: (x) => 2 ** x,
  exp10: (x) => 10 ** x,
  expm1: Math.expm1,
  log: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  log1p: Math.log1p,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  cbrt: Math.cbrt,
  erf,
  erfc,
  round,
  pow,
  atan2: Math.atan2,
  fmod: (x, y) => x % y,
  fmin,
  fmax,
  fma,
};

/** Every math import by C name: the `double` ones and their `float` forms. */
export const MATH = Object.fromEntries(
  Object.entries(DOUBLE).flatMap(([name, f]) => [
    [name, f],
    [`${name}f`, (...args) => fround(f(...args))],
  ]),
);
