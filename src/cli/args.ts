/** Argument parsing shared by the sub-commands: node's parseArgs, with usage errors. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../core/index.js';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean }>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/**
 * Parses argv against the spec. An unknown option, or one missing its value, is a one-line
 * UsageError that names it and the help to read (parseArgs' own text is long and generic).
 */
export function parse(argv: string[], options: OptionSpec, usage: string): Parsed {
  const command = /^Usage: graft (\S+)/.exec(usage)?.[1];
  const help = command ? `run 'graft help ${command}' for its options` : "run 'graft help' for the commands";
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (e) {
    const err = e as Error & { code?: string };
    const option = /'(-[^'\s]+)/.exec(err.message)?.[1];
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${option ?? ''}; ${help}.`, 'unknown_option');
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const name = /--([a-z][a-z0-9-]*)/.exec(err.message)?.[1];
      const spec = name ? options[name] : undefined;
      throw new UsageError(spec?.type === 'boolean'
        ? `--${name} is a switch and takes no value; ${help}.`
        : `${name ? `--${name}` : 'an option'} needs a value; ${help}.`, 'bad_option');
    }
    throw new UsageError(`${err.message.split('\n')[0]}; ${help}.`, 'bad_option');
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

/**
 * The task a command works on: `--task NAME` (the documented form) or, where the command takes
 * it positionally, the first positional. Returns it with the remaining positionals.
 */
export function taskArg(p: Parsed, usage: string, positional = true): { task: string; rest: string[] } {
  const flagged = str(p, 'task');
  if (flagged !== undefined) return { task: flagged, rest: [...p.positionals] };
  const [first, ...rest] = p.positionals;
  if (!positional || first === undefined) throw new UsageError(`--task NAME is required.\n\n${usage}`, 'no_task');
  return { task: first, rest };
}

/** A data-file argument as a path: `-` stays `-` (standard input), anything else is resolved against the cwd. */
export function dataPath(cwd: string, file: string): string {
  return file === '-' ? '-' : resolve(cwd, file);
}

/** Writes one JSON object followed by a newline. */
export function printJson(out: NodeJS.WritableStream, value: unknown): void {
  out.write(JSON.stringify(value, null, 2) + '\n');
}
