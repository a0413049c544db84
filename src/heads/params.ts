/**
 * Parameter validation, the one way every head reads its parameters: parameters are data with
 * declared constraints (a rule per name), and a bad value is refused with a UsageError that
 * quotes the value and the allowed set or range ("knn: k must be an integer >= 1, got 0.").
 *
 * @example
 * const p = readParams('knn', params, { k: int({ ge: 1 }), temperature: num({ gt: 0 }) });
 * p.k; // number | undefined (absent)
 */

import { UsageError } from '../core/index.js';

/** Thrown by a rule; `readParams` turns it into the UsageError naming the head and parameter. */
class Refused {
  constructor(readonly expected: string, readonly value: unknown, readonly at = '') {}
}

/** Checks one value: returns it (copied where it is an object) or throws `refuse(...)`. */
export type Rule<T> = (value: unknown) => T;

/** What a rule accepts, in words: the error reads `NAME must be EXPECTED, got VALUE`. */
export function refuse(expected: string, value: unknown, at = ''): never {
  throw new Refused(expected, value, at);
}

type Bounds = { gt?: number; ge?: number; le?: number };

function boundsText(b: Bounds): string {
  const parts: string[] = [];
  if (b.gt !== undefined) parts.push(`> ${b.gt}`);
  if (b.ge !== undefined) parts.push(`>= ${b.ge}`);
  if (b.le !== undefined) parts.push(`<= ${b.le}`);
  return parts.join(' and ');
}

function inBounds(v: number, b: Bounds): boolean {
  return (b.gt === undefined || v > b.gt) && (b.ge === undefined || v >= b.ge) && (b.le === undefined || v <= b.le);
}

/** A finite number within the bounds (`gt`: exclusive minimum, `ge`/`le`: inclusive). */
export function num(b: Bounds = {}): Rule<number> {
  const expected = `a finite number${boundsText(b) ? ` ${boundsText(b)}` : ''}`;
  return (v) => (typeof v === 'number' && Number.isFinite(v) && inBounds(v, b) ? v : refuse(expected, v));
}

/** An integer within the bounds. */
export function int(b: Bounds = {}): Rule<number> {
  const expected = `an integer${boundsText(b) ? ` ${boundsText(b)}` : ''}`;
  return (v) => (typeof v === 'number' && Number.isInteger(v) && inBounds(v, b) ? v : refuse(expected, v));
}

/** One of the listed values. */
export function oneOf<const T extends string>(values: readonly T[]): Rule<T> {
  const expected = `one of ${values.join(', ')}`;
  return (v) => (values.includes(v as T) ? (v as T) : refuse(expected, v));
}

/** Text. */
export function text(): Rule<string> {
  return (v) => (typeof v === 'string' ? v : refuse('text', v));
}

/** A non-empty, strictly increasing list, each value valid for `each` (a search grid). */
export function grid(each: Rule<number>): Rule<number[]> {
  return (v) => {
    if (!Array.isArray(v) || v.length === 0) refuse('a non-empty array of numbers', v);
    const out = v.map((x, i) => {
      try {
        return each(x);
      } catch (e) {
        if (e instanceof Refused) refuse(e.expected, e.value, `[${i}]`);
        throw e;
      }
    });
    for (let i = 1; i < out.length; i++) if (!(out[i]! > out[i - 1]!)) refuse('strictly increasing', v);
    return out;
  };
}

/** A head as a parameter of another head: `{ kind, params? }` (params copied). */
export interface HeadSpec {
  kind: string;
  params?: object;
}

/** `{ kind, params? }` with a head kind as text; with `orKind`, a bare kind (`'logistic'`) too. */
export function headSpec(opts: { orKind?: boolean } = {}): Rule<HeadSpec> {
  const expected = opts.orKind ? 'a head kind or { kind, params }' : '{ kind, params } of a head';
  return (v) => {
    if (opts.orKind && typeof v === 'string') return { kind: v };
    const o = v as { kind?: unknown; params?: unknown } | null;
    const ok = typeof o === 'object' && o !== null && !Array.isArray(o) && typeof o.kind === 'string' &&
      (o.params === undefined || (typeof o.params === 'object' && o.params !== null && !Array.isArray(o.params)));
    if (!ok) refuse(expected, v);
    return o.params === undefined ? { kind: o.kind as string } : { kind: o.kind as string, params: structuredClone(o.params as object) };
  };
}

/** Any value `test` accepts, described as `expected`; copied so the caller's object is never kept. */
export function custom<T>(expected: string, test: (v: unknown) => boolean): Rule<T> {
  return (v) => (test(v) ? (structuredClone(v) as T) : refuse(expected, v));
}

const REQUIRED = new WeakSet<Rule<unknown>>();

/** The same rule, also applied when the value is absent (so an absent value is refused, "got undefined"). */
export function required<T>(rule: Rule<T>): Rule<T> {
  const r: Rule<T> = (v) => rule(v);
  REQUIRED.add(r);
  return r;
}

export type Rules = Readonly<Record<string, Rule<unknown>>>;
export type ReadParams<R extends Rules> = { [K in keyof R]?: R[K] extends Rule<infer T> ? T : never };

/**
 * Reads `given` against the rules: a plain object with known names only, each present value
 * valid for its rule. Absent names (and `undefined` values) come back `undefined`, so the head
 * applies its defaults; the result's keys follow the rules' order.
 */
export function readParams<R extends Rules>(kind: string, given: unknown, rules: R): ReadParams<R> {
  if (given === undefined || given === null) given = {};
  if (typeof given !== 'object' || Array.isArray(given)) {
    throw new UsageError(`${kind}: params must be an object, got ${quote(given)}.`, 'bad_param');
  }
  const rec = given as Record<string, unknown>;
  const names = Object.keys(rules);
  for (const key of Object.keys(rec)) {
    if (!names.includes(key)) {
      throw new UsageError(`${kind}: unknown parameter "${key}"; allowed parameters are: ${names.join(', ')}.`, 'bad_param');
    }
  }
  const out: Record<string, unknown> = {};
  for (const name of names) {
    if (rec[name] === undefined && !REQUIRED.has(rules[name]!)) continue;
    try {
      out[name] = rules[name]!(rec[name]);
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      throw new UsageError(`${kind}: ${name}${e.at} must be ${e.expected}, got ${quote(e.value)}.`, 'bad_param');
    }
  }
  return out as ReadParams<R>;
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

/** The rule builders, for a head defined outside graft: `readParams(kind, params, { k: rule.int({ ge: 1 }) })`. */
export const rule = Object.freeze({ num, int, oneOf, text, grid, headSpec, custom, required, refuse });

/**
 * `given`, else `fallback` when the value it serves will be chosen by search (the searched
 * parameter absent): a grid or fold count gets its default only when it will be used.
 */
export function whenSearched<T>(given: T | undefined, searched: unknown, fallback: T): T | undefined {
  return given ?? (searched === undefined ? fallback : undefined);
}
