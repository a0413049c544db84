/**
 * Privacy policies, applied in the data stage before anything is embedded or stored:
 * `redact` (typed placeholders), `pseudonymize` (keyed surrogates), `refuse` (stop with a
 * report), `allow` (keep raw text; findings are still counted).
 */
import { PrivacyError, UsageError } from '../core/index.js';
import type { Issue } from '../core/index.js';
import { detect, type DetectOptions } from './detect.js';
import type { PseudonymKey } from '../core/index.js';
import { applyLabelPolicy, type LabelFindings } from './labels.js';
import { findingDigests, pseudonymizeText, redactText } from './transform.js';
import type { Finding, PiiType } from './types.js';

export const PRIVACY_POLICIES = ['redact', 'pseudonymize', 'refuse', 'allow'] as const;
export type PrivacyPolicy = (typeof PRIVACY_POLICIES)[number];

/** The policy used when none is given. */
export const DEFAULT_POLICY: PrivacyPolicy = 'redact';

export interface PrivacyOptions extends DetectOptions {
  policy: PrivacyPolicy;
  /** Required for `pseudonymize`: the store's key, from `pseudonymKey(db)`. */
  key?: Uint8Array;
  /**
   * The key of the finding index: when given, each example with findings gets `findings`, the
   * keyed digests of its private values (never the values), to store beside the redacted text
   * so that a deletion request for a value can find it (`lookupDigests`).
   */
  indexKey?: Pick<PseudonymKey, 'id' | 'key'> | (() => Pick<PseudonymKey, 'id' | 'key'>);
  /** Scan and apply the policy to `label`/`labels` too (labels.ts). Default true. */
  labels?: boolean;
  /** Names the data in issue paths (`<source>:<line>`); default `data`. */
  source?: string;
}

/** What one example held: counts per type. Never the values. */
export interface RowFindings {
  id: string;
  /** `<source>:<line>` (or `<source>:<index+1>` when examples carry no line). */
  path: string;
  counts: Partial<Record<PiiType, number>>;
}

/** What the data stage found and did. Holds counts, ids and positions only, never content. */
export interface PrivacyReport {
  policy: PrivacyPolicy;
  texts: number;
  /** Texts with at least one finding. */
  textsWithFindings: number;
  findings: number;
  byType: Partial<Record<PiiType, number>>;
  /** One entry per example with findings, in input order. */
  byRow: RowFindings[];
  /** What the labels held and what was done with them (absent when labels were not scanned). */
  labels?: LabelFindings;
}

export interface PrivacyResult<T> {
  /**
   * The examples with `text` (and labels) rewritten by the policy (copies, in order); with
   * `indexKey`, those with findings carry `findings`, the keyed digests of their values.
   */
  examples: Array<T & { findings?: string[] }>;
  report: PrivacyReport;
}

/** Checks a user-given policy name, naming the allowed set on error. */
export function parsePolicy(name: string): PrivacyPolicy {
  if ((PRIVACY_POLICIES as readonly string[]).includes(name)) return name as PrivacyPolicy;
  throw new UsageError(`Unknown privacy policy '${name}'; expected one of ${PRIVACY_POLICIES.join(', ')}.`, 'bad_privacy_policy');
}

/**
 * Applies a privacy policy to labelled examples. Call it after validation and before
 * embedding, caching or storing: with any policy but `allow`, the returned texts hold no
 * detected PII, so neither the cache keys, the stored training set nor logs can.
 * With `refuse`, throws PrivacyError whose issues name each row and type (never content).
 *
 * @example
 * const { examples, report } = applyPrivacy(ds.examples, { policy: 'redact', source: ds.source });
 * report.byType; // { EMAIL: 12, PHONE: 3 }
 */
export function applyPrivacy<T extends { text: string; id?: string; line?: number; label?: string; labels?: string[] }>(
  examples: readonly T[],
  opts: PrivacyOptions,
): PrivacyResult<T> {
  const policy = parsePolicy(opts.policy);
  if (policy === 'pseudonymize' && (!opts.key || opts.key.length < 16)) {
    throw new UsageError('The pseudonymize policy needs a key of at least 16 bytes: pass pseudonymKey(db).', 'missing_pseudonym_key');
  }
  const source = opts.source ?? 'data';
  const report: PrivacyReport = { policy, texts: examples.length, textsWithFindings: 0, findings: 0, byType: {}, byRow: [] };
  const issues: Issue[] = [];
  const out: Array<T & { findings?: string[] }> = [];
  let labelled: readonly T[] = examples;
  let indexKey = opts.indexKey;
  if (opts.labels !== false) {
    const l = applyLabelPolicy(examples, policy, { ...opts, source });
    labelled = l.examples;
    report.labels = l.findings;
  }
  labelled.forEach((e, i) => {
    const findings = detect(e.text, opts);
    const path = `${source}:${e.line ?? i + 1}`;
    if (findings.length > 0) {
      report.textsWithFindings++;
      report.findings += findings.length;
      const counts: Partial<Record<PiiType, number>> = {};
      for (const f of findings) {
        counts[f.type] = (counts[f.type] ?? 0) + 1;
        report.byType[f.type] = (report.byType[f.type] ?? 0) + 1;
        if (policy === 'refuse') issues.push(findingIssue(path, f));
      }
      report.byRow.push({ id: e.id ?? String(i + 1), path, counts });
    }
    const copy: T & { findings?: string[] } = rewrite(e, findings, policy, opts.key);
    if (indexKey && findings.length > 0) {
      // Asked for only now: data without private values never makes a key.
      if (typeof indexKey === 'function') indexKey = indexKey();
      copy.findings = findingDigests(e.text, findings, indexKey);
    }
    out.push(copy);
  });
  if (issues.length > 0) throw new PrivacyError(issues);
  return { examples: out, report };
}

/** An issue naming where a finding is, never what it is. */
export function findingIssue(path: string, f: Finding): Issue {
  return {
    code: `pii_${f.type.toLowerCase()}`,
    path,
    message: `${f.type} at characters ${f.start}–${f.end} of the text (rule ${f.rule}); the task's privacy policy is "refuse": ` +
      'remove it, or choose --privacy redact or pseudonymize.',
  };
}

function rewrite<T extends { text: string }>(e: T, findings: Finding[], policy: PrivacyPolicy, key?: Uint8Array): T {
  if (findings.length === 0 || policy === 'allow' || policy === 'refuse') return { ...e };
  const text = policy === 'redact' ? redactText(e.text, findings) : pseudonymizeText(e.text, findings, key!);
  return { ...e, text };
}

/**
 * Redacts one text: typed placeholders, or keyed pseudonyms when `key` is given.
 *
 * @example
 * redact('Mail jane@example.com') // 'Mail <EMAIL>'
 */
export function redact(text: string, opts: DetectOptions & { key?: Uint8Array } = {}): string {
  const findings = detect(text, opts);
  return opts.key ? pseudonymizeText(text, findings, opts.key) : redactText(text, findings);
}
