/**
 * What an error may quote of the user's data. Messages say where (file, line, column) and
 * quote a value only when it looks like a plain name (a column name, a label such as
 * `billing` or `card_arrival`); anything that could be private (an e-mail address, a card or
 * phone number, an IP or a URL, a long token, a whole sentence) is shown by its shape and
 * length instead. The data stage runs before the privacy stage, so it cannot rely on the
 * detectors having removed anything yet.
 */

/**
 * Characters a label may not hold: C0 and C1 controls (ESC starts the terminal escape
 * sequences that move the cursor, clear the screen or retitle the window) and the bidirectional
 * overrides that make text display in another order than it is stored.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/**
 * Why a label cannot be used as written, or undefined when it can: labels are printed on
 * terminals and in reports, so one must not carry control characters.
 *
 * @example
 * labelProblem('\u001b[2Jweather'); // 'holds a control character (U+001B at position 1)'
 */
export function labelProblem(label: string): string | undefined {
  const m = CONTROL.exec(label);
  if (!m) return undefined;
  const code = m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `holds a control character (U+${code} at position ${m.index + 1})`;
}

/** Plain names: letters first, then letters, digits, spaces and a little punctuation; at most 40 characters. */
const PLAIN = /^[\p{L}_][\p{L}\p{N} _.\-&+/']{0,39}$/u;

/**
 * The value quoted (JSON string syntax) when it reads as a plain name, else its masked shape:
 * letters as x/X, digits as #, the rest kept, with its length.
 *
 * @example
 * excerpt('billing')            // '"billing"'
 * excerpt('jane@example.com')   // '‹16 characters: xxxx@xxxxxxx.xxx›'
 */
export function excerpt(value: string): string {
  return isPlain(value) ? JSON.stringify(value) : masked(value);
}

/** True when a value is safe to quote: a short plain name with no digit run, @, colon or long token. */
export function isPlain(value: string): boolean {
  if (!PLAIN.test(value)) return false;
  if (/\d{3}/.test(value)) return false; // numbers: phone, card, account, ID fragments
  if (/\d+\.\d+\.\d+/.test(value)) return false; // IPs, versions, dates
  if (/[\p{L}\p{N}]{20}/u.test(value) && /\d/.test(value)) return false; // tokens, keys, addresses
  return true;
}

function masked(value: string): string {
  const shape = value.length > 40 ? `${mask(value.slice(0, 24))}…` : mask(value);
  return `‹${value.length} character${value.length === 1 ? '' : 's'}: ${shape}›`;
}

function mask(s: string): string {
  return s.replace(/\p{Lu}/gu, 'X').replace(/\p{Ll}/gu, 'x').replace(/\p{N}/gu, '#').replace(/[\r\n\t]/g, ' ').replace(/[^\sXx#@.:/\-+()_,]/g, '*');
}

/** How a JSON value that should have been an object is described: its type and size, never its content. */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'string') return `a string of ${value.length} character${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return `${value}`;
  return typeof value;
}
