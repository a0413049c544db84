import { isUtf8 } from 'node:buffer';

/**
 * Byte offset of the first byte that is not part of a valid UTF-8 sequence, or -1.
 * Node's `isUtf8` answers yes/no quickly; the scan below runs only to say *where*.
 */
export function firstInvalidUtf8(buf: Uint8Array): number {
  if (isUtf8(buf)) return -1;
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    if (b < 0x80) { i++; continue; }
    // lead byte → sequence length and the allowed range of the second byte (rules out
    // overlongs, surrogates and code points above U+10FFFF, as RFC 3629 table 3-7)
    let n = 0, lo = 0x80, hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) { n = 2; if (b === 0xe0) lo = 0xa0; if (b === 0xed) hi = 0x9f; }
    else if (b >= 0xf0 && b <= 0xf4) { n = 3; if (b === 0xf0) lo = 0x90; if (b === 0xf4) hi = 0x8f; }
    else return i;
    for (let k = 1; k <= n; k++) {
      const c = buf[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += n + 1;
  }
  return -1;
}

/** 1-based line and byte column of a byte offset. */
export function lineColumnAt(buf: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1, start = 0;
  for (let i = 0; i < offset && i < buf.length; i++) {
    if (buf[i] === 0x0a) { line++; start = i + 1; }
  }
  return { line, column: offset - start + 1 };
}

/** 1-based line and column (UTF-16 units) of a character offset in a string. */
export function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  let line = 1, start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}
