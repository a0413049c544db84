/** The data stage in one call, for the pipeline: a validated dataset in, a policy-applied one out. */
import type { Dataset } from '../data/index.js';
import type { DetectOptions } from './detect.js';
import { applyPrivacy, parsePolicy, type PrivacyReport } from './policy.js';

export interface DatasetPrivacyOptions extends DetectOptions {
  /** `redact` | `pseudonymize` | `refuse` | `allow` (checked; UsageError lists them). */
  policy: string;
  /** The pseudonymization key, asked for only under `pseudonymize`. */
  key?: () => Uint8Array;
}

/**
 * Applies a privacy policy to a dataset, before anything embeds, caches or stores it.
 * Throws PrivacyError for `refuse` when anything is found (issues name rows, never content).
 *
 * @example
 * const { dataset, report } = applyPrivacyToDataset(ds, { policy: 'pseudonymize', key: () => myKey });
 * stderr.write(formatPrivacyReport(report));
 */
export function applyPrivacyToDataset(ds: Dataset, opts: DatasetPrivacyOptions): { dataset: Dataset; report: PrivacyReport } {
  const policy = parsePolicy(opts.policy);
  const key = policy === 'pseudonymize' && opts.key ? opts.key() : undefined;
  const { examples, report } = applyPrivacy(ds.examples, { ...opts, policy, key, source: ds.source });
  return { dataset: { ...ds, examples }, report };
}
