/**
 * AGE: a number of years that a word marks as someone's age ("34 years old", "aged 34",
 * "Age: 34", "a 34-year-old", "34 Jahre alt", "âgé de 34 ans", "34 años"). The span is the
 * number. "34 years ago", "for 34 years" and "il y a 34 ans" are durations, not ages.
 */
import type { Detector, Finding } from '../types.js';

/** A number then a word that makes it an age, in English, German, French, Spanish, Italian, Dutch and Portuguese. */
const AFTER = /(?<![\d.,])(\d{1,3})(?:[ -]?(?:years?|yrs?)[ -]old\b|-year-old\b| Jahre alt\b| jaar oud\b| ans\b| años\b| anni\b| anos\b)/gi;
/** A label or verb then the number: "aged 34", "Age: 34", "im Alter von 34", "âgé de 34", "edad: 34". */
const BEFORE = /\b(?:aged|age|ages|alter|im alter von|âgée? de|edad|de edad|età|leeftijd|idade|com)[: ]\s?(\d{1,3})(?!\d|[.,]\d)/gi;
/** Words before "N ans/años/anni/anos" that make it a duration: "il y a 5 ans", "hace 5 años", "per 5 anni", "há 5 anos". */
const DURATION_BEFORE = /(?:il y a|depuis|pendant|durant|hace|durante|desde|per|da|há|por|for|over|after|in|within) $/i;
/** Words after the number's unit that make it a duration: "5 anni fa", "5 years ago". */
const DURATION_AFTER = /^ (?:fa|ago|later|before|de experiencia|di esperienza|d'expérience|de experiência)\b/i;
/** Words that always name an age, so the bare "N ans" of French, Spanish, Italian and Portuguese can be told from one. */
const STRONG = /old|alt|oud|year-old/i;

export const ageDetector: Detector = {
  name: 'age',
  types: ['AGE'],
  detect(text) {
    const out: Finding[] = [];
    // Every match holds a digit and one of these words' letters: most texts have neither "a" + digit nor "e" + digit nearby; the scans are cheap.
    AFTER.lastIndex = 0;
    for (let m = AFTER.exec(text); m; m = AFTER.exec(text)) {
      const n = Number(m[1]);
      const start = m.index;
      const end = start + m[1]!.length;
      const after = text.slice(start + m[0].length, start + m[0].length + 24);
      if (n > 120 || DURATION_AFTER.test(after) || DURATION_BEFORE.test(text.slice(Math.max(0, start - 12), start))) continue;
      const strong = STRONG.test(m[0]);
      out.push({ type: 'AGE', start, end, confidence: strong ? 0.8 : 0.55, rule: strong ? 'age.years-old' : 'age.years' });
    }
    BEFORE.lastIndex = 0;
    for (let m = BEFORE.exec(text); m; m = BEFORE.exec(text)) {
      const n = Number(m[1]);
      if (n > 120) continue;
      const end = m.index + m[0].length;
      // "com 34 anos" only with its unit; "age 3.5" or "ages 18-25" are not one person's age.
      if (/^com/i.test(m[0]) && !/^ anos\b/.test(text.slice(end, end + 6))) continue;
      if (/^[-–]\d/.test(text.slice(end, end + 2))) continue;
      // "over age 18", "the legal age 21", "of age 65": a threshold, not someone's age.
      if (/(?:over|under|above|below|minimum|legal|of|retirement|voting|drinking)[ \t]$/i.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
      out.push({ type: 'AGE', start: end - m[1]!.length, end, confidence: 0.75, rule: 'age.label' });
    }
    return out;
  },
};
