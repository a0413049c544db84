/**
 * The few pieces of the WebAssembly binary format graft's hand-assembled kernels need (no
 * toolchain, no binary blob in the repository): LEB128 integers, the instructions every kernel
 * uses, and a module of functions that each take six i32 arguments (byte offsets and counts)
 * and read and write one imported memory. Used by math's logistic products (wasm-kernels.ts)
 * and use-lite's attention products (backbones/use-lite/batched-products.ts).
 */

/** Value types. */
export const I32 = 0x7f, V128 = 0x7b;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

// Instructions (opcodes from the WebAssembly core specification).
export const get = (i: number): number[] => [0x20, ...uleb(i)];
export const set = (i: number): number[] => [0x21, ...uleb(i)];
export const tee = (i: number): number[] => [0x22, ...uleb(i)];
export const i32c = (v: number): number[] => [0x41, ...sleb(v)];
export const add = [0x6a], mul = [0x6c], ltU = [0x49];

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

/**
 * A module exporting `functions` (each `(i32 × 6) → ()`; `body` is its locals and code, ending
 * in 0x0b), importing `env.memory`: shared with up to `maxPages` pages when `shared` (worker
 * threads can import it too), else unshared with at least one page.
 */
export function wasmModule(functions: readonly { name: string; body: number[] }[], memory: { shared: boolean; maxPages?: number }): Uint8Array<ArrayBuffer> {
  const fnType = [0x60, 6, I32, I32, I32, I32, I32, I32, 0];
  const limits = memory.shared ? [0x03, ...uleb(1), ...uleb(memory.maxPages ?? 0)] : [0x00, 0x01];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, ...fnType]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, ...limits]),
    ...section(3, [...uleb(functions.length), ...functions.map(() => 0)]),
    ...section(7, [...uleb(functions.length), ...functions.flatMap((f, i) => [...name(f.name), 0x00, ...uleb(i)])]),
    ...section(10, [...uleb(functions.length), ...functions.flatMap((f) => [...uleb(f.body.length), ...f.body])]),
  ]);
}
