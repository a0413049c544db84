/**
 * Tests of one character by its char code, for the detectors' loops that read a text one
 * character at a time: a regex or a Set per character cost more than the scans around them.
 * Codes outside the text (NaN from charCodeAt, or -1) are none of these.
 */

/** [0-9] */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** [A-Z] */
export function isCapital(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** `\w`: [A-Za-z0-9_] */
export function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 95;
}

const SPACE = /\s/;

/** `\s` */
export function isSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  return c >= 0x80 && SPACE.test(String.fromCharCode(c));
}

/** A table of ASCII characters by char code: a lookup in a typed array, where a Set of char codes hashed each one. */
export class CharTable {
  private readonly has1 = new Uint8Array(128);
  constructor(chars: string) {
    for (let k = 0; k < chars.length; k++) this.has1[chars.charCodeAt(k)] = 1;
  }

  /** True when the char code `c` is one of the table's characters (never for NaN or codes past 127). */
  has(c: number): boolean {
    return c < 128 && this.has1[c] === 1;
  }
}
