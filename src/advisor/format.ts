/** The advice as terminal text: the decision first, then the numbers behind it. */
import type { Advice } from './schema.js';

const pct = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(1)}%`);
const range = (r: readonly [number, number] | null | undefined): string => (r ? `${pct(r[0])}–${pct(r[1])}` : 'no interval');
const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const usd = (x: number): string => (x < 10 ? `$${x.toFixed(2)}` : `$${Math.round(x).toLocaleString('en-US')}`);

/** Bytes as B, kB, MB or GB. */
export function formatBytes(b: number): string {
  if (b < 1024) return `${Math.round(b)} B`;
  const units = ['kB', 'MB', 'GB'];
  let v = b / 1024, u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

function ms(x: number | null): string {
  if (x === null) return '–';
  return x < 0.1 ? `${(x * 1000).toFixed(0)} µs` : x < 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(0)} ms`;
}

/** The few lines the demo ends with: the decision and its first reasons. */
export function formatAdviceBrief(a: Advice): string {
  const lines = [`Should you fine-tune? ${a.decision.headline}`];
  for (const r of a.decision.reasons.slice(0, 2)) lines.push(`  - ${r}`);
  const best = a.fineTuning.routes.filter((r) => r.applicable).sort((x, y) => y.expected.accuracy - x.expected.accuracy)[0];
  if (best) lines.push(`  - fine-tuning (${best.name}) is estimated at ${pct(best.expected.accuracy)} (range ${range(best.expected.range)}) for ${usd(best.money.trainingUsd)}.`);
  return lines.join('\n') + '\n';
}

/**
 * The full terminal summary.
 *
 * @example
 * process.stdout.write(formatAdvice(advice));
 */
