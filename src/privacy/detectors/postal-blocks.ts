/**
 * Postal addresses beyond the US and UK street shapes: a postal code of one of the regions
 * with its town ("10115 Berlin", "Berlin 10115", "〒100-0001 千代田区"), US military lines
 * ("APO AE 09012"), and the street part before such a line, on the line or comma-separated
 * segment before it, also over two lines ("Okul Sokak 45\nApt. 222"). Every street part
 * hangs on a postal line: a bare "Hauptstr. 5" is left to the name rules.
 */
import type { CountryCode } from 'libphonenumber-js';
import type { Finding } from '../types.js';

/** Postal-code layouts by region (the Universal Postal Union's formats, digits as \d). */
const CODES: Readonly<Partial<Record<string, string>>> = {
  DE: '\\d{5}', FR: '\\d{5}', ES: '\\d{5}', IT: '\\d{5}', FI: '\\d{5}', TR: '\\d{5}', MX: '\\d{5}', HR: '\\d{5}', EE: '\\d{5}',
  UA: '\\d{5}', MY: '\\d{5}', KR: '\\d{5}', KE: '\\d{5}', US: '\\d{5}(?:-\\d{4})?', LT: '(?:LT-)?\\d{5}',
  AT: '\\d{4}', CH: '\\d{4}', BE: '\\d{4}', LU: '(?:L-)?\\d{4}', DK: '\\d{4}', NO: '\\d{4}', HU: '\\d{4}', AU: '\\d{4}', NZ: '\\d{4}',
  ZA: '\\d{4}', BG: '\\d{4}', SI: '\\d{4}', CY: '\\d{4}', PH: '\\d{4}', AR: '\\d{4}', LV: '(?:LV-)?\\d{4}',
  NL: '\\d{4} ?[A-Z]{2}', PL: '\\d{2}-\\d{3}', CZ: '\\d{3} ?\\d{2}', SK: '\\d{3} ?\\d{2}', SE: '\\d{3} ?\\d{2}', GR: '\\d{3} ?\\d{2}',
  PT: '\\d{4}-\\d{3}', BR: '\\d{5}-?\\d{3}', JP: '\\d{3}-\\d{4}', RO: '\\d{6}', IN: '\\d{3} ?\\d{3}', NG: '\\d{6}', CN: '\\d{6}',
  SG: '\\d{6}', CO: '\\d{6}', CL: '\\d{7}', IL: '\\d{7}', IS: '\\d{3}', MT: '[A-Z]{3} ?\\d{4}',
  IE: '[AC-FHKNPRTV-Y]\\d[\\dW] ?[\\dAC-FHKNPRTV-Y]{4}', GB: '[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[ABD-HJLNP-UW-Z]{2}',
  CA: '[ABCEGHJ-NPRSTVXY]\\d[A-Z] ?\\d[A-Z]\\d',
};
/** Secondary-unit words, which stand before a number as a town stands before its code: "Suite 1100" is no town. */
const UNIT_WORD = /^(?:suite|ste|apt|apartment|unit|box|po box|floor|fl|room|rm|flat|building|bldg|block|bloc|lgh|piso|piano|étage|etage|stock|app|appartement|no|nr|number|tel|fax|phone|ext|page|vol|chapter|section|version|release|build|order|invoice|item|ref|id|code|pin|zip)\.?$/i;
/** A code that is only digits could be any number: it needs a street part before it. */
const ONLY_DIGITS = /^\d+$/;

/** A town: up to five capitalized words (any script's capitals), joined by spaces, hyphens or a particle. */
const TOWN = "\\p{Lu}[\\p{L}\\p{M}'’.]*(?:(?:[ -]|[ -](?:d[aeiou]s?|del|la|le|les|sur|am|an|im|upon|on|en)[ -])\\p{Lu}[\\p{L}\\p{M}'’.]*){0,4}";
/** Where a segment of an address ends: a line end, a comma, or a full stop before a blank or the end. */
const SEGMENT_END = '(?=[ \\t]*(?:$|\\r?\\n|,|\\.(?:\\s|$)))';

interface BlockRes { codeFirst: RegExp; townFirst: RegExp; codeAlone: RegExp }
const blockRes = new Map<string, BlockRes>();

function regexesFor(regions: readonly CountryCode[]): BlockRes {
  const key = regions.join(',');
  let r = blockRes.get(key);
  if (!r) {
    const codes = [...new Set(regions.map((c) => CODES[c]).filter((x): x is string => x !== undefined))].sort((a, b) => b.length - a.length);
    const code = `(?:${codes.join('|') || '\\d{5}'})`;
    // "10115 Berlin" at a segment's start; "Sydney 2000" / "Sydney NSW 2000" at a segment's start.
    r = {
      codeFirst: new RegExp(`(?<=^|\\n|,[ \\t]|〒)(${code})[ \\t]+(?:(${TOWN})${SEGMENT_END}|(\\p{Lo}[\\p{Lo}\\p{Lm}]*)(?=[ \\t]))`, 'gmu'),
      townFirst: new RegExp(`(?<=^|\\n|,[ \\t])(${TOWN})(?:,?[ \\t]+([A-Z]{2,3}))?,?[ \\t]+(${code})${SEGMENT_END}`, 'gmu'),
      // A code alone on its line, below the town ("Sydney\n2000"): the town must be the line before (townLineBefore).
      codeAlone: new RegExp(`(?<=\\n)(${code})(?=[ \\t]*(?:$|\\r?\\n|\\.(?:\\s|$)))`, 'gmu'),
    };
    if (blockRes.size > 16) blockRes.clear();
    blockRes.set(key, r);
  }
  return r;
}

