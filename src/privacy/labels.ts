/**
 * Labels go through the detectors too: a label is stored with the task and printed by every
 * prediction, so an e-mail address used as a label would leak where a text's would not.
 *
 * Only structured identifiers are searched in labels (e-mail, phone, card, IBAN, SSN, IP, MAC,
 * crypto addresses, secrets, URLs): a label stands alone, and alone a single word reads as a
 * name or a place to the context-free rules ("ham", "World" and "Sports" come out as PERSON),
 * so names, places, organizations and dates are not searched there.
 *
 * By policy: `refuse` and `redact` stop with an error naming the rows (a placeholder would merge
 * distinct classes into one); `pseudonymize` replaces the value inside the label by its keyed
 * pseudonym (distinct values stay distinct classes); `allow` keeps labels as they are and says
 * so in the report.
 */
import { PrivacyError } from '../core/index.js';
import type { Issue } from '../core/index.js';
import { detect, type DetectOptions } from './detect.js';
import { pseudonymizeText } from './transform.js';
import type { Finding, PiiType } from './types.js';

/** The types searched in labels. */
export const LABEL_TYPES: readonly PiiType[] = Object.freeze([
  'EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'US_SSN', 'IP_ADDRESS', 'URL', 'MAC_ADDRESS', 'CRYPTO', 'SECRET',
] as PiiType[]);

/** What the label scan found and did: counts and types, never values. */
export interface LabelFindings {
  /** Distinct labels holding private data. */
  labels: number;
  byType: Partial<Record<PiiType, number>>;
  /** `pseudonymized` (replaced), `kept` (policy allow), or `none` (nothing found). */
  action: 'pseudonymized' | 'kept' | 'none';
}

interface Labelled { label?: string; labels?: string[]; line?: number }

/**
 * Scans each distinct label of the examples and applies the policy: returns relabelled
 * copies (pseudonymize) or the examples as they are, with what was found. Throws PrivacyError
 * for `refuse` and `redact` when a label holds private data; its issues name the first row of
 * each such label and the type, never the label.
 *
 * @example
 * const { examples, findings } = applyLabelPolicy(rows, 'pseudonymize', { key, source: 'f.csv' });
 */
export function applyLabelPolicy<T extends Labelled>(
  examples: readonly T[],
  policy: 'redact' | 'pseudonymize' | 'refuse' | 'allow',
  opts: DetectOptions & { key?: Uint8Array; source: string },
): { examples: T[]; findings: LabelFindings } {
  const found = new Map<string, { findings: Finding[]; line: number }>();
  examples.forEach((e, i) => {
    for (const l of labelsOf(e)) {
      if (found.has(l)) continue;
      found.set(l, { findings: detect(l, { ...opts, types: LABEL_TYPES, nlp: false }), line: e.line ?? i + 1 });
    }
  });
  const flagged = [...found].filter(([, f]) => f.findings.length > 0);
  const byType: Partial<Record<PiiType, number>> = {};
  for (const [, f] of flagged) for (const x of f.findings) byType[x.type] = (byType[x.type] ?? 0) + 1;
  if (flagged.length === 0) return { examples: [...examples], findings: { labels: 0, byType, action: 'none' } };
  if (policy === 'refuse' || policy === 'redact') {
    const issues: Issue[] = flagged.map(([, f]) => ({
      code: `pii_label_${f.findings[0]!.type.toLowerCase()}`,
      path: `${opts.source}:${f.line}`,
      message: `the label holds ${[...new Set(f.findings.map((x) => x.type))].join(' and ')} (the same label may recur on later rows); ` +
        `a label cannot be ${policy === 'redact' ? 'redacted without merging classes' : 'kept under the refuse policy'}: rename the label, ` +
        'or choose --privacy pseudonymize to replace it with a keyed pseudonym.',
    }));
    throw new PrivacyError(issues, 'privacy_refused_label');
  }
  if (policy === 'allow') return { examples: [...examples], findings: { labels: flagged.length, byType, action: 'kept' } };
  const renamed = new Map(flagged.map(([l, f]) => [l, pseudonymizeText(l, f.findings, opts.key!)]));
  const rename = (l: string): string => renamed.get(l) ?? l;
  const out = examples.map((e) => {
    const c = { ...e };
    if (e.labels) c.labels = [...new Set(e.labels.map(rename))].sort();
    if (e.label !== undefined) c.label = e.labels ? c.labels!.join('|') : rename(e.label);
    return c;
  });
  return { examples: out, findings: { labels: flagged.length, byType, action: 'pseudonymized' } };
}

function labelsOf(e: Labelled): string[] {
  if (e.labels) return e.labels;
  return e.label === undefined || e.label === '' ? [] : [e.label];
}
