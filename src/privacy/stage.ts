/** The data stage in one call, for the pipeline: a validated dataset in, a policy-applied one out. */
import type { Dataset } from '../data/index.js';
import type { PseudonymKey } from '../core/index.js';
import type { DetectOptions } from './detect.js';
import { applyPrivacy, parsePolicy, type PrivacyReport } from './policy.js';

export interface DatasetPrivacyOptions extends DetectOptions {
  /** `redact` | `pseudonymize` | `refuse` | `allow` (checked; UsageError lists them). */
  policy: string;
  /**
   * The store's current key (store's `PseudonymKeys.open(db).current()`), asked for only when
   * needed: to pseudonymize, and to key the finding index of a text with findings, under any
   * policy (`Example.findings`).
   */
  key?: () => Pick<PseudonymKey, 'id' | 'key'>;
}

/**
 * Applies a privacy policy to a dataset's texts and labels, before anything embeds, caches or
 * stores it. Throws PrivacyError for `refuse` when anything is found, and for a label holding
 * private data under `refuse` or `redact` (issues name rows, never content). With a key, each
 * example with findings carries `findings`: keyed digests of its private values, to store.
 *
 * @example
 * const { dataset, report } = applyPrivacyToDataset(ds, { policy: 'pseudonymize', key: () => keys.current() });
 * stderr.write(formatPrivacyReport(report));
 */
export function applyPrivacyToDataset(ds: Dataset, opts: DatasetPrivacyOptions): { dataset: Dataset; report: PrivacyReport } {
  const policy = parsePolicy(opts.policy);
  let resolved: Pick<PseudonymKey, 'id' | 'key'> | undefined;
  const key = opts.key && ((): Pick<PseudonymKey, 'id' | 'key'> => (resolved ??= opts.key!()));
  const { examples, report } = applyPrivacy(ds.examples, {
    ...opts, policy, key: policy === 'pseudonymize' && key ? key().key : undefined, indexKey: key, source: ds.source,
  });
  const changed = report.labels?.action === 'pseudonymized';
  const labels = changed ? [...new Set(examples.flatMap((e) => e.labels ?? [e.label]))].filter((l) => l !== '').sort() : ds.labels;
  return { dataset: { ...ds, examples, labels }, report };
}
