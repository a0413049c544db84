/** EMAIL, URL, IP_ADDRESS (v4, v6) and MAC_ADDRESS: pattern detectors with validation. */
import { isIPv6 } from 'node:net';
import type { Detector, Finding } from '../types.js';
import { isDigit } from './chars.js';

/** The domain of an address, read forwards from its '@' (the local part is read backwards by char code). */
const DOMAIN = /(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}\b/y;
const URL_RE = /\b(?:(?:https?|ftp):\/\/|www\.)[^\s<>"'`{}|\\^\]\[]+/gi;
const IPV4 = /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g;
const IPV6_FULL_AT = /(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}/y;
const MAC_AT = /[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![0-9A-Za-z:-])|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![0-9A-Za-z.])/y;

/** Char-code tests for the loops below, which run at every '@', ':', '-' and '.' of a text: a regex per character cost more than the scans. */
function alnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function hex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
/** [A-Za-z0-9._%+-]: a character of an address's local part. */
function localChar(c: number): boolean {
  return alnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}
/** [0-9A-Fa-f:.]: a character of an IPv6 run. */
function ipv6Char(c: number): boolean {
  return hex(c) || c === 58 || c === 46;
}
/** [G-Zg-z_]: a letter beyond hex, or an underscore. */
function beyondHex(c: number): boolean {
  return (c >= 71 && c <= 90) || (c >= 103 && c <= 122) || c === 95;
}
/** A dotted-quad part: 0-255 without a leading zero (as /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/ on the 1-3 digits IPV4 gives). */
function octet(text: string, from: number, to: number): boolean {
  if (to - from === 1) return true;
  if (text.charCodeAt(from) === 48) return false;
  let v = 0;
  for (let k = from; k < to; k++) v = v * 10 + text.charCodeAt(k) - 48;
  return v <= 255;
}
/** Could a version marker ("v", "version ", "ver.") end right before `start`? Its last character is v, n, r, '.' or a space. */
function versionMayEnd(text: string, start: number): boolean {
  const c = text.charCodeAt(start - 1);
  return c === 118 || c === 86 || c === 110 || c === 78 || c === 114 || c === 82 || c === 46 || c <= 32 || c >= 0x80;
}

/** Trailing punctuation that ends a sentence, not a URL. */
const URL_TRAIL = /[.,;:!?)'"]+$/;
const TRAIL_CHARS = new Set([...'.,;:!?)\'"'].map((c) => c.charCodeAt(0)));

/**
 * The local parts mail software writes into message and content ids, which only look like
 * addresses: sendmail's timestamp and queue id ("200210091843.OAA01268"), dotted counters
 * ("524.1027546300.0", "1027546301.610.TMDA"), Exim's ("E17bzKv-0000mo-00"), Mozilla's
 * ("3D9CEE0A.9030400") and Pine's ("Pine.LNX.4.44.0208281234"). A person's address with
 * digits in it ("john1956@", "15304473447567@", "kevin+dated+1029235349.f17378@") has none of
 * these shapes.
 */
const ID_LOCAL = /^(?:\d{8,}\.[A-Za-z0-9]+|\d+(?:\.\d+)+(?:\.[A-Za-z]+)?|E1[0-9A-Za-z]{5}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}|[0-9A-F]{8}\.[0-9]{4,8}|Pine\.[A-Za-z0-9.-]+)$/;
/** A header that names an id, at the end of the text before an address: "Message-ID: <", "In-Reply-To: ", "In message <". */
const ID_LABEL = /(?:message-id|content-id|in-reply-to|references|in message)[ \t]*:?[ \t]*<?$/i;

/**
 * True when text[start, at) before an '@' is a message or content id, by its shape or by the
 * header naming it, or a URL's user part ("http://21631@www.example.com/remove.html", a spam
 * trick): the URL is the finding there.
 */
function messageId(text: string, start: number, at: number): boolean {
  if (start >= 3 && text.startsWith('://', start - 3)) return true;
  return ID_LOCAL.test(text.slice(start, at)) || ID_LABEL.test(text.slice(Math.max(0, start - 24), start));
}