/** "APO AE 09012", "FPO AP 96601", "DPO AA 34001". */
const MILITARY = /\b([ADF]PO A[AEP]) (\d{5})(?:-\d{4})?\b/g;
/** A code or town line holds one of these: a digit followed by a blank and a capital, or a '〒'. */
const HINT = /\d[ \t]+\p{Lu}|\p{L}[ \t]+\d|〒/u;
/** A ship's name stands where a military street line does: "USNS Comfort". */
const SHIP = /^(?:USNS|USS|USCGC) \S/;
/** The street part of an address never holds these. */
const NOT_STREET = /@|:\/\/|\b(?:tel|phone|fax|e-?mail)\b/i;

/** The segment (between line breaks and ", ") that ends where `end` is, as [start, end], or undefined. */
function segmentBefore(text: string, at: number): [number, number] | undefined {
  let end = at;
  if (text[end - 1] === '\n') end--;
  else if (text.slice(end - 2, end) === ', ') end -= 2;
  else if (text[end - 1] === ' ' && text[end - 2] === ',') end -= 2;
  else return undefined;
  if (text[end - 1] === '\r') end--;
  if (text[end - 1] === ',') end--;
  let start = end;
  while (start > 0 && text[start - 1] !== '\n' && !(text[start - 1] === ' ' && text[start - 2] === ',')) start--;
  // A line's first segment may start with a label: "US Mail: 1905 Steamboat Springs Drive".
  const label = /^[^\n:]{1,24}:[ \t]+/.exec(text.slice(start, end));
  if (label) start += label[0].length;
  return end - start >= 2 && end - start <= 60 ? [start, end] : undefined;
}

/**
 * The street part before a postal line starting at `at`: one or two segments each holding a
 * digit (a house number, an apartment or a box), or a ship's name. Returns its span or undefined.
 */
function streetBefore(text: string, at: number): [number, number] | undefined {
  const first = segmentBefore(text, at);
  if (!first) return undefined;
  const s1 = text.slice(first[0], first[1]);
  if (NOT_STREET.test(s1) || !(/\d/.test(s1) || SHIP.test(s1))) return undefined;
  // Seven figures or more and no word ("1-800-242-0363, Mailbox 1993") are a phone number or an account, not a street.
  if (!/\p{L}/u.test(s1) && (s1.match(/\d/g)?.length ?? 0) >= 7) return undefined;
  let start = first[0];
  let seg = first;
  // A street's secondary parts follow it: "442 Wintheiser Village\nApt. 902", "Intrarea Garnitei, Bloc 78, Ap. 101".
  for (let k = 0; k < 2 && UNIT_START.test(text.slice(seg[0], seg[1])); k++) {
    const prev = segmentBefore(text, seg[0]);
    if (!prev) break;
    const sp = text.slice(prev[0], prev[1]);
    if (NOT_STREET.test(sp) || !/\p{L}{2}/u.test(sp) || !(/\d/.test(sp) || STREET_NAME.test(sp))) break;
    start = prev[0];
    seg = prev;
  }
  return [start, first[1]];
}

