/**
 * How a model's entities join the rules' findings (the merge policy, as README documents it):
 *
 * 1. Validated and shaped types win over the model: a model span that overlaps a finding of
 *    any type other than PERSON, LOCATION and ORGANIZATION (an e-mail address, a phone number,
 *    a date, a street line) is dropped. The model reads words, the rules check digits.
 * 2. Where the model and a rule agree on the type and overlap, one finding covers both spans,
 *    with the higher confidence and the rule's name joined to the model's (`ner+person.honorific`):
 *    agreement widens a name to all of it ("Dr. Jane" + "Jane Doe").
 * 3. Where they disagree on the type, the model's type stands when its score is at least
 *    MODEL_OVERRULES (its own confidence, not the lexicon's guess); below that, the usual
 *    overlap resolution picks the more confident one.
 * 4. A span only the model found is kept with the model's score as its confidence (the
 *    minimum confidence applies to it as to any finding).
 */
import type { Finding, PiiType } from '../types.js';

/** The types the model is asked for: names, places, organizations. */
export const MODEL_TYPES: ReadonlySet<PiiType> = new Set(['PERSON', 'LOCATION', 'ORGANIZATION']);
/** A model score at or above this overrules a rule of another name type on the same words. */
export const MODEL_OVERRULES = 0.75;

const overlaps = (a: Finding, b: Finding): boolean => a.start < b.end && b.start < a.end;

/**
 * Joins model findings to rule findings by the policy above. Returns a new list (neither input
 * is changed); overlap resolution still runs after it, in `detect`.
 *
 * @example
 * mergeModelFindings(rules, model) // rules' PHONE kept, model's PERSON widened by the rules' one
 */
export function mergeModelFindings(rules: readonly Finding[], model: readonly Finding[]): Finding[] {
  if (model.length === 0) return [...rules];
  const out: Finding[] = [];
  const dropped = new Set<Finding>();
  const kept: Finding[] = [];
  for (const m of model) {
    if (!MODEL_TYPES.has(m.type)) continue;
    if (rules.some((r) => !MODEL_TYPES.has(r.type) && overlaps(r, m))) continue;
    let merged = m;
    for (const r of rules) {
      if (!MODEL_TYPES.has(r.type) || !overlaps(r, merged)) continue;
      if (r.type === m.type) {
        merged = { type: m.type, start: Math.min(r.start, merged.start), end: Math.max(r.end, merged.end), confidence: Math.max(r.confidence, merged.confidence), rule: `${merged.rule}+${r.rule}` };
        dropped.add(r);
      } else if (m.confidence >= MODEL_OVERRULES) dropped.add(r);
    }
    kept.push(merged);
  }
  for (const r of rules) if (!dropped.has(r)) out.push(r);
  out.push(...kept);
  return out;
}
