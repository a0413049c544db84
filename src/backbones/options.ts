/**
 * Checks a backbone kind's options against a small declared schema, so that a bad value is
 * refused with the kind, the option, the value and the allowed set, whether it came from a
 * CLI flag, a library call or a task version read back from the store.
 */
import { UsageError } from '../core/index.js';

export type OptionRule =
  | { type: 'int'; min: number; max: number }
  | { type: 'number'; min: number; max: number }
  | { type: 'string'; nonEmpty?: boolean }
  | { type: 'boolean' }
  | { type: 'enum'; values: readonly string[] };

export type OptionSchema = Readonly<Record<string, OptionRule>>;

/**
 * Returns a copy of `raw` holding only defined, valid values; throws UsageError on an unknown
 * option or a bad value.
 *
 * @example
 * checkOptions('hashing', { dim: 1024 }, { dim: { type: 'int', min: 64, max: 1 << 20 } });
 */
export function checkOptions<T extends object>(kind: string, raw: object | undefined, schema: OptionSchema): T {
  const out: Record<string, unknown> = {};
  if (raw === undefined || raw === null) return out as T;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UsageError(`${kind} options must be an object, got ${JSON.stringify(raw)}.`, 'bad_backbone_option');
  }
  for (const [key, value] of Object.entries(raw)) {
    const rule = Object.hasOwn(schema, key) ? schema[key] : undefined;
    if (rule === undefined) {
      const known = Object.keys(schema);
      throw new UsageError(
        `${kind} has no option "${key}"; its options are: ${known.length > 0 ? known.join(', ') : '(none)'}.`,
        'bad_backbone_option',
      );
    }
    if (value === undefined) continue;
    const why = violation(rule, value);
    if (why !== undefined) {
      throw new UsageError(`${kind} option ${key} must be ${why}, got ${JSON.stringify(value)}.`, 'bad_backbone_option');
    }
    out[key] = value;
  }
  return out as T;
}

function violation(rule: OptionRule, v: unknown): string | undefined {
  switch (rule.type) {
    case 'int':
      return Number.isInteger(v) && (v as number) >= rule.min && (v as number) <= rule.max
        ? undefined : `an integer from ${rule.min} to ${rule.max}`;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) && v >= rule.min && v <= rule.max
        ? undefined : `a number from ${rule.min} to ${rule.max}`;
    case 'string':
      return typeof v === 'string' && (!rule.nonEmpty || v.length > 0) ? undefined : rule.nonEmpty ? 'a non-empty string' : 'a string';
    case 'boolean':
      return typeof v === 'boolean' ? undefined : 'true or false';
    case 'enum':
      return typeof v === 'string' && rule.values.includes(v) ? undefined : `one of ${rule.values.join(', ')}`;
  }
}
