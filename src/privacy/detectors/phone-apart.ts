/**
 * Whether a phone-like digit run stands apart from the words around it (a phone number does; a piece of an id, a host
 * name, a version or a hex dump does not), and the words that name a phone, which another region's number may need.
 */
import { CJK_PHONE_WORDS, CONTEXT_WORDS } from '../context.js';
import { CharTable, isDigit, isSpace } from './chars.js';

/**
 * "number" and its translations name any id: a serial, zone or account number ("serial number
 * is 1519761310", "account number 400-939134") is as likely as a phone number to be a valid
 * national number of one of forty plans.
 */
const NUMBER_WORDS: ReadonlySet<string> = new Set(['number', 'numéro', 'número', 'numero', 'nummer']);
/**
 * "free" alone names no phone: bulk mail offers everything free ("FREE money please reply 100000123"); a toll-free
 * number keeps "toll", "call" or "phone" beside it. It still raises a number the home region reads.
 */
const ANY_OFFER_WORDS: ReadonlySet<string> = new Set(['free']);
/** The phone context words without those. */
export const PHONE_NAMING_WORDS: readonly string[] = CONTEXT_WORDS.PHONE!.filter((w) => !NUMBER_WORDS.has(w) && !ANY_OFFER_WORDS.has(w));
/**
 * A word that names a phone, standing as a word, for the national numbers of the other regions
 * that need one. hasContext's test takes "text" of "Content-Type: text/plain", "free" of
 * "free.fr" and "dial" of "dial-in1.example.net", which mail is full of, and "number" of any
 * id: enough to raise a number the home region reads, not to make a phone number of a digit
 * run that only some plan among forty accepts. Here a word joined to a path, a host name or an
 * address does not count; a word joined by a hyphen to a pronoun ("appelez-moi", "ruf-mich") does. A CJK
 * word counts anywhere: those languages write no spaces around it.
 */
const PHONE_NAMING_WORD = new RegExp(
  `(?<![\\p{L}\\d#./@_=-])(?:${PHONE_NAMING_WORDS.filter((w) => !CJK_PHONE_WORDS.includes(w)).join('|')})(?![\\p{L}\\d#/@_=]|-(?![\\p{L}]+(?![\\p{L}\\d./@_=-]))|\\.[\\p{L}\\d])|${CJK_PHONE_WORDS.join('|')}`,
  'iu',
);
/** Someone's number ("my number", "mi número", "votre numéro") is a phone number; a serial number is not. */
const OWNED_NUMBER = new RegExp(`(?<![\\p{L}])(?:my|your|our|his|her|their|mi|tu|su|mon|ma|ton|son|notre|votre|mein|meine|dein|deine|ihre|unsere|mio|meu|minha|mijn|uw)\\s+(?:${[...NUMBER_WORDS].join('|')})(?![\\p{L}])`, 'iu');

/**
 * True when a word that names a phone stands, as a word, up to 48 characters before
 * text[start, end) or 24 after it (the windows of hasContext), or someone's number before it.
 */
export function phoneWordNear(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 48), start);
  return PHONE_NAMING_WORD.test(before) || PHONE_NAMING_WORD.test(text.slice(end, end + 24)) || OWNED_NUMBER.test(before);
}

/**
 * ASCII letters and digits, and every character past U+007F (letters of other scripts, and the bytes of mis-decoded text)
 * but those that never join a word to a number: the replacement character of a byte that could not be decoded, and the
 * ideographs, kana, hangul, CJK punctuation and full-width forms of languages written without spaces ("電話0937063831").
 */
function isAlnum(c: number): boolean {
  if (!(c >= 0x80)) return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
  return !isSpace(c) && c !== 0xfffd && !(c >= 0x2e80 && c <= 0x9fff) && !(c >= 0xac00 && c <= 0xd7af) && !(c >= 0xf900 && c <= 0xfaff) && !(c >= 0xff00 && c <= 0xffef);
}

