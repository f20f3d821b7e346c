// The one escaper for everything that reaches ExtendScript source: generated scripts' data literal
// and the panel's evalScript arguments. Output is ASCII-only ES3: printable ASCII stays, `"` and `\`
// are escaped, every other UTF-16 code unit (control characters, U+007F and above, U+2028/U+2029,
// lone surrogates) becomes `\uXXXX`. No octal, no `\x`, no line continuations, so a value can never
// end a literal or start a line (research/cep.md §2.7).

const hex4 = (code: number) => code.toString(16).padStart(4, '0');

/** A double-quoted ES3 string literal that evaluates to exactly `s`. */
export function es3String(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c >= 0x20 && c <= 0x7e) out += s[i];
    else out += `\\u${hex4(c)}`;
  }
  return `${out}"`;
}

/** Thrown for values that have no faithful ES3 literal (NaN, functions, cycles…), naming where. */
export class Es3LiteralError extends Error {}

/**
 * An ES3 expression for plain data: objects (quoted keys), arrays, strings, finite numbers, booleans,
 * null. Refuses what JSON would silently change (NaN, Infinity, undefined in arrays, -0 is kept as 0).
 */
export function es3Literal(value: unknown, where = 'value', seen: Set<object> = new Set()): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return es3String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new Es3LiteralError(`${where}: ${value} has no ES3 literal`);
      // -0 → 0; negative numbers parenthesised so `a-(-1)` style contexts stay unambiguous
      return value < 0 ? `(${String(value)})` : String(value === 0 ? 0 : value);
    case 'object': {
      if (seen.has(value as object)) throw new Es3LiteralError(`${where}: circular reference`);
      seen.add(value as object);
      let out: string;
      if (Array.isArray(value)) {
        out = `[${value.map((v, i) => (v === undefined ? 'null' : es3Literal(v, `${where}[${i}]`, seen))).join(',')}]`;
      } else {
        const parts: string[] = [];
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
          if (v === undefined) continue;
          parts.push(`${es3String(k)}:${es3Literal(v, `${where}.${k}`, seen)}`);
        }
        out = `{${parts.join(',')}}`;
      }
      seen.delete(value as object);
      return out;
    }
    default:
      throw new Es3LiteralError(`${where}: a ${typeof value} has no ES3 literal`);
  }
}
