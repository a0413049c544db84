/** Argument parsing shared by the sub-commands: node's parseArgs, with usage errors. */
import { parseArgs } from 'node:util';
import { UsageError } from '../core/index.js';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean }>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** Parses argv against the spec; unknown options and missing values become UsageErrors. */
export function parse(argv: string[], options: OptionSpec, usage: string): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${usage}`);
  }
}

export function str(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function flag(p: Parsed, name: string): boolean {
  return p.values[name] === true;
}

/** An integer option within [min, max], or the default. */
export function int(p: Parsed, name: string, def: number, min: number, max: number): number {
  const v = str(p, name);
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${v}".`);
  }
  return n;
}

/** A comma-separated list option, each value checked against the allowed set. */
export function list(p: Parsed, name: string, def: readonly string[], allowed?: readonly string[]): string[] {
  const v = str(p, name);
  const items = v === undefined ? [...def] : v.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError(`--${name} needs at least one value.`);
  if (allowed) {
    for (const it of items) {
      if (!allowed.includes(it)) {
        throw new UsageError(`--${name}: unknown value "${it}"; choose from ${allowed.join(', ')}.`);
      }
    }
  }
  return items;
}

/** Writes one JSON object followed by a newline. */
export function printJson(out: NodeJS.WritableStream, value: unknown): void {
  out.write(JSON.stringify(value, null, 2) + '\n');
}
