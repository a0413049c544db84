/**
 * Privacy exposure: what the privacy stage found in the training (and test) texts, by type and
 * share of texts, and what each route would do with it. Counts only: never a value.
 */
import type { PrivacyReport } from '../privacy/index.js';

export interface PrivacyExposure {
  policy: string;
  texts: number;
  textsWithFindings: number;
  /** textsWithFindings ÷ texts. */
  share: number;
  findings: number;
  /** Per type, most frequent first. */
  byType: { type: string; count: number }[];
  /** What graft does with it, and what fine-tuning would. */
  graft: string;
  fineTuning: string;
  hosted: string;
}

const POLICY_WORDS: Record<string, string> = {
  redact: 'replaced by typed placeholders before anything was embedded or stored',
  pseudonymize: 'replaced by keyed pseudonyms before anything was embedded or stored',
  allow: 'kept as they are (policy allow): embedded and stored raw',
  refuse: 'refused',
};

/**
 * Sums the privacy reports of a run (training and test data) into one exposure summary.
 *
 * @example
 * privacyExposure(run.privacy).share; // 0.12: 12% of texts hold private data
 */
export function privacyExposure(reports: readonly PrivacyReport[]): PrivacyExposure {
  const byType = new Map<string, number>();
  let texts = 0, withFindings = 0, findings = 0;
  for (const r of reports) {
    texts += r.texts;
    withFindings += r.textsWithFindings;
    findings += r.findings;
    for (const [t, n] of Object.entries(r.byType)) byType.set(t, (byType.get(t) ?? 0) + (n ?? 0));
  }
  const policy = reports[0]?.policy ?? 'redact';
  const share = texts === 0 ? 0 : withFindings / texts;
  const found = findings > 0;
  return {
    policy, texts, textsWithFindings: withFindings, share, findings,
    byType: [...byType].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
    graft: found
      ? `${findings} findings in ${withFindings} of ${texts} texts were ${POLICY_WORDS[policy] ?? policy}; the frozen backbone never learns from them, and graft forget removes an example exactly (its head is refitted without it).`
      : `No private data found in ${texts} texts; graft forget still removes any example exactly.`,
    fineTuning: found
      ? `Fine-tuned weights can memorise training text, private values included, unless they are removed first; forgetting one example means retraining the model without it.`
      : 'Fine-tuned weights can memorise training text; forgetting one example means retraining the model without it.',
    hosted: 'A hosted fine-tuning API receives every training text and every text to predict, and keeps the tuned model on its side.',
  };
}
