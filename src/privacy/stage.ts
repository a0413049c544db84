/** The data stage in one call, for the pipeline: a validated dataset in, a policy-applied one out. */
import type { Dataset } from '../data/index.js';
import type { Db } from '../store/index.js';
import type { DetectOptions } from './detect.js';
import { pseudonymKey } from './keys.js';
import { applyPrivacy, parsePolicy, type PrivacyReport } from './policy.js';

export interface DatasetPrivacyOptions extends DetectOptions {
  /** `redact` | `pseudonymize` | `refuse` | `allow` (checked; UsageError lists them). */
  policy: string;
  /** The store: its key is used (and created on first use) for `pseudonymize`. */
  db?: Db;
}

/**
 * Applies a privacy policy to a dataset, before anything embeds, caches or stores it.
 * Throws PrivacyError for `refuse` when anything is found (issues name rows, never content).
 *
 * @example
 * const { dataset, report } = applyPrivacyToDataset(ds, { policy: 'redact', db: ws.db });
 * stderr.write(formatPrivacyReport(report));
 * await fitTask(ws, dataset, { ...opts, privacy: report.policy });
 */
export function applyPrivacyToDataset(ds: Dataset, opts: DatasetPrivacyOptions): { dataset: Dataset; report: PrivacyReport } {
  const policy = parsePolicy(opts.policy);
  const key = policy === 'pseudonymize' && opts.db ? pseudonymKey(opts.db) : undefined;
  const { examples, report } = applyPrivacy(ds.examples, { ...opts, policy, key, source: ds.source });
  return { dataset: { ...ds, examples }, report };
}
