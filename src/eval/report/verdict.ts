/** How the reports read an entry's overfitting verdict, for runs saved before and after it existed. */
import type { BakeoffEntry } from '../bakeoff-result.js';

/** Only a verdict of `overfitting` flags an entry; a run saved before verdicts flagged by the gap alone, which is not shown. */
export function isOverfitting(e: BakeoffEntry): boolean {
  return e.overfittingVerdict?.level === 'overfitting';
}

/** The verdict's sentence, or what an older run can say. */
export function verdictText(e: BakeoffEntry): string {
  return e.overfittingVerdict?.sentence ?? 'no verdict: this run was saved before overfitting was judged from a capacity path (rerun with --fresh).';
}
