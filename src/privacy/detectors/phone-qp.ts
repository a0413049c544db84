/**
 * Quoted-printable text that reaches the detectors undecoded (a raw message's HTML part, where
 * "=3D", "=20" and soft line breaks "=\n" stand between the characters a reader sees): a number
 * cut by a soft line break ("Call: (949) =\n218-6150", "954=\n-610-9386"), or written after a
 * label in encoded bytes ("=B5=E7=BB=B0:0760-2312136", 电话 in GB2312, whose last code "=B0"
 * glues the number to a figure). The phone rules read the lines around each such spot decoded,
 * and the findings are mapped back to the raw text.
 */

/** A soft line break, the mark of a quoted-printable body: without one, a text is not read here. */
const SOFT_BREAK = /=\r?\n/;
/**
 * Where a code or a soft break touches a number: a soft break with a figure up to two characters
 * before or after it, a space or tab code between figures, or an encoded byte past 0x7F (a letter
 * of an encoded word) right before a figure, perhaps through a colon.
 */
const SPOT = /\d[ ().-]{0,2}=\r?\n|=\r?\n[ ().+-]{0,2}\d|\d=(?:20|09)[(+]?\d|=[89A-F][0-9A-F]:?[(+]?\d/g;
/** How far before and after a spot the lines read decoded reach (a quoted-printable line holds at most 76). */
const REACH = 100;
/** The most characters a window may span, so a body without line breaks is not decoded whole. */
const MOST = 600;

const HEX = /^[0-9A-F]{2}$/;

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
  if (!SOFT_BREAK.test(text)) return [];
  const out: Array<[number, number]> = [];
  SPOT.lastIndex = 0;
  for (let m = SPOT.exec(text); m; m = SPOT.exec(text)) {
    const at = m.index;
    let start = text.lastIndexOf('\n', Math.max(0, at - REACH)) + 1;
    if (at - start > MOST / 2) start = at - MOST / 2;
    let end = text.indexOf('\n', Math.min(text.length, at + m[0].length + REACH));
    if (end < 0) end = text.length;
    if (end - at > MOST / 2) end = at + MOST / 2;
    const last = out[out.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
    // Spots overlap only inside one window: resume after this one's code.
    SPOT.lastIndex = at + m[0].length;
  }
  return out;
}

/** True when text[i, i + 3) is a code "=XX". */
function codeAt(text: string, i: number, end: number): boolean {
  return i + 2 < end && text.charCodeAt(i) === 61 && HEX.test(text.slice(i + 1, i + 3));
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
