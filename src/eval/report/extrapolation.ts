/**
 * What the reports say about a stored extrapolation. The sentence is written again from the
 * numbers (not the stored text), so a run saved before intervals were checked reads right too.
 */
import type { ExtrapolationResult } from '../bakeoff-result.js';
import { extrapolationSentence, validInterval } from '../extrapolate.js';

export interface ExtrapolationText {
  sentence: string;
  /** "At 2× the data: …" when there is a reliable prediction there. */
  at2x?: string;
  /** The fit's warnings not already inside `sentence`. */
  warnings: string[];
  /** Whether a curve of predictions may be drawn. */
  reliable: boolean;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/**
 * @example
 * const t = extrapolationText(entry.extrapolation); out.push(t.sentence, ...t.warnings);
 */
export function extrapolationText(x: ExtrapolationResult): ExtrapolationText {
  const reliable = (x.reliable ?? true) && validInterval(x.at10x.mean, x.at10x.ci95);
  const sentence = extrapolationSentence({ ...x, reliable, moreDataHelps: reliable && x.moreDataHelps });
  if (!reliable) return { sentence, warnings: [], reliable };
  const at2x = validInterval(x.at2x.mean, x.at2x.ci95)
    ? `At 2× the data: ${pct(x.at2x.mean)} (${pct(x.at2x.ci95[0])}–${pct(x.at2x.ci95[1])}).`
    : undefined;
  return { sentence, ...(at2x ? { at2x } : {}), warnings: [...x.warnings], reliable };
}
