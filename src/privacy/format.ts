/** Terminal summaries of privacy results, for the CLI shells (fit, eval, scan). */
import type { PrivacyReport } from './policy.js';

/**
 * One or two lines saying what the data stage found and did, e.g.
 * "Privacy (redact): 14 findings in 9 of 120 texts — EMAIL 8, PHONE 4, PERSON 2; replaced by typed placeholders."
 */
export function formatPrivacyReport(r: PrivacyReport): string {
  return formatTexts(r) + formatLabels(r);
}

function formatLabels(r: PrivacyReport): string {
  const l = r.labels;
  if (!l || l.labels === 0) return '';
  const types = Object.entries(l.byType).map(([t, n]) => `${t} ${n}`).join(', ');
  const done = l.action === 'pseudonymized' ? 'replaced by keyed pseudonyms' : 'kept as they are (policy allow): they are stored and shown';
  return `Privacy (${r.policy}): ${l.labels} label${l.labels === 1 ? ' holds' : 's hold'} private data (${types}); ${done}.\n`;
}

function formatTexts(r: PrivacyReport): string {
  if (r.findings === 0) return `Privacy (${r.policy}): no private data found in ${r.texts} texts.\n`;
  const types = Object.entries(r.byType).sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${n}`).join(', ');
  const done: Record<PrivacyReport['policy'], string> = {
    redact: 'replaced by typed placeholders before embedding and storing',
    pseudonymize: 'replaced by keyed pseudonyms before embedding and storing',
    allow: 'kept as they are (policy allow): raw text is embedded and stored',
    refuse: 'refused',
  };
  return `Privacy (${r.policy}): ${r.findings} findings in ${r.textsWithFindings} of ${r.texts} texts — ${types}; ${done[r.policy]}.\n`;
}
