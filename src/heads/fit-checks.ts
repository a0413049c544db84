/** Parameter checks and a softmax shared by mlp, adapter and ensemble (input checks live in validate.ts). */
import { UsageError } from '../core/index.js';

/** A numeric parameter check: integer or real, inclusive range, message quotes value and range. */
export function checkNumber(
  kind: string, name: string, value: number, min: number, max: number, integer = false,
): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new UsageError(
      `${kind}: parameter ${name} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got ${String(value)}.`,
      'bad_param',
    );
  }
  return value;
}

/** Refuses parameter names the strategy does not know, listing the known ones. */
export function checkKnownParams(kind: string, given: object, known: readonly string[]): void {
  for (const k of Object.keys(given)) {
    if (!known.includes(k)) {
      throw new UsageError(`${kind}: unknown parameter "${k}"; known parameters are: ${known.join(', ')}.`, 'bad_param');
    }
  }
}

/** Row-wise softmax in place over `k` columns. */
export function softmaxRows(z: Float32Array | Float64Array, k: number): void {
  for (let o = 0; o < z.length; o += k) {
    let m = -Infinity;
    for (let j = 0; j < k; j++) m = Math.max(m, z[o + j]!);
    let s = 0;
    for (let j = 0; j < k; j++) s += z[o + j] = Math.exp(z[o + j]! - m);
    for (let j = 0; j < k; j++) z[o + j] = z[o + j]! / s;
  }
}
