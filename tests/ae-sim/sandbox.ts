// A vm context that is as poor as ExtendScript's ES3 engine: the ES5+ built-ins a script might
// reach for are deleted, so `[].forEach`, `"".trim()`, `Object.keys` and `JSON` fail here exactly
// as they would in After Effects (research/cep.md §4). Not a security boundary: tests only.
import vm from 'node:vm';

const REMOVED: Record<string, string[]> = {
  'Array.prototype': ['forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'indexOf', 'lastIndexOf', 'find', 'findIndex', 'includes', 'fill', 'flat', 'flatMap', 'keys', 'values', 'entries', 'copyWithin', 'at', 'findLast', 'findLastIndex', 'toSorted', 'toReversed', 'with'],
  Array: ['isArray', 'from', 'of'],
  'String.prototype': ['trim', 'trimStart', 'trimEnd', 'trimLeft', 'trimRight', 'startsWith', 'endsWith', 'includes', 'padStart', 'padEnd', 'repeat', 'codePointAt', 'normalize', 'at', 'replaceAll', 'matchAll'],
  String: ['fromCodePoint', 'raw'],
  Object: ['keys', 'values', 'entries', 'create', 'defineProperty', 'defineProperties', 'getPrototypeOf', 'setPrototypeOf', 'freeze', 'seal', 'assign', 'getOwnPropertyNames', 'getOwnPropertyDescriptor', 'getOwnPropertySymbols', 'is', 'fromEntries'],
  'Function.prototype': ['bind'],
  'Date.prototype': ['toISOString', 'toJSON'],
  Number: ['isFinite', 'isNaN', 'isInteger', 'parseFloat', 'parseInt'],
  Math: ['sign', 'trunc', 'hypot', 'log2', 'log10', 'cbrt', 'fround', 'imul', 'clz32'],
};
const REMOVED_GLOBALS = ['JSON', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Promise', 'Symbol', 'Proxy', 'Reflect', 'globalThis', 'queueMicrotask', 'structuredClone', 'Intl', 'ArrayBuffer', 'Uint8Array', 'TextEncoder', 'TextDecoder'];

/** A context whose globals are `globals` over an ES3-sized standard library. */
export function es3Context(globals: Record<string, unknown>): vm.Context {
  const ctx = vm.createContext({});
  const strip = [
    ...Object.entries(REMOVED).flatMap(([owner, names]) => names.map((n) => `delete ${owner}.${n};`)),
    ...REMOVED_GLOBALS.map((g) => `delete this.${g};`),
  ].join('\n');
  vm.runInContext(strip, ctx);
  for (const [k, v] of Object.entries(globals)) ctx[k] = v;
  return ctx;
}

/** Runs `source` as a whole script and returns its completion value, as evalScript would. */
export function runScript(ctx: vm.Context, source: string, filename: string): unknown {
  return new vm.Script(source, { filename }).runInContext(ctx, { timeout: 20_000 });
}

/** Arrays handed to the script must be the context's own, so `x instanceof Array` holds there. */
export function contextArray(ctx: vm.Context): (items: unknown[]) => unknown[] {
  const CtxArray = vm.runInContext('Array', ctx) as ArrayConstructor;
  return (items) => {
    const a = new CtxArray();
    for (const it of items) a.push(it);
    return a;
  };
}
