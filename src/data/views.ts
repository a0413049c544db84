import type { Dataset } from './types.js';

/** The texts of a dataset, in example order (what a backbone embeds). */
export function texts(ds: Dataset): string[] {
  return ds.examples.map((e) => e.text);
}

/** The labels of a dataset, in example order (encode them with `new LabelSet(ds.labels)`). */
export function labelsOf(ds: Dataset): string[] {
  return ds.examples.map((e) => e.label);
}

/** Multi-label datasets: each example's labels, in example order (a one-label list per example otherwise). */
export function labelSetsOf(ds: Dataset): string[][] {
  return ds.examples.map((e) => (e.labels ? [...e.labels] : [e.label]));
}

/** Examples per label, in `ds.labels` order. */
export function countByLabel(ds: Dataset): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(ds.labels.map((l) => [l, 0]));
  for (const e of ds.examples) for (const l of e.labels ?? [e.label]) out[l] = (out[l] ?? 0) + 1;
  return out;
}