/**
 * True when the letter before text[start] is the second byte of a two-byte character decoded one byte at a time: an
 * ASCII letter right after a character past U+007F, as Big5's full-width colon (A1 47) reads "¡G" or "\ufffdG"
 * ("TeL\ufffd]\ufffdG 02-27492314").
 */
function trailByte(text: string, start: number): boolean {
  const c = text.charCodeAt(start - 1);
  const lead = text.charCodeAt(start - 2);
  return (c | 32) >= 97 && (c | 32) <= 122 && lead >= 0x80 && !isSpace(lead);
}

/** The key of a URL query's parameter, right before its value: "?b=", "&cid=". */
const QUERY_KEY = /[?&][\w.-]*=$/;
/** A byte of a hex dump before a blank: two hex digits standing alone (" 2d "). */
const HEX_BYTE = /(?:^|[ \t])[0-9a-fA-F]{2}[ \t]$/;

/** Characters that join a digit run to the word before or after it in ids, host names and times. */
const JOINERS = new CharTable('-._@=$/:');

/**
 * True when the digits at text[start, end) are part of a longer token: a host name
 * ("adsl-67-119-24-60.dsl", "(61-230-31-88.HINET"), a message id ("<3D9CEE0A.9030400@"), a MIME
 * boundary ("_-403670396P", ".1036431255782"), a version ("V6.00.2600.0000"), an ISBN ("0-596-00317-X"),
 * a path or a clock time ("11:37:32 2002"). A phone number stands apart: after a space,
 * a bracket or a label's colon ("Tel:01 635 9760"), before a space or punctuation.
 */
export function glued(text: string, start: number, end: number): boolean {
  const before = start > 0 ? text.charCodeAt(start - 1) : NaN;
  if (isAlnum(before)) return !trailByte(text, start);
  // After a number and a blank, it is a piece of a longer run of figures that CANDIDATE's length cut ("… 1344 768 771 777 806");
  // not after a word that ends in a figure (a postcode's "SW1 (0870 4000 650)", "Suite A1").
  if ((before === 32 || before === 9) && isDigit(text.charCodeAt(start - 2))) {
    let k = start - 2;
    while (k > 0 && isDigit(text.charCodeAt(k - 1))) k--;
    const lead = text.charCodeAt(k - 1);
    if (!(isAlnum(lead) && !isDigit(lead))) return true;
  }
  // A colon or an equals sign joins only digits (a time, a quoted-printable code); after a letter it ends a label ("Tel=").
  if (JOINERS.has(before) && (before === 58 || before === 61 ? isDigit(text.charCodeAt(start - 2)) : isAlnum(text.charCodeAt(start - 2)))) return true;
  // The host of a URL ("http://211.154.134" cut by a soft line break) and a query's value ("?b=02001-08-10").
  if (before === 47 && text.charCodeAt(start - 2) === 47) return true;
  if (before === 61 && QUERY_KEY.test(text.slice(Math.max(0, start - 24), start))) return true;
  // A row of a hex dump: after a byte written as two hex digits ("… 52 47 2d 31 31 30 30 20").
  if ((before === 32 || before === 9) && HEX_BYTE.test(text.slice(Math.max(0, start - 4), start)) && /^\d\d(?:[ \t]\d\d)+$/.test(text.slice(start, end))) return true;
  const after = text.charCodeAt(end);
  if (isAlnum(after) || after === 64 || after === 95) return true;
  return JOINERS.has(after) && isAlnum(text.charCodeAt(end + 1));
}

/**
 * A number that follows a figure and a dot is the tail of a dotted run: "V5.50.4910.0300" holds
 * no "50.4910.0300". (After a figure and a dash it may be a number: "fax to1-415-873-2700".)
 */
export function afterFigure(text: string, start: number): boolean {
  return text.charCodeAt(start - 1) === 46 && isDigit(text.charCodeAt(start - 2));
}

