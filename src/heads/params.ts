/**
 * Parameter validation shared by strategies: parameters are data with declared constraints,
 * and a bad value is refused with a message quoting the value and the allowed set.
 */

import { UsageError } from '../core/index.js';

/** Returns params as a plain record, refusing non-objects and unknown keys. */
export function readParams(kind: string, params: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (params === undefined || params === null) return {};
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw new UsageError(`${kind}: params must be an object, got ${quote(params)}.`);
  }
  const rec = params as Record<string, unknown>;
  for (const key of Object.keys(rec)) {
    if (!allowed.includes(key)) {
      throw new UsageError(`${kind}: unknown parameter "${key}"; allowed parameters are: ${allowed.join(', ')}.`);
    }
  }
  return rec;
}

/** A finite number in (min, max] (or [min, max] when `inclusiveMin`), or undefined when absent. */
export function optNumber(
  kind: string,
  name: string,
  v: unknown,
  range: { min: number; max?: number; inclusiveMin?: boolean },
): number | undefined {
  if (v === undefined) return undefined;
  const max = range.max ?? Infinity;
  const okMin = typeof v === 'number' && (range.inclusiveMin ? v >= range.min : v > range.min);
  if (typeof v !== 'number' || !Number.isFinite(v) || !okMin || v > max) {
    const lo = range.inclusiveMin ? `>= ${range.min}` : `> ${range.min}`;
    const hi = Number.isFinite(max) ? ` and <= ${max}` : '';
    throw new UsageError(`${kind}: ${name} must be a finite number ${lo}${hi}, got ${quote(v)}.`);
  }
  return v;
}

/** An integer in [min, max], or undefined when absent. */
export function optInt(kind: string, name: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    const hi = max === Number.MAX_SAFE_INTEGER ? '' : ` and <= ${max}`;
    throw new UsageError(`${kind}: ${name} must be an integer >= ${min}${hi}, got ${quote(v)}.`);
  }
  return v;
}

/** A non-empty, strictly increasing list of numbers each valid for `check`. */
export function optGrid<T extends number>(
  kind: string,
  name: string,
  v: unknown,
  check: (x: unknown) => T | undefined,
): T[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0) {
    throw new UsageError(`${kind}: ${name} must be a non-empty array of numbers, got ${quote(v)}.`);
  }
  const out = v.map((x) => check(x) as T);
  for (let i = 1; i < out.length; i++) {
    if (!(out[i]! > out[i - 1]!)) {
      throw new UsageError(`${kind}: ${name} must be strictly increasing, got ${quote(v)}.`);
    }
  }
  return out;
}

/** JSON-ish rendering of a bad value for an error message. */
export function quote(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  try {
    const s = JSON.stringify(v);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(v);
  }
}

/** Copies only the defined entries, so that params round-trip through JSON unchanged. */
export function defined<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

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
