/** Terminal summaries of library results. Plain text, readable at 100 columns. */
import type { EmbedStats } from '../backbones/index.js';
import { formatLeaderboard } from '../eval/index.js';
import type { LeaderboardRun, FitTaskResult, PredictResult } from '../pipeline/index.js';

export function formatEmbedStats(name: string, s: EmbedStats): string {
  const rate = s.texts > 0 ? (100 * s.cacheHits) / s.texts : 0;
  const speed = s.embedded > 0 && s.seconds > 0 ? `, ${(s.embedded / s.seconds).toFixed(0)} texts/s` : '';
  const trunc = s.truncated > 0 ? `, ${s.truncated} truncated at the token limit` : '';
  const u = s.usage;
  const remote = u === undefined ? '' : `; ${u.requests} request${u.requests === 1 ? '' : 's'}${u.retries > 0 ? ` (${u.retries} retried)` : ''}, ` +
    `${u.tokens} tokens, ${u.cost === null ? 'cost unknown (give --price)' : `$${u.cost.toFixed(4)}`}`;
  return `  ${name}: ${s.texts} texts, cache hit rate ${rate.toFixed(1)}% (${s.embedded} embedded in ${s.seconds.toFixed(1)}s${speed})${trunc}${remote}`;
}

export function formatEvaluation(r: LeaderboardRun): string {
  const counts = r.dataset.labels.map((l, i) => `${l} ${r.dataset.counts[i]}`).join(', ');
  const lines = [
    `Dataset ${r.dataset.name}: ${r.dataset.examples} examples (${counts})`,
    `Protocol: ${r.protocol}, seed ${r.seed}`,
    r.reusedFrom
      ? `Reused run ${r.reusedFrom}: same data, settings, seed and versions give the same numbers (--fresh recomputes).`
      : `Saved as run ${r.runId}.`,
    'Embeddings:',
    ...Object.entries(r.embedding).map(([n, s]) => formatEmbedStats(n, s)),
    '',
    formatLeaderboard(r.rows.map((row) => ({ backbone: row.backbone, strategy: row.strategy, result: row.result }))),
    '',
    `Best: ${r.best.strategy} on ${r.best.backbone}.`,
  ];
  const warnings = r.rows.flatMap((row) => row.result.warnings.map((w) => `${row.strategy}/${row.backbone}: ${w}`));
  if (warnings.length > 0) lines.push('Warnings:', ...[...new Set(warnings)].map((w) => `  - ${w}`));
  return lines.join('\n') + '\n';
}

export function formatFit(r: FitTaskResult): string {
  const lines = [
    `Saved task "${r.task}" version ${r.version}, now live: ${r.strategy} on ${r.backbone}, ${r.examples} examples, labels ${r.labels.join(', ')}.`,
    r.version > 1 ? `  (graft rollback ${r.task} makes the previous version live again)` : '',
    formatEmbedStats('embeddings', r.embedding),
  ].filter(Boolean);
  if (r.cv) {
    const a = r.cv.metrics.accuracy, f = r.cv.metrics.macroF1;
    lines.push(`  cross-validated accuracy ${(100 * a.mean).toFixed(1)}% ± ${(100 * a.std).toFixed(1)}, macro-F1 ${(100 * f.mean).toFixed(1)}% ± ${(100 * f.std).toFixed(1)}`);
    if (r.cv.foldsRequested) lines.push(`  note: ${r.cv.warnings[0]}`);
  }
  const d = r.diagnostics;
  const facts: string[] = [];
  if (d.chosen) facts.push(`chosen ${Object.entries(d.chosen).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (d.iterations !== undefined) facts.push(`${d.iterations} iterations${d.converged === false ? ' (did not converge)' : ''}`);
  if (facts.length) lines.push(`  fit: ${facts.join('; ')}`);
  for (const w of d.warnings) lines.push(`  warning: ${w}`);
  lines.push(`  took ${r.seconds.toFixed(1)}s`);
  return lines.join('\n') + '\n';
}

export function formatPredictions(r: PredictResult, texts: readonly string[]): string {
  const lines = [`Task "${r.task}" version ${r.version} (${r.backbone}):`];
  r.predictions.forEach((p, i) => {
    const t = texts[i] ?? '';
    const short = t.length > 60 ? t.slice(0, 57).replace(/\s+/g, ' ') + '…' : t.replace(/\s+/g, ' ');
    const probs = Object.entries(p.probabilities)
      .sort((a, b) => b[1] - a[1])
      .map(([l, v]) => `${l} ${(100 * v).toFixed(1)}%`)
      .join(', ');
    const ood = p.outOfDistribution ? '   [out of distribution]' : '';
    lines.push(`  ${p.label.padEnd(12)} ${probs}   "${short}"${ood}`);
  });
  return lines.join('\n') + '\n';
}

/** C0 controls but tab and newline, DEL, C1 controls, and the bidirectional-text controls. */
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text for a terminal: control characters (a terminal escape's ESC, BEL, ...) and bidi
 * overrides in user input are shown as `\u{1b}` instead of being sent to the terminal, where
 * they could recolour, move the cursor, retitle the window or reorder what is shown.
 *
 * @example
 * printable('\u001b[31mred') // '\\u{1b}[31mred'
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
