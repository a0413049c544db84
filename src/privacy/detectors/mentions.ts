/**
 * Passes over the findings of every detector, for what one detector alone cannot see:
 * an organization's acronym defined after its name ("Irish Linux Users' Group (ILUG)") and
 * later mentions of an organization already found ("KPMG … a study from KPMG"), and a line
 * of a postal address made only of place names ("Nelson, BC, Canada", "ILUPEJU LAGOS NIGERIA"),
 * which the guideline labels as one span.
 */
import type { Finding } from '../types.js';
import { nameLexicon, ORG_SUFFIX } from './lexicon.js';

/** Legal forms that an acronym may leave out ("United Bank for Africa Plc (UBA)"). */
const LEGAL_FORMS = new Set(['inc', 'corp', 'corporation', 'ltd', 'llc', 'plc', 'co', 'company', 'gmbh', 'ag', 'sa']);
const JOINERS = new Set(['of', 'for', 'and', '&', 'the', 'de', 'du', 'des', 'la', 'le', 'on', 'in']);
/** "(ILUG)", ", (UBA)", " (N.E.P.C.)" right after a name. */
const ACRONYM_AFTER = /^,?[ \t]?\(([A-Z](?:\.?[A-Z0-9&]){1,9}\.?)\)/;
/** [A-Za-z0-9@/_-]: a character that continues a word, an address or a path; NaN (outside the text) is none. */
function wordChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 64 || c === 47 || c === 95 || c === 45;
}

