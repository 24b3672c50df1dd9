// C's printf for kernels (`cuwasm_rt_printf`, docs/wasm-abi.md), formatting
// from the argument slots in linear memory as glibc does: integers by their
// length modifier, floats exactly (%f, %e, %g round the double's exact value
// half to even, as glibc does), %s from memory, %c, %p, %a, %%.

/** The exact value of a finite double: [mantissa (BigInt >= 0), exponent]. */
export function decompose(x) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const exp = Number(bits >> 52n);
  const frac = bits & 0xfffffffffffffn;
  return exp === 0 ? [frac, -1074] : [frac | (1n << 52n), exp - 1075];
}

/** round(num / den), halves to even (BigInt >= 0). */
function divRound(num, den) {
  const q = num / den;
  const r2 = 2n * (num % den);
  return r2 > den || (r2 === den && q % 2n === 1n) ? q + 1n : q;
}

/** round(|x| * 10^p) exactly, for a finite x; p may be negative. */
function scaled(x, p) {
  const [m, e] = decompose(x);
  let num = m;
  let den = 1n;
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  if (p >= 0) num *= 10n ** BigInt(p);
  else den *= 10n ** BigInt(-p);
  return divRound(num, den);
}

/** %.<p>f digits of |x|. */
function fixed(x, p) {
  const digits = scaled(x, p).toString().padStart(p + 1, '0');
  return p === 0 ? digits : `${digits.slice(0, -p)}.${digits.slice(-p)}`;
}

/** [digits (p + 1 of them), exponent] of |x| in %.<p>e. */
function exponential(x, p) {
  if (x === 0) return ['0'.repeat(p + 1), 0];
  let exp = Math.floor(Math.log10(Math.abs(x)));
  for (;;) {
    const digits = scaled(x, p - exp).toString();
    if (digits.length === p + 1) return [digits, exp];
    exp += digits.length > p + 1 ? 1 : -1;
  }
}

function expText(digits, exp, p, alt, upper) {
  const mant = p === 0 && !alt ? digits : `${digits[0]}.${digits.slice(1)}`;
  const e = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return `${mant}${upper ? 'E' : 'e'}${e}`;
}

/** %g: %e or %f by the exponent, trailing zeros dropped unless '#'. */
function general(x, p, alt, upper) {
  const P = p === 0 ? 1 : p;
  const [digits, exp] = exponential(x, P - 1);
  let text;
  if (P > exp && exp >= -4) {
    text = fixed(x, P - 1 - exp);
  } else {
    text = expText(digits, exp, P - 1, alt, upper);
  }
  if (!alt) {
    const [mant, rest] = text.split(/(?=[eE])/);
    const trimmed = mant.includes('.') ? mant.replace(/\.?0+$/, '') : mant;
    text = trimmed + (rest ?? '');
  } else if (!text.includes('.')) {
    const [mant, rest] = text.split(/(?=[eE])/);
    text = `${mant}.${rest ?? ''}`;
  }
  return text;
}

/** %a: hexadecimal, as glibc prints it. */
function hexFloat(x, p, upper) {
  let [m, e] = decompose(x);
  let lead = 1n;
  if (m === 0n) {
    lead = 0n;
    e = 0;
  } else if (m < 1n << 52n) {
    // glibc prints subnormals as 0x0.xxxp-1022.
    lead = 0n;
    e = -1022;
  } else {
    m -= 1n << 52n;
    e += 52;
  }
  let frac = m.toString(16).padStart(13, '0');
  if (p === undefined) {
    frac = frac.replace(/0+$/, '');
  } else if (p < 13) {
    const shift = BigInt(4 * (13 - p));
    let q = divRound(m, 1n << shift);
    if (q >> BigInt(4 * p) !== 0n) {
      lead += 1n;
      q -= 1n << BigInt(4 * p);
    }
    frac = p === 0 ? '' : q.toString(16).padStart(p, '0');
  } else {
    frac = frac.padEnd(p, '0');
  }
  const text = `0x${lead}${frac ? `.${frac}` : ''}p${e < 0 ? '-' : '+'}${Math.abs(e)}`;
  return upper ? text.toUpperCase() : text;
}

function pad(body, sign, prefix, spec, zeroOk) {
  const width = spec.width ?? 0;
  const len = sign.length + prefix.length + body.length;
  if (len >= width) return sign + prefix + body;
  if (spec.flags.includes('-')) return sign + prefix + body + ' '.repeat(width - len);
  if (spec.flags.includes('0') && zeroOk) return sign + prefix + '0'.repeat(width - len) + body;
  return ' '.repeat(width - len) + sign + prefix + body;
}

function signOf(negative, flags) {
  if (negative) return '-';
  if (flags.includes('+')) return '+';
  return flags.includes(' ') ? ' ' : '';
}

