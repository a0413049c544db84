/**
 * Phone-shaped digit runs: the cue that picks the windows of the fresh PHONE set
 * (select-phone.ts) and, there, the strings a PHONE finding could wrongly claim. It is
 * deliberately broad (dates, IP addresses, versions and ids match) and independent of the
 * detectors' rules.
 */
import type { Span } from './corpus.js';

/** An optional "+" or "(", then digits in groups joined by spaces, dots, slashes, dashes or parentheses. */
const RUN = /[+(]?\d[\d ().\/-]{5,24}\d/g;
/** An encoded line (base64), where a digit run means nothing to a reader. */
const ENCODED_LINE = /^[A-Za-z0-9+/=]{60,}$/;

/** Every phone-shaped run of 7-15 digits in `text` at or after `from`, outside encoded lines. */
export function phoneShaped(text: string, from = 0): Span[] {
  const out: Span[] = [];
  RUN.lastIndex = from;
  for (let m = RUN.exec(text); m; m = RUN.exec(text)) {
    const digits = m[0].replace(/\D/g, '').length;
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const lineEnd = text.indexOf('\n', m.index);
    if (digits >= 7 && digits <= 15 && !ENCODED_LINE.test(text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd))) {
      out.push({ start: m.index, end: m.index + m[0].length, type: 'PHONE_SHAPED' });
    }
  }
  return out;
}