/** True when `acronym` spells the initials of the capitalized words of `name`, a trailing legal form optional. */
function spells(acronym: string, name: string): boolean {
  const letters = acronym.replace(/\./g, '').toUpperCase();
  const words = name.split(/[\s/]+/).map((w) => w.replace(/['’]s?$|[.,]$/g, '')).filter((w) => w && !JOINERS.has(w.toLowerCase()));
  const initials = words.map((w) => w[0]!.toUpperCase()).join('');
  if (initials === letters) return true;
  return words.length > 1 && LEGAL_FORMS.has(words[words.length - 1]!.toLowerCase()) && initials.slice(0, -1) === letters;
}

/** Whole-word, same-case occurrences of `s` in `text`, other than at `except`. */
function* occurrences(text: string, s: string, except: number): Generator<number> {
  for (let at = text.indexOf(s); at >= 0; at = text.indexOf(s, at + 1)) {
    if (at === except) continue;
    if ((at > 0 && wordChar(text.charCodeAt(at - 1))) || (at + s.length < text.length && wordChar(text.charCodeAt(at + s.length)))) continue;
    // "ILUG]" in a subject tag is the list, not the group: a mention stands in running text or brackets of its own.
    yield at;
  }
}

/** Acronyms defined after organizations, and later mentions of organizations found. */
export function organizationMentions(text: string, findings: readonly Finding[]): Finding[] {
  const orgs = findings.filter((f) => f.type === 'ORGANIZATION');
  if (orgs.length === 0) return [];
  const lex = nameLexicon();
  const out: Finding[] = [];
  const names = new Map<string, number>();
  for (const f of orgs) {
    const name = text.slice(f.start, f.end);
    if (!names.has(name)) names.set(name, f.start);
    // ACRONYM_AFTER starts with ",", a blank or "(": looked for only after one.
    const c = f.end < text.length ? text.charCodeAt(f.end) : NaN;
    const m = c === 44 || c === 32 || c === 9 || c === 40 ? ACRONYM_AFTER.exec(text.slice(f.end, f.end + 16)) : null;
    if (m && spells(m[1]!, name)) {
      const start = f.end + m[0].indexOf(m[1]!);
      out.push({ type: 'ORGANIZATION', start, end: start + m[1]!.length, confidence: 0.75, rule: 'organization.acronym' });
      if (!names.has(m[1]!)) names.set(m[1]!, start);
    }
  }
  for (const [name, first] of names) {
    // A mention must be no everyday word ("Discover", "Egg" as words) when written in lower case or at a sentence start.
    if (name.length < 3 || !/[A-Z]/.test(name) || lex.commonWords.has(name.toLowerCase())) continue;
    const everyday = lex.otherWords.has(name.toLowerCase());
    for (const at of occurrences(text, name, first)) {
      if (everyday && /(?:^|[.!?]\s+|\n\s*)$/.test(text.slice(Math.max(0, at - 3), at))) continue;
      out.push({ type: 'ORGANIZATION', start: at, end: at + name.length, confidence: 0.6, rule: 'organization.repeat' });
    }
  }
  return out;
}

/** Street words of an address line ("TINUBU SQUARE"). */
const STREET_WORDS = new Set(['street', 'st', 'road', 'rd', 'avenue', 'ave', 'square', 'sq', 'lane', 'drive', 'close', 'crescent', 'way', 'place', 'boulevard', 'blvd', 'estate', 'district', 'state', 'province', 'county', 'city', 'island', 'central', 'north', 'south', 'east', 'west']);

/** A line of capitalized words, commas and a postcode: the shape of an address line. */
const PLACE_LINE = /^[ \t>]*((?:[A-Z][A-Za-z'’.\uFFFD-]*|[0-9][0-9A-Z-]{2,9})(?:,?[ \t]{1,2}(?:[A-Z][A-Za-z'’.\uFFFD-]*|[0-9][0-9A-Z-]{2,9}))*)[ \t.,]*$/;

/**
 * A line of a postal address made only of places: "Nelson, BC, Canada", "ILUPEJU LAGOS
 * NIGERIA". Found from a LOCATION finding on the line; every word must be a place, a region
 * code, a postcode or a capitalized word that no list knows as anything else.
 */
export function addressLines(text: string, findings: readonly Finding[]): Finding[] {
  const lex = nameLexicon();
  const out: Finding[] = [];
  const seen = new Set<number>();
  for (const f of findings) {
    if (f.type !== 'LOCATION') continue;
    const ls = text.lastIndexOf('\n', f.start - 1) + 1;
    if (seen.has(ls)) continue;
    seen.add(ls);
    let le = text.indexOf('\n', f.end);
    if (le < 0) le = text.length;
    if (le - ls > 80) continue;
    const m = PLACE_LINE.exec(text.slice(ls, le));
    if (!m) continue;
    // A sentence ending on the line ("…branch,\nLagos Nigeria.") is running text, where places are labelled one by one.
    if (/\.[ \t]*$/.test(text.slice(ls, le)) && /[a-z]/.test(m[1]!)) continue;
    const words = m[1]!.split(/,?[ \t]{1,2}/).map((w) => w.replace(/[.,]+$/, ''));
    if (words.length < 2) continue;
    const isKnown = (w: string): boolean => lex.places.has(w.toLowerCase().replace(/[.,]$/, '')) || (w.length <= 3 && w === w.toUpperCase() && /^[A-Z]+$/.test(w));
    // At least two words must be known places or codes, so a headline of unknown words is not an address.
    const known = words.filter(isKnown).length;
    if (known < 2 && !(known === 1 && words.length >= 3)) continue;
    // A list of codes ("WV WI WY") is no address: one place must be spelled out.
    if (!words.some((w) => w.length > 3 && lex.places.has(w.toLowerCase().replace(/[.,]$/, '')))) continue;
    // "SOUTH AFRICA GOVERNMENT", "Hahn-Meitner-Institut Berlin": an organization's name, not an address.
    if (words.some((w) => ORG_SUFFIX.has(w.toLowerCase()) || /(?:^|-)(?:government|ministry|institut|institute)$/i.test(w))) continue;
    const ok = words.every((w) => {
      const l = w.toLowerCase().replace(/[.,]$/, '');
      if (/^[0-9]/.test(w) || isKnown(w) || STREET_WORDS.has(l)) return true;
      // A town may share its name with a person ("Nelson, BC"), not with an everyday word.
      return !lex.otherWords.has(l) && !lex.commonWords.has(l) && !lex.organizations.has(l) && (known >= 2 || (!lex.firstNames.has(l) && !lex.lastNames.has(l)));
    });
    if (!ok) continue;
    const start = ls + m.index + m[0].indexOf(m[1]!);
    const value = m[1]!.replace(/[.,]+$/, '');
    // Other findings on the line (an e-mail, a phone) mean it is not a place line; a name guess may be a town.
    if (findings.some((g) => g.type !== 'LOCATION' && g.type !== 'PERSON' && g.start < start + value.length && g.end > start)) continue;
    out.push({ type: 'LOCATION', start, end: start + value.length, confidence: Math.min(1, f.confidence + 0.05), rule: 'location.address-line' });
  }
  return out;
}