export const emailDetector: Detector = {
  name: 'email',
  types: ['EMAIL'],
  detect(text) {
    const out: Finding[] = [];
    // Anchoring on '@' is ~20x faster than a regex that may start at every character.
    for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      let start = at;
      while (start > 0 && at - start < 64 && localChar(text.charCodeAt(start - 1))) start--;
      while (start < at && !alnum(text.charCodeAt(start))) start++;
      if (start === at) continue;
      // test, not exec: after a sticky match lastIndex is where it ends, and no match array is made (112k '@' in raw mail).
      DOMAIN.lastIndex = at + 1;
      if (!DOMAIN.test(text)) continue;
      const end = DOMAIN.lastIndex;
      // A MIME boundary ("--==_1530447@host==_") only looks like an address.
      if (end < text.length && text.charCodeAt(end) === 61 && start > 0 && (text.charCodeAt(start - 1) === 95 || text.charCodeAt(start - 1) === 61)) continue;
      if (messageId(text, start, at)) continue;
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
    // exec loops on the global regexes here, not matchAll (which copies the regex and iterates through a generic path).
    URL_RE.lastIndex = 0;
    for (let m = URL_RE.exec(text); m; m = URL_RE.exec(text)) {
      let s = m[0];
      // Keep a closing paren that balances one inside the URL (wiki-style links). Trimmed only when the last character is one of URL_TRAIL's.
      const last = text.charCodeAt(m.index! + s.length - 1);
      const trail = TRAIL_CHARS.has(last) ? URL_TRAIL.exec(s) : null;
      if (trail) s = s.slice(0, s.length - trail[0].length);
      if (s.length < 8) continue;
      // URL_RE starts with a scheme or with "www." (w is no scheme's first letter).
      const scheme = (text.charCodeAt(m.index!) | 32) !== 119;
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
    IPV4.lastIndex = 0;
    for (let m = IPV4.exec(text); m; m = IPV4.exec(text)) {
      const start = m.index!;
      const end = start + m[0].length;
      const d1 = text.indexOf('.', start);
      const d2 = text.indexOf('.', d1 + 1);
      const d3 = text.indexOf('.', d2 + 1);
      if (!octet(text, start, d1) || !octet(text, d1 + 1, d2) || !octet(text, d2 + 1, d3) || !octet(text, d3 + 1, end)) continue;
      // Part of a longer dotted number ("1.2.3.4.5"): a version or an OID, not an address.
      // (Reads stay inside the text: a read past either end makes V8 drop the optimized code.)
      if ((start > 0 && text.charCodeAt(start - 1) === 46) || (end + 1 < text.length && text.charCodeAt(end) === 46 && isDigit(text.charCodeAt(end + 1)))) continue;
      // Four single digits after three figures and a dash are a phone number's dotted last group ("775-898-9.0.5.1"), not an address.
      if (end - start === 7 && start > 3 && text.charCodeAt(start - 1) === 45 && isDigit(text.charCodeAt(start - 2)) && isDigit(text.charCodeAt(start - 4))) continue;
      // "v1.2.3.4" or "version 1.2.3.4" is a version number more often than an address.
      const version = start > 0 && versionMayEnd(text, start) && /(?:\bv|\bversion\s?|\bver\.?\s?)$/.test(text.slice(Math.max(0, start - 9), start).toLowerCase());
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
    while (g > 0 && k - g < 4 && hex(text.charCodeAt(g - 1))) g--;
    // From g, IPV6_FULL_AT's first group can only end at this ':' (text[g..k) is hex), so the next group starts at k + 1.
    if (g === k || k + 1 >= text.length || !hex(text.charCodeAt(k + 1))) continue;
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
    while (a > 0 && ipv6Char(text.charCodeAt(a - 1))) a--;
    while (b < text.length && ipv6Char(text.charCodeAt(b))) b++;
    // A run glued to letters or digits beyond hex ("std::vector") is code, not an address.
    if ((a > 0 && beyondHex(text.charCodeAt(a - 1))) || (b < text.length && beyondHex(text.charCodeAt(b)))) {
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
      const c = sep.charCodeAt(0);
      for (let k = text.indexOf(sep); k >= 0; k = text.indexOf(sep, k + 1)) {
        if (k + 12 >= text.length) break; // no room for the last separator, here or later
        if (text.charCodeAt(k + 3) !== c || text.charCodeAt(k + 6) !== c || text.charCodeAt(k + 9) !== c || text.charCodeAt(k + 12) !== c) continue;
        if (k >= 3 && (alnum(text.charCodeAt(k - 3)) || text.charCodeAt(k - 3) === c)) continue;
        MAC_AT.lastIndex = k - 2;
        if (MAC_AT.test(text)) out.push({ type: 'MAC_ADDRESS', start: k - 2, end: MAC_AT.lastIndex, confidence: 0.9, rule: 'mac.pattern' });
        k += 12;
      }
    }
    for (let k = text.indexOf('.'); k >= 0; k = text.indexOf('.', k + 1)) {
      if (k + 5 >= text.length) break; // no room for the second dot, here or later
      if (k < 4 || text.charCodeAt(k + 5) !== 46 || (k >= 5 && alnum(text.charCodeAt(k - 5)))) continue;
      MAC_AT.lastIndex = k - 4;
      if (MAC_AT.test(text)) out.push({ type: 'MAC_ADDRESS', start: k - 4, end: MAC_AT.lastIndex, confidence: 0.9, rule: 'mac.pattern' });
    }
    return out;
  },
};