/** A segment that is a secondary part of an address: "Apt. 902", "Suite 807", "3.em", "2º B", "Lgh. 755", "Bloc 78", "m. 607". */
const UNIT_START = /^(?:(?:apt|apartment|suite|ste|unit|flat|floor|fl|room|rm|lgh|bloc|block|ap|app|piso|piano|étage|etage|stock|m|box|po box|building|bldg)\b\.?\s?\d|\d+\s?(?:\.?\s?(?:em|og|th|tv|hoog|étage)\b|[º°ª]))/iu;
/** A street named without a number (its number in the next segment): words with a capital. */
const STREET_NAME = /^\p{Lu}[\p{L}\p{M}.'’ -]{2,40}$/u;

/** Appends the postal blocks of `text` for the regions to `out` (POSTAL_CODE, LOCATION, STREET_ADDRESS). */
export function postalBlocks(text: string, regions: readonly CountryCode[], out: Finding[]): void {
  const anchors: number[] = [];
  // Postal codes found by the US and UK rules (address.ts) anchor a street part too.
  for (const f of out) if (f.type === 'POSTAL_CODE' || (f.type === 'LOCATION' && f.rule === 'location.city-state-zip')) anchors.push(lineSegmentStart(text, f.start));
  if (HINT.test(text)) {
    const { codeFirst, townFirst, codeAlone } = regexesFor(regions);
    codeFirst.lastIndex = 0;
    for (let m = codeFirst.exec(text); m; m = codeFirst.exec(text)) {
      const code = m[1]!;
      const street = ONLY_DIGITS.test(code.replace(/\s/g, '')) && text[m.index - 1] !== '〒' ? streetBefore(text, m.index) : [0, 0];
      if (!street) continue;
      const name = m[2] ?? m[3]!;
      const town = m.index + m[0].length - name.length;
      out.push({ type: 'POSTAL_CODE', start: m.index, end: m.index + code.length, confidence: 0.75, rule: 'postcode.code-town' });
      out.push({ type: 'LOCATION', start: town, end: town + name.length, confidence: 0.7, rule: 'location.postal-town' });
      if (text[m.index - 1] === '〒') japaneseStreet(text, town + name.length, out);
      else anchors.push(m.index);
    }
    townFirst.lastIndex = 0;
    for (let m = townFirst.exec(text); m; m = townFirst.exec(text)) {
      const code = m[3]!;
      if (UNIT_WORD.test(m[1]!)) continue;
      if (ONLY_DIGITS.test(code.replace(/\s/g, '')) && !streetBefore(text, m.index)) continue;
      const at = m.index + m[0].length - code.length;
      out.push({ type: 'LOCATION', start: m.index, end: m.index + m[1]!.length, confidence: 0.7, rule: 'location.postal-town' });
      if (m[2]) {
        const state = text.lastIndexOf(m[2], at);
        out.push({ type: 'LOCATION', start: state, end: state + m[2].length, confidence: 0.7, rule: 'location.postal-region' });
      }
      out.push({ type: 'POSTAL_CODE', start: at, end: at + code.length, confidence: 0.75, rule: 'postcode.town-code' });
      anchors.push(m.index);
    }
    codeAlone.lastIndex = 0;
    for (let m = codeAlone.exec(text); m; m = codeAlone.exec(text)) {
      const town = townLineBefore(text, m.index);
      if (!town || (ONLY_DIGITS.test(m[1]!.replace(/\s/g, '')) && !streetBefore(text, town[0]))) continue;
      out.push({ type: 'POSTAL_CODE', start: m.index, end: m.index + m[1]!.length, confidence: 0.7, rule: 'postcode.own-line' });
      anchors.push(m.index);
    }
  }
  if (text.includes('PO A')) {
    MILITARY.lastIndex = 0;
    for (let m = MILITARY.exec(text); m; m = MILITARY.exec(text)) {
      out.push({ type: 'LOCATION', start: m.index, end: m.index + m[1]!.length, confidence: 0.8, rule: 'location.military' });
      const code = m.index + m[1]!.length + 1;
      out.push({ type: 'POSTAL_CODE', start: code, end: m.index + m[0].length, confidence: 0.8, rule: 'postcode.military' });
      anchors.push(m.index);
    }
  }
  for (const a of new Set(anchors)) {
    let at = a;
    // A town alone on the line before a code alone ("London\nSW1A 1AA"): the street is before the town.
    const town = townLineBefore(text, at);
    if (town) {
      out.push({ type: 'LOCATION', start: town[0], end: town[1], confidence: 0.6, rule: 'location.postal-town' });
      at = town[0];
    }
    const street = streetBefore(text, at);
    if (street) out.push({ type: 'STREET_ADDRESS', start: street[0], end: street[1], confidence: 0.8, rule: 'street.postal-block' });
  }
}

/** Start of the segment (after a line break or ", ") that holds `pos`. */
function lineSegmentStart(text: string, pos: number): number {
  let s = pos;
  while (s > 0 && text[s - 1] !== '\n' && !(text[s - 1] === ' ' && text[s - 2] === ',')) s--;
  return s;
}

const TOWN_LINE = new RegExp(`^${TOWN}$`, 'u');

/** The segment before `at` when the segment at `at` is a postal code alone and that one is a town. */
function townLineBefore(text: string, at: number): [number, number] | undefined {
  const le = text.indexOf('\n', at);
  const own = text.slice(at, le < 0 ? text.length : le).replace(/[.,\s]+$/, '');
  if (!/^[A-Z\d][A-Z\d -]{2,9}$/.test(own)) return undefined;
  const seg = segmentBefore(text, at);
  if (!seg || !TOWN_LINE.test(text.slice(seg[0], seg[1]))) return undefined;
  return seg;
}

/** Japanese addresses run from the code to the block number: "〒100-0001 千代田区 1丁目2番3号". */
function japaneseStreet(text: string, from: number, out: Finding[]): void {
  const m = /^[ \t]+([^\s,.。]*\d[^\s,.。]*)/.exec(text.slice(from, from + 40));
  if (m) out.push({ type: 'STREET_ADDRESS', start: from + m[0].length - m[1]!.length, end: from + m[0].length, confidence: 0.75, rule: 'street.japanese' });
}