export function formatAdvice(a: Advice): string {
  const d = a.decision, L: string[] = [];
  const held = a.curve.heldOut === 'test' ? `scored on ${count(a.dataset.testRows ?? 0)} test rows` : 'held-out rows of the data';
  L.push(`Should you fine-tune? ${a.dataset.name}: ${count(a.dataset.rows)} labelled rows, ${a.dataset.labels.length} labels, ${held}.`, '');
  L.push(`Decision: ${d.headline}`);
  for (const r of d.reasons) L.push(`  - ${r}`);
  if (d.labelClasses.length) L.push(`  Label first: ${d.labelClasses.slice(0, 6).map((c) => `${c.label} ${count(c.labels)}`).join(', ')}${d.labelClasses.length > 6 ? ', …' : ''}.`);
  for (const c of d.constraints) L.push(`  Constraint: ${c}`);
  L.push('');
  const p = a.privacy;
  L.push(`Privacy: ${p.findings === 0 ? `no private data found in ${count(p.texts)} texts` : `${pct(p.share)} of ${count(p.texts)} texts hold private data (${p.byType.slice(0, 4).map((t) => `${t.type} ${t.count}`).join(', ')})`}.`);
  L.push(`  graft: ${p.graft}`, `  fine-tuning: ${p.fineTuning}`, '');
  const alt = a.alternatives, best = alt.rows[alt.best]!, cheap = alt.rows[alt.cheapest]!;
  L.push(`Measured (bake-off run ${alt.bakeoffRunId}, ${alt.method === 'holdout' ? 'test set' : 'cross-validation'}):`);
  const row = (tag: string, r: typeof best): string =>
    `  ${tag.padEnd(9)} ${`${r.strategy} · ${r.backbone}`.padEnd(30)} ${pct(r.accuracy).padStart(6)} [${range(r.ci95)}]  ECE ${r.ece === null ? '–' : r.ece.toFixed(3)}  OOD AUROC ${r.oodAuroc === null ? '–' : r.oodAuroc.toFixed(3)}`;
  L.push(row('best', best));
  if (alt.cheapest !== alt.best) L.push(`${row('cheapest', cheap)}\n            (${alt.cheapestWhy})`);
  const g = a.graft;
  L.push(`  serving: head ${g.headBytes === null ? '–' : formatBytes(g.headBytes)} per task, ${ms(g.headMsPerText)} per text; embedding ${ms(g.embedMsPerText)} per text, shared by every task.`, '');
  const f = a.curve.forecast;
  // The forecast is the families' weighed blend (families.ts), so the header names them with their weights.
  const blend = f.families.filter((w) => Math.round(100 * w.weight) > 0).map((w) => `${w.family} ${Math.round(100 * w.weight)}%`).join(', ');
  L.push(`More data (proportional learning curve, ${a.curve.points.length} points; ${blend || 'no curve fitted'}${f.reliable ? '' : '; not reliable'}):`);
  for (const q of [f.current, ...f.at]) L.push(`  ${(q.multiple === 1 ? 'now' : `${q.multiple}×`).padEnd(4)} ${count(q.n).padStart(9)} rows  ${pct(q.mean).padStart(6)}  [${range(q.ci95)}]`);
  if (f.target) {
    const t = f.target;
    L.push(`  target ${pct(t.accuracy)}: ${t.reach === 'now' ? 'reached now' : t.reach === 'labels' ? `about ${count(t.moreLabels!)} more labels${t.totalRange ? ` (total ${count(t.totalRange[0])}–${t.totalRange[1] === null ? 'possibly out of reach' : count(t.totalRange[1])})` : ''}` : `out of reach (ceiling ${pct(f.ceiling?.mean)})`}`);
  }
  const top = a.curve.classes.filter((c) => c.gainPer100 > 0).slice(0, 4);
  if (top.length) L.push(`  labels pay most in: ${top.map((c) => `${c.label} (recall ${pct(c.recall)}, +${(100 * c.gainPer100).toFixed(2)} pts per 100)`).join(', ')}`);
  L.push('');
  const ft = a.fineTuning;
  L.push(`Fine-tuning, estimated (${ft.evidenceRows} published side-by-side results; leave-one-out error ${(100 * ft.leaveOneOut.meanAbsError).toFixed(1)} points):`);
  L.push(`  ${'route'.padEnd(36)} ${'expected'.padStart(8)}  ${'range'.padEnd(13)} ${'train'.padStart(7)} ${'GPU-h'.padStart(6)} ${'wall'.padStart(6)}  ${'per task'.padStart(8)} ${'latency'.padStart(7)}`);
  for (const r of ft.routes) {
    const flags = [r.withinBudget === false ? 'over budget' : '', r.withinLatency === false ? 'too slow' : '', r.applicable ? '' : 'n/a', r.evidence.thin ? 'thin' : ''].filter(Boolean).join(', ');
    L.push(`  ${r.name.padEnd(36)} ${pct(r.expected.accuracy).padStart(8)}  ${range(r.expected.range).padEnd(13)} ${usd(r.money.trainingUsd).padStart(7)} ${(r.compute ? r.compute.gpuHours.toFixed(2) : '–').padStart(6)} ${`${r.wallHours.toFixed(1)} h`.padStart(6)}  ${formatBytes(r.serving.memoryPerTaskBytes).padStart(8)} ${ms(r.serving.latencyMs).padStart(7)}${flags ? `  (${flags})` : ''}`);
  }
  L.push(`  graft${' '.repeat(31)} ${pct(g.accuracy).padStart(8)}  ${range(g.ci95).padEnd(13)} ${'$0.00'.padStart(7)} ${'0'.padStart(6)} ${'–'.padStart(6)}  ${(g.headBytes === null ? '–' : formatBytes(g.headBytes)).padStart(8)} ${ms(g.latencyMs).padStart(7)}`);
  L.push('');
  if (d.wouldChange.length) {
    L.push('What would change the answer:');
    for (const w of d.wouldChange) L.push(`  - ${w}`);
  }
  if (a.warnings.length) {
    L.push('Warnings:');
    for (const w of a.warnings) L.push(`  - ${w}`);
  }
  return L.join('\n') + '\n';
}
