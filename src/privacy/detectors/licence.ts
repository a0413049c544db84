/**
 * DRIVER_LICENSE: British DVLA numbers by their shape and embedded birth date; other
 * countries' numbers (US state layouts, Ontario, Spanish DNI-based ones, …) only right after
 * a licence word, since alone they are any other number.
 */
import type { Detector, Finding } from '../types.js';

/**
 * DVLA: five letters of the surname (9 pads a short one), the decade, month (+50 for women),
 * day and year of birth, two initials (9 pads), a digit and two check letters: "MORGA753116SM9IJ".
 */
const DVLA = /\b([A-Z][A-Z9]{4})(\d)([0156]\d)([0-3]\d)(\d)([A-Z][A-Z9])(\d)([A-Z]{2})(?:\s?\d{2})?\b/g;
/** A licence word in one of the template languages, then an optional "no." / "number" / "#" / ":". */
const LABEL = /\b(?:driv(?:er'?s?|ing)[ -]licen[cs]e|DLN?|licen[cs]e to drive|f(?:ü|ue)hrerschein(?:nummer)?|permis de conduire|carn[eé] de conducir|licencia de conducir|patente(?: di guida)?|rijbewijs(?:nummer)?|carteira de motorista|CNH)(?:\s*(?:no\.?|nr\.?|n[°º.]\.?|number|nummer|numéro|número|num\.?|#|:))*[ \t]*/giy;
/** The number after the label: letters and digits, maybe grouped by single spaces or dashes, with at least five digits. */
const VALUE = /[A-Z0-9](?:[ -]?[A-Z0-9]){4,18}\b/y;
/** Where a label can start: its first letter, found with one scan. */
const LABEL_START = /\b(?:driv|dl|li|f[üu]h|perm|carn|lice|pat|rij|cart|cnh)/gi;

function dvlaValid(m: RegExpExecArray): boolean {
  const month = Number(m[3]);
  const day = Number(m[4]);
  return ((month >= 1 && month <= 12) || (month >= 51 && month <= 62)) && day >= 1 && day <= 31;
}

export const licenceDetector: Detector = {
  name: 'driver-license',
  types: ['DRIVER_LICENSE'],
  detect(text) {
    const out: Finding[] = [];
    DVLA.lastIndex = 0;
    for (let m = DVLA.exec(text); m; m = DVLA.exec(text)) {
      if (dvlaValid(m)) out.push({ type: 'DRIVER_LICENSE', start: m.index, end: m.index + m[0].length, confidence: 0.7, rule: 'licence.dvla' });
    }
    LABEL_START.lastIndex = 0;
    for (let s = LABEL_START.exec(text); s; s = LABEL_START.exec(text)) {
      LABEL.lastIndex = s.index;
      const l = LABEL.exec(text);
      if (!l) continue;
      VALUE.lastIndex = l.index + l[0].length;
      const v = VALUE.exec(text);
      LABEL_START.lastIndex = Math.max(LABEL_START.lastIndex, l.index + l[0].length);
      if (!v || (v[0].match(/\d/g)?.length ?? 0) < 5) continue;
      if (out.some((f) => f.start === v.index)) continue;
      out.push({ type: 'DRIVER_LICENSE', start: v.index, end: v.index + v[0].length, confidence: 0.85, rule: 'licence.labelled' });
    }
    return out;
  },
};