function formatInteger(slot, spec) {
  const bits = { hh: 8, h: 16, '': 32 }[spec.length] ?? 64;
  const conv = spec.conv;
  const signed = conv === 'd' || conv === 'i';
  const v = signed ? BigInt.asIntN(bits, slot) : BigInt.asUintN(bits, slot);
  const negative = v < 0n;
  const abs = negative ? -v : v;
  const radix = { o: 8, x: 16, X: 16 }[conv] ?? 10;
  let digits = abs.toString(radix);
  if (conv === 'X') digits = digits.toUpperCase();
  if (spec.precision !== undefined) {
    digits = abs === 0n && spec.precision === 0 ? '' : digits.padStart(spec.precision, '0');
  }
  let prefix = '';
  if (spec.flags.includes('#')) {
    if (conv === 'o' && !digits.startsWith('0')) digits = `0${digits}`;
    if ((conv === 'x' || conv === 'X') && abs !== 0n) prefix = conv === 'x' ? '0x' : '0X';
  }
  const sign = signed ? signOf(negative, spec.flags) : '';
  return pad(digits, sign, prefix, spec, spec.precision === undefined);
}

function formatFloat(x, spec) {
  const conv = spec.conv;
  const upper = conv === conv.toUpperCase();
  const negative = x < 0 || Object.is(x, -0);
  const sign = signOf(negative, spec.flags);
  if (!Number.isFinite(x)) {
    const text = Number.isNaN(x) ? 'nan' : 'inf';
    return pad(upper ? text.toUpperCase() : text, Number.isNaN(x) ? signOf(false, spec.flags) : sign, '', spec, false);
  }
  const alt = spec.flags.includes('#');
  let body;
  switch (conv.toLowerCase()) {
    case 'f': {
      const p = spec.precision ?? 6;
      body = fixed(x, p);
      if (alt && p === 0) body += '.';
      break;
    }
    case 'e': {
      const p = spec.precision ?? 6;
      const [digits, exp] = exponential(x, p);
      body = expText(digits, exp, p, alt, upper);
      break;
    }
    case 'g':
      body = general(x, spec.precision ?? 6, alt, upper);
      break;
    default:
      body = hexFloat(x, spec.precision, upper).replace(/^0[xX]/, '');
      return pad(body, sign, upper ? '0X' : '0x', spec, true);
  }
  return pad(body, sign, '', spec, true);
}

const SPEC = /^%([-+ #0']*)(\*|\d+)?(?:\.(\*|\d*))?(hh|h|ll|l|L|q|j|z|t)?([diouxXeEfFgGaAcspn%])/;

/**
 * Format `format` (bytes) with the 8-byte argument `slots` (BigInt, as
 * stored), reading `%s` strings through `readString(pointer)`. Returns bytes.
 */
export function formatC(format, slots, readString) {
  const out = [];
  const text = (s) => out.push(...new TextEncoder().encode(s));
  let next = 0;
  const take = () => (next < slots.length ? slots[next++] : 0n);
  const asDouble = (slot) => {
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, BigInt.asUintN(64, slot));
    return view.getFloat64(0);
  };
  let i = 0;
  while (i < format.length) {
    if (format[i] !== 0x25) {
      out.push(format[i++]);
      continue;
    }
    const rest = new TextDecoder('latin1').decode(format.subarray(i, i + 64));
    const m = SPEC.exec(rest);
    if (!m) {
      out.push(format[i++]);
      continue;
    }
    i += m[0].length;
    const spec = { flags: m[1], length: m[4] ?? '', conv: m[5] };
    const padded = (bytes) => {
      const padding = ' '.repeat(Math.max(0, (spec.width ?? 0) - bytes.length));
      if (!spec.flags.includes('-')) text(padding);
      out.push(...bytes);
      if (spec.flags.includes('-')) text(padding);
    };
    if (m[2] === '*') {
      const w = Number(BigInt.asIntN(32, take()));
      spec.width = Math.abs(w);
      if (w < 0) spec.flags += '-';
    } else if (m[2] !== undefined) {
      spec.width = Number(m[2]);
    }
    if (m[3] === '*') {
      const p = Number(BigInt.asIntN(32, take()));
      if (p >= 0) spec.precision = p;
    } else if (m[3] !== undefined) {
      spec.precision = Number(m[3] || 0);
    }
    switch (spec.conv) {
      case '%':
        text('%');
        break;
      case 'c':
        padded(new Uint8Array([Number(take() & 0xffn)]));
        break;
      case 's': {
        const pointer = take();
        // glibc: "(null)" for a null string, or nothing if the precision cuts it.
        const nothing = spec.precision !== undefined && spec.precision < 6;
        let bytes = pointer !== 0n ? readString(pointer) : new TextEncoder().encode(nothing ? '' : '(null)');
        if (spec.precision !== undefined) bytes = bytes.subarray(0, spec.precision);
        padded(bytes);
        break;
      }
      case 'p': {
        const p = BigInt.asUintN(64, take());
        text(pad(p === 0n ? '(nil)' : `0x${p.toString(16)}`, '', '', spec, false));
        break;
      }
      case 'n':
        take();
        break;
      case 'd': case 'i': case 'o': case 'u': case 'x': case 'X':
        text(formatInteger(take(), spec));
        break;
      default:
        text(formatFloat(asDouble(take()), spec));
    }
  }
  return new Uint8Array(out);
}
