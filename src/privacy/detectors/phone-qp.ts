/**
 * Quoted-printable text that reaches the detectors undecoded (a raw message's HTML part, where
 * "=3D", "=20" and soft line breaks "=\n" stand between the characters a reader sees): a number
 * cut by a soft line break ("Call: (949) =\n218-6150", "954=\n-610-9386"), or written after a
 * label in encoded bytes ("=B5=E7=BB=B0:0760-2312136", 电话 in GB2312, whose last code "=B0"
 * glues the number to a figure). The phone rules read the lines around each such spot decoded,
 * and the findings are mapped back to the raw text.
 */
import { isDigit } from './chars.js';

/**
 * Where a code or a soft break touches a number (text[at] is "="; the spot's end, or -1): a soft break with a figure up to
 * two characters before or after it (over spaces, brackets, dots and dashes), a space or tab code ("=20", "=09") between
 * figures, or an encoded byte past 0x7F (a letter of an encoded word) right before a figure, perhaps through a colon.
 * Read by char code from each "=", not by a regex tried at every position: quoted-printable HTML is full of "=3D".
 */
function spotAt(text: string, at: number): number {
  const soft = softBreakAt(text, at);
  if (soft) {
    for (let k = at - 1; k >= at - 3 && k >= 0; k--) {
      const c = text.charCodeAt(k);
      if (isDigit(c)) return at + soft;
      if (!NUMBER_MARKS.has(c) || k === at - 3) break;
    }
    for (let k = at + soft; k < at + soft + 3 && k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (isDigit(c)) return k + 1;
      if (!(NUMBER_MARKS.has(c) || c === 43) || k === at + soft + 2) break;
    }
    return -1;
  }
  const h = text.charCodeAt(at + 1);
  const l = text.charCodeAt(at + 2);
  if (!isHex(h) || !isHex(l)) return -1;
  let k = at + 3;
  if ((h === 50 && l === 48) || (h === 48 && l === 57)) {
    // "=20" or "=09" between figures.
    if (!isDigit(text.charCodeAt(at - 1))) return -1;
  } else if (h >= 56) {
    // A byte past 0x7F ("8" to "F" first): a colon may follow it.
    if (text.charCodeAt(k) === 58) k++;
  } else return -1;
  const c = text.charCodeAt(k);
  if (c === 40 || c === 43) k++;
  return isDigit(text.charCodeAt(k)) ? k + 1 : -1;
}
/** Space, "(", ")", "." and "-": what stands between a number's figures and a soft break. */
const NUMBER_MARKS = new Set([32, 40, 41, 46, 45]);
/** An upper-case hex digit, as quoted-printable writes them. */
function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70);
}
/** How far before and after a spot the lines read decoded reach (a quoted-printable line holds at most 76). */
const REACH = 100;
/** The most characters a window may span, so a body without line breaks is not decoded whole. */
const MOST = 600;


/** Decoders for a run of encoded bytes past 0x7F, tried in turn: UTF-8 and GB18030 only when the bytes are valid in them. */
const DECODERS = [new TextDecoder('utf-8', { fatal: true }), new TextDecoder('gb18030', { fatal: true }), new TextDecoder('windows-1252')];

/** A decoded reading of raw text: each character of `s` came from raw[from[i], to[i]). */
export interface QpReading {
  s: string;
  from: Int32Array;
  to: Int32Array;
}

/** The windows of raw text (line-aligned [start, end)) around the spots where quoted-printable codes touch a number; none when the text has no soft break. */
export function encodedWindows(text: string): Array<[number, number]> {
  // A soft line break marks a quoted-printable body: without one, a text is not read here.
  if (text.indexOf('=\n') < 0 && text.indexOf('=\r\n') < 0) return [];
  const out: Array<[number, number]> = [];
  for (let at = text.indexOf('='); at >= 0; at = text.indexOf('=', at + 1)) {
    const spotEnd = spotAt(text, at);
    if (spotEnd < 0) continue;
    let start = text.lastIndexOf('\n', Math.max(0, at - REACH)) + 1;
    if (at - start > MOST / 2) start = at - MOST / 2;
    let end = text.indexOf('\n', Math.min(text.length, spotEnd + REACH));
    if (end < 0) end = text.length;
    if (end - at > MOST / 2) end = at + MOST / 2;
    const last = out[out.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
    // Spots overlap only inside one window: resume after this one's code.
    at = spotEnd - 1;
  }
  return out;
}

/** True when text[i, i + 3) is a code "=XX". */
function codeAt(text: string, i: number, end: number): boolean {
  return i + 2 < end && text.charCodeAt(i) === 61 && isHex(text.charCodeAt(i + 1)) && isHex(text.charCodeAt(i + 2));
}

/** The length of a soft line break at text[i] ("=\n" or "=\r\n"), else 0. */
function softBreakAt(text: string, i: number): number {
  if (text.charCodeAt(i) !== 61) return 0;
  if (text.charCodeAt(i + 1) === 10) return 2;
  return text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10 ? 3 : 0;
}

/**
 * text[start, end) decoded as quoted-printable: soft breaks dropped, codes below 0x80 read as their
 * character, a run of codes past 0x7F read as one text (UTF-8, else GB18030, else Windows-1252),
 * every character of that run mapped to the whole run.
 */
export function decodeQp(text: string, start: number, end: number): QpReading {
  let s = '';
  const from: number[] = [];
  const to: number[] = [];
  const put = (chars: string, a: number, b: number): void => {
    s += chars;
    for (let k = 0; k < chars.length; k++) {
      from.push(a);
      to.push(b);
    }
  };
  for (let i = start; i < end; ) {
    const soft = softBreakAt(text, i);
    if (soft) {
      i += soft;
      continue;
    }
    if (!codeAt(text, i, end)) {
      put(text[i]!, i, i + 1);
      i++;
      continue;
    }
    const byte = parseInt(text.slice(i + 1, i + 3), 16);
    if (byte < 0x80) {
      put(String.fromCharCode(byte), i, i + 3);
      i += 3;
      continue;
    }
    const bytes: number[] = [];
    const runStart = i;
    for (;;) {
      const b = softBreakAt(text, i);
      if (b && codeAt(text, i + b, end) && parseInt(text.slice(i + b + 1, i + b + 3), 16) >= 0x80) i += b;
      if (!codeAt(text, i, end)) break;
      const v = parseInt(text.slice(i + 1, i + 3), 16);
      if (v < 0x80) break;
      bytes.push(v);
      i += 3;
    }
    put(decodeBytes(Uint8Array.from(bytes)), runStart, i);
  }
  return { s, from: Int32Array.from(from), to: Int32Array.from(to) };
}

function decodeBytes(bytes: Uint8Array): string {
  for (const d of DECODERS) {
    try {
      return d.decode(bytes);
    } catch {
      // Not valid in this encoding: the next one.
    }
  }
  return '';
}
