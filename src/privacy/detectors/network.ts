/** EMAIL, URL, IP_ADDRESS (v4, v6) and MAC_ADDRESS: pattern detectors with validation. */
import { isIPv6 } from 'node:net';
import type { Detector, Finding } from '../types.js';

/** The local part, read backwards from an '@'; the domain, read forwards. */
const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;
const DOMAIN = /(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}\b/y;
const URL_RE = /\b(?:(?:https?|ftp):\/\/|www\.)[^\s<>"'`{}|\\^\]\[]+/gi;
const IPV4 = /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g;
const OCTET = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6_FULL_AT = /(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}/y;
const IPV6_CHAR = /[0-9A-Fa-f:.]/;
const MAC_AT = /[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![0-9A-Za-z:-])|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![0-9A-Za-z.])/y;
const HEX_OR_WORD = /[0-9A-Za-z]/;

/** Trailing punctuation that ends a sentence, not a URL. */
const URL_TRAIL = /[.,;:!?)'"]+$/;

export const emailDetector: Detector = {
  name: 'email',
  types: ['EMAIL'],
  detect(text) {
    const out: Finding[] = [];
    // Anchoring on '@' is ~20x faster than a regex that may start at every character.
    for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      let start = at;
      while (start > 0 && at - start < 64 && LOCAL_CHAR.test(text[start - 1]!)) start--;
      while (start < at && !/[A-Za-z0-9]/.test(text[start]!)) start++;
      if (start === at) continue;
      DOMAIN.lastIndex = at + 1;
      const m = DOMAIN.exec(text);
      if (!m) continue;
      const end = at + 1 + m[0].length;
      // A MIME boundary ("--==_1530447@host==_") only looks like an address.
      if (text[end] === '=' && (text[start - 1] === '_' || text[start - 1] === '=')) continue;
      out.push({ type: 'EMAIL', start, end, confidence: 0.95, rule: 'email.pattern' });
    }
    return out;
  },
};

export const urlDetector: Detector = {
  name: 'url',
  types: ['URL'],
  detect(text) {
    const out: Finding[] = [];
    for (const m of text.matchAll(URL_RE)) {
      let s = m[0];
      // Keep a closing paren that balances one inside the URL (wiki-style links).
      const trail = URL_TRAIL.exec(s);
      if (trail) s = s.slice(0, s.length - trail[0].length);
      if (s.length < 8) continue;
      const scheme = /^(?:https?|ftp):\/\//i.test(s);
      out.push({ type: 'URL', start: m.index!, end: m.index! + s.length, confidence: scheme ? 0.9 : 0.8, rule: scheme ? 'url.scheme' : 'url.www' });
    }
    return out;
  },
};

export const ipDetector: Detector = {
  name: 'ip',
  types: ['IP_ADDRESS'],
  detect(text) {
    const out: Finding[] = [];
    for (const m of text.matchAll(IPV4)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (!m[0].split('.').every((o) => OCTET.test(o))) continue;
      // Part of a longer dotted number ("1.2.3.4.5"): a version or an OID, not an address.
      if (text[start - 1] === '.' || (text[end] === '.' && /\d/.test(text[end + 1] ?? ''))) continue;
      // "v1.2.3.4" or "version 1.2.3.4" is a version number more often than an address.
      const before = text.slice(Math.max(0, start - 9), start).toLowerCase();
      const version = /(?:\bv|\bversion\s?|\bver\.?\s?)$/.test(before);
      out.push({ type: 'IP_ADDRESS', start, end: start + m[0].length, confidence: version ? 0.4 : 0.9, rule: 'ip.v4' });
    }
    for (const [start, s] of ipv6Candidates(text)) {
      // Times ("12:30:45") and ratios are not addresses: require hex letters, "::" or 8 groups.
      if (!isIPv6(s)) continue;
      if (!/[a-fA-F]/.test(s) && !s.includes('::') && s.split(':').length < 8) continue;
      if (s.replace(/[:.]/g, '').length < 3) continue;
      out.push({ type: 'IP_ADDRESS', start, end: start + s.length, confidence: 0.85, rule: 'ip.v6' });
    }
    return out;
  },
};

/**
 * IPv6 candidates: the maximal run of hex digits, colons and dots around each "::" and each
 * uncompressed eight-group address. Found by indexOf, not by a regex tried at every position.
 */
function ipv6Candidates(text: string): Array<[number, string]> {
  const seeds: number[] = [];
  for (let k = text.indexOf('::'); k >= 0; k = text.indexOf('::', k + 2)) seeds.push(k);
  for (let k = text.indexOf(':'); k >= 0; k = text.indexOf(':', k + 1)) {
    let g = k;
    while (g > 0 && k - g < 4 && /[0-9A-Fa-f]/.test(text[g - 1]!)) g--;
    if (g === k) continue;
    IPV6_FULL_AT.lastIndex = g;
    if (IPV6_FULL_AT.test(text)) {
      seeds.push(k);
      k = IPV6_FULL_AT.lastIndex;
    }
  }
  const out: Array<[number, string]> = [];
  let lastEnd = -1;
  for (const k of seeds.sort((a, b) => a - b)) {
    if (k < lastEnd) continue;
    let a = k;
    let b = k;
    while (a > 0 && IPV6_CHAR.test(text[a - 1]!)) a--;
    while (b < text.length && IPV6_CHAR.test(text[b]!)) b++;
    // A run glued to letters or digits beyond hex ("std::vector") is code, not an address.
    if ((a > 0 && /[G-Zg-z_]/.test(text[a - 1]!)) || (b < text.length && /[G-Zg-z_]/.test(text[b]!))) {
      lastEnd = b;
      continue;
    }
    let s = text.slice(a, b);
    // Sentence punctuation after the address.
    const trail = /[.:]+$/.exec(s);
    if (trail) s = s.slice(0, s.length - trail[0].length);
    out.push([a, s]);
    lastEnd = b;
  }
  return out;
}

export const macDetector: Detector = {
  name: 'mac',
  types: ['MAC_ADDRESS'],
  detect(text) {
    const out: Finding[] = [];
    // Scanning for separators and checking fixed offsets is far cheaper than a regex that
    // tries every position: a MAC has its separators every third character.
    for (const sep of [':', '-']) {
      for (let k = text.indexOf(sep); k >= 0; k = text.indexOf(sep, k + 1)) {
        if (text[k + 3] !== sep || text[k + 6] !== sep || text[k + 9] !== sep || text[k + 12] !== sep) continue;
        if (k >= 3 && HEX_OR_WORD.test(text[k - 3]!) || (k >= 3 && text[k - 3] === sep)) continue;
        MAC_AT.lastIndex = k - 2;
        const m = MAC_AT.exec(text);
        if (m) out.push({ type: 'MAC_ADDRESS', start: k - 2, end: k - 2 + m[0].length, confidence: 0.9, rule: 'mac.pattern' });
        k += 12;
      }
    }
    for (let k = text.indexOf('.'); k >= 0; k = text.indexOf('.', k + 1)) {
      if (k < 4 || text[k + 5] !== '.' || (k >= 5 && HEX_OR_WORD.test(text[k - 5]!))) continue;
      MAC_AT.lastIndex = k - 4;
      const m = MAC_AT.exec(text);
      if (m) out.push({ type: 'MAC_ADDRESS', start: k - 4, end: k - 4 + m[0].length, confidence: 0.9, rule: 'mac.pattern' });
    }
    return out;
  },
};
