/**
 * PERSON from the structure of mail, where names sit in known places whatever the name
 * lists say: display names before an address (`Per Hammer <perh@…>`, `From: B.K. DeLong
 * [mailto:…]`), the first line of a signature block (after "-- "), a name alone on its line
 * before a signature or quoted message, attribution lines (`On Sat, 20 Jul 2002, kevin lyda
 * wrote:`), and later mentions of a name already found in full ("Dean Allen … Dean").
 */
import type { Finding } from '../types.js';
import { ORG_SUFFIX, type NameLexicon } from './lexicon.js';
import { CharTable } from './chars.js';

/** Words of role and list addresses, never of a person's display name. */
const ROLE_WORDS = new Set([
  'list', 'lists', 'team', 'support', 'admin', 'administrator', 'service', 'services', 'customer', 'customers',
  'sales', 'info', 'information', 'news', 'newsletter', 'digest', 'users', 'user', 'mailing', 'webmaster',
  'postmaster', 'office', 'desk', 'editor', 'editors', 'staff', 'help', 'helpdesk', 'billing', 'member',
  'members', 'subscription', 'subscriptions', 'marketing', 'online', 'daemon', 'mailer', 'system', 'update',
  'updates', 'alert', 'alerts', 'the', 'your', 'our', 'dept', 'department', 'discussion', 'announce',
  'community', 'project', 'web', 'site', 'internet', 'mail', 'email', 'e-mail', 'free', 'special', 'offer',
  'offers', 'deals', 'club', 'network', 'reply', 'noreply', 'unsubscribe', 'subscribe', 'owner', 'request',
]);
/** Words that lead into a display name on its line: "Quoting Nick Murtagh (nickm@…)". */
const LEAD_IN = new Set(['quoting', 'quote', 'says', 'said', 'wrote', 'writes', 'via', 'thanks', 'contact', 'ask', 'email', 'mail', 'write', 'reply', 'and', 'or', 'by', 'from', 'to', 'cc', 'dear', 'hi', 'hello']);
/** Surname particles that may be written in lower case ("Vincent van Gogh"). */
const PARTICLES = new Set(['van', 'von', 'de', 'di', 'da', 'du', 'del', 'della', 'le', 'la', 'der', 'den', 'ter', 'bin', 'al', 'mac', 'mc']);

/** Lower-case letters of names: ASCII, Latin-1 accents, and U+FFFD where a decoder lost one ("Gear\uFFFDid"). */
const LOWER = 'a-z\u00DF-\u00F6\u00F8-\u00FF\uFFFD';
/** "Colm", "O'Reilly", "McCullagh", "Gearóid", and a glued initial as in "RossO" or "TimC". */
const TITLE_WORD = new RegExp(`^[A-Z](?:['’][A-Z])?[${LOWER}]+(?:(?:['’-][A-Z]?|[A-Z])[${LOWER}]+)*[A-Z]?$`);
const isTitleWord = (w: string): boolean => TITLE_WORD.test(w);
const isCapsWord = (w: string): boolean => /^[A-Z]{2,15}$/.test(w);
const isInitialWord = (w: string): boolean => /^(?:[A-Z]\.?){1,3}$/.test(w);

/**
 * The words of a display name, if they look like a person's: one to four capitalized words,
 * initials or particles; no organization suffix, role word or common word; not a known place
 * or organization. Lower-case names are accepted when the first word is a known first name.
 */
function personWords(words: readonly string[], lex: NameLexicon, evidence = false): boolean {
  if (words.length === 0 || words.length > 4) return false;
  const lower = words.map((w) => w.toLowerCase().replace(/\.$/, ''));
  if (lower.some((w) => ROLE_WORDS.has(w) || ORG_SUFFIX.has(w) || lex.commonWords.has(w))) return false;
  const phrase = lower.join(' ');
  if (lex.places.has(phrase) || lex.organizations.has(phrase)) return false;
  const lowerCase = words.every((w) => /^[a-z][a-z'’-]*$/.test(w));
  if (lowerCase) return lex.firstNames.has(lower[0]!) && words.length <= 3;
  let names = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (isInitialWord(w)) continue;
    if (PARTICLES.has(lower[i]!) && i > 0 && i < words.length - 1) continue;
    if (!isTitleWord(w) && !(isCapsWord(w) && w.length >= 3)) return false;
    names++;
  }
  if (names === 0) return false;
  // Every word a dictionary word ("Open Source", "Free Money"): not a name, unless the address says so ("Per Hammer" <perh@…>).
  return evidence || !lower.every((w) => lex.otherWords.has(w) && !lex.firstNames.has(w) && !lex.lastNames.has(w));
}

/** True when a word of the name (3+ letters) occurs in the address's local part: "Declan McCullagh" and declan.mccullagh@. */
function matchesAddress(words: readonly string[], local: string): boolean {
  const l = local.toLowerCase();
  return words.some((w) => w.length >= 3 && l.includes(w.toLowerCase().replace(/[^a-z]/g, '')));
}

/** An address in brackets: `<a@b.c>`, `[mailto:a@b.c]`, `(a@b.c)`, found from its '@'. Display names sit right before it. */
function* bracketedAddresses(text: string): Generator<{ bracket: number; local: string }> {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let ls = at;
    while (ls > 0 && at - ls < 64 && LOCAL_CHAR.has(text.charCodeAt(ls - 1))) ls--;
    if (ls === at) continue;
    let b = ls;
    if (text.startsWith('mailto:', b - 7)) b -= 7;
    // A char code, not a one-character string (which deoptimizes compiled code past U+00FF).
    const c = b > 0 ? text.charCodeAt(b - 1) : -1;
    // The bracket before the domain's regex (< ( [): most addresses in mail stand in none.
    if (!(c === 60 || c === 40 || (c === 91 && b !== ls)) || !/^[A-Za-z0-9-]+\./.test(text.slice(at + 1, at + 65))) continue;
    yield { bracket: b - 1, local: text.slice(ls, at) };
  }
}
/** [A-Za-z0-9._%+-]: a character of an address's local part. */
export const LOCAL_CHAR = new CharTable('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-');
/** Header lines whose display names are people: From, To, Cc, Reply-To, Forwarded-by, By. */
const HEADER_LINE = /^[ \t>]*(?:from|to|cc|bcc|reply-to|sender|forwarded-by|by|author|posted by|sent by)\b/i;
/** Characters that end a display name on its left: \n < > [ ] ( ) " @ : | * = */
const NAME_STOP = new CharTable('\n<>[]()"@:|*=');

/** `Name <a@b>`, `Name [mailto:a@b]`, `Name (a@b)`, `"Name" <a@b>`: the words before the bracket on that line. */
function displayNames(text: string, lex: NameLexicon, out: Finding[]): void {
  for (const m of bracketedAddresses(text)) {
    let end = m.bracket;
    while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
    if (end > 0 && text.charCodeAt(end - 1) === 34) end--;
    const c = end > 0 ? text.charCodeAt(end - 1) : NaN;
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46)) continue; // no name ends here
    let start = end;
    while (start > 0 && end - start < 60 && !NAME_STOP.has(text.charCodeAt(start - 1))) start--;
    // Keep the words right before the bracket, dropping a lead-in ("By", "is", "So then,").
    const words = text.slice(start, end).trim().split(/[ \t]+/);
    let comma = words.length - 1;
    while (comma >= 0 && !/[,;!?]$/.test(words[comma]!)) comma--;
    if (comma === words.length - 1) continue;
    words.splice(0, comma + 1);
    while (words.length && (LEAD_IN.has(words[0]!.toLowerCase()) || lex.commonWords.has(words[0]!.toLowerCase().replace(/[.]$/, '')) || (/^[a-z]/.test(words[0]!) && !lex.firstNames.has(words[0]!.toLowerCase())))) words.shift();
    const inAddress = matchesAddress(words, m.local);
    if (!personWords(words, lex, inAddress)) continue;
    const name = words.join(' ');
    const nameStart = end - name.length;
    if (text.slice(nameStart, end) !== name) continue; // tabs or double spaces inside: skip rather than guess offsets
    const ls = text.lastIndexOf('\n', nameStart - 1) + 1;
    const header = HEADER_LINE.test(text.slice(ls, nameStart));
    const first = lex.firstNames.has(words[0]!.toLowerCase()) && !lex.ambiguousFirst.has(words[0]!.toLowerCase());
    const confidence = inAddress ? 0.85 : first ? 0.75 : header ? 0.7 : 0.45;
    out.push({ type: 'PERSON', start: nameStart, end, confidence, rule: 'person.display-name' });
  }
}

/** The first line of a signature block: `-- \nColm Buckley | colm@tuatha.org | +353 …`. */
const SIGNATURE = /(?:^|\n)-- ?\r?\n[ \t]*((?:[A-Z][A-Za-z'’.-]*|van|von|de|da|di|du|le|la|mac|mc)(?:[ \t](?:[A-Z][A-Za-z'’.-]*|van|von|de|da|di|du|le|la|mac|mc)){0,3})(?=[ \t]*(?:\r?\n|$|[|,<([]|[ \t]{2}|--? ))/dg;
/** The same in lower case ("jesse reed vincent -- root@…"): taken only when the first word is a known first name (personWords). */
const SIGNATURE_LOWER = /(?:^|\n)-- ?\r?\n[ \t]*([a-z][a-z'’-]+(?:[ \t][a-z][a-z'’-]+){0,2})(?=[ \t]*(?:\r?\n|$|[|,<([]|[ \t]{2}|--? ))/dg;

const SIGNATURE_AT = new RegExp(SIGNATURE.source, 'dy');
const SIGNATURE_LOWER_AT = new RegExp(SIGNATURE_LOWER.source, 'dy');

/** What `text.matchAll` gives for a global pattern that starts with (?:^|\n)--, trying its sticky copy only at 0 and at each "\n--". */
function signatureMatches(text: string, sticky: RegExp): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let last = 0;
  for (let p = 0; p >= 0; p = text.indexOf('\n--', p + 1)) {
    if (p < last) continue;
    sticky.lastIndex = p;
    const m = sticky.exec(text);
    if (m) {
      out.push(m);
      last = p + m[0].length;
    }
  }
  return out;
}

function signatureNames(text: string, lex: NameLexicon, out: Finding[]): void {
  for (const m of [...signatureMatches(text, SIGNATURE_AT), ...signatureMatches(text, SIGNATURE_LOWER_AT)]) {
    const name = m[1]!.replace(/[.]$/, '');
    const words = name.split(/[ \t]/);
    if (!personWords(words, lex)) continue;
    const start = m.indices![1]![0];
    out.push({ type: 'PERSON', start, end: start + name.length, confidence: 0.7, rule: 'person.signature' });
  }
}

/**
 * The line breaks where the line rules below can match, found in one walk over a text's line
 * breaks: a regex scan of the whole text per rule cost several times more. Each list is
 * ascending and holds every place where its rule's pattern can start (the patterns themselves
 * still decide); a rule tries its sticky pattern only there.
 */
export interface LineBreaks {
  /** "\n" followed by [ \t>]* and F, T, C, A, R or S: where HEADER_NAME can start. */
  header: number[];
  /** "\n" followed by [ \t>]* and f, t, c or s in either case: where LAST_FIRST (names.ts) can start. */
  fieldLower: number[];
  /** "\n" followed by [ \t]* and "-": DASH. */
  dash: number[];
  /** "\n" followed by [ \t>]* and - _ = * h or w: where AFTER_NAME can match. */
  afterName: number[];
  /** The comma of each ",[ \t]*\r?\n": COMMA_AT_END. */
  commaEnd: number[];
  /** "\n" followed by [ \t>]* and "O": where ATTRIBUTION ("On …, X wrote") can start after the first line. */
  on: number[];
}

let breaksOf: string | undefined;
let breaksCached: LineBreaks | undefined;

/** The line breaks of `text` (the last text's are kept: names.ts and this file ask for the same text). */
export function lineBreaks(text: string): LineBreaks {
  if (breaksCached && breaksOf === text) return breaksCached;
  const b: LineBreaks = { header: [], fieldLower: [], dash: [], afterName: [], commaEnd: [], on: [] };
  // Reads stay inside the text (-1 outside it): a read past either end makes V8 drop the optimized code.
  const n = text.length;
  for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) {
    // Before the break: a comma, blanks, an optional \r.
    let j = k - 1;
    if (j >= 0 && text.charCodeAt(j) === 13) j--;
    let c = j >= 0 ? text.charCodeAt(j) : -1;
    while (c === 32 || c === 9) c = --j >= 0 ? text.charCodeAt(j) : -1;
    if (c === 44) b.commaEnd.push(j);
    // After it: blanks (for DASH), then blanks and quote marks (for the rest).
    let i = k + 1;
    c = i < n ? text.charCodeAt(i) : -1;
    while (c === 32 || c === 9) c = ++i < n ? text.charCodeAt(i) : -1;
    if (c === 45) b.dash.push(k);
    while (c === 32 || c === 9 || c === 62) c = ++i < n ? text.charCodeAt(i) : -1;
    if (c === 70 || c === 84 || c === 67 || c === 65 || c === 82 || c === 83) b.header.push(k);
    const l = c | 32;
    if (l === 102 || l === 116 || l === 99 || l === 115) b.fieldLower.push(k);
    if (c === 45 || c === 95 || c === 61 || c === 42 || c === 104 || c === 119) b.afterName.push(k);
    if (c === 79) b.on.push(k);
  }
  breaksOf = text;
  breaksCached = b;
  return b;
}

/**
 * A name alone on its line, after a blank line or a short closing ("Enjoy!", "thanks,"), and
 * before a signature, a quoted message, an address line or the end of the text:
 * "\n\nDarragh\n\n-----Original Message-----", "\n\nrob\n\n-- ". Found from what follows
 * (few places per text), then read backwards: scanning every line would cost more.
 */
const AFTER_NAME = /\n(?=[ \t>]*(?:--|__|==|\*\*|https?:\/\/|www\.))/y;
/** A line that starts with an address: "khare@alumni.caltech.edu". */
const ADDRESS_LINE = /^[ \t>]*[\w.+-]+@[\w-]+\./;

/**
 * Cheap pre-check for ADDRESS_LINE on the line after the break at `ls`, whose first '@' is at
 * `at`: read back from it, one or more [\w.+-] then only [ \t>] lead to the line start.
 */
function addressStartsLine(text: string, ls: number, at: number): boolean {
  let k = at - 1;
  while (k > ls && LOCAL_WORD.has(text.charCodeAt(k))) k--;
  if (k === at - 1) return false;
  for (let c = text.charCodeAt(k); k > ls && (c === 32 || c === 9 || c === 62); c = text.charCodeAt(--k));
  return k === ls;
}
/** [\w.+-]: a character of an address's local part as ADDRESS_LINE reads it. */
const LOCAL_WORD = new CharTable('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.+-');
const NAME_LINE = new RegExp(`^[ \\t]*([A-Za-z][A-Za-z${LOWER}'’-]+(?:[ \\t][A-Za-z][A-Za-z${LOWER}'’.-]+){0,2})[ \\t]*[.!]?[ \\t]*$`);
const BEFORE_NAME = /^(?:[ \t]*|[^\n]{1,30}[,!][ \t]*)$/;

function signOffNames(text: string, lex: NameLexicon, out: Finding[]): void {
  const ends: number[] = [];
  for (const k of lineBreaks(text).afterName) {
    AFTER_NAME.lastIndex = k;
    if (AFTER_NAME.test(text)) ends.push(k);
  }
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    const ls = text.lastIndexOf('\n', at);
    if (ls >= 0 && addressStartsLine(text, ls, at) && ADDRESS_LINE.test(text.slice(ls + 1, at + 65))) ends.push(ls);
    const next = text.indexOf('\n', at);
    if (next < 0) break;
    at = next;
  }
  ends.push(text.length);
  for (let end of ends) {
    // Back over blank (or quote-only) lines to the candidate line.
    for (;;) {
      const ls = text.lastIndexOf('\n', end - 1);
      // ls >= end: the text starts with the line break at `end`, nothing is before it (looping here hung detect on "\n--…").
      if (ls < 0 || ls >= end || !/^[ \t>]*\r?$/.test(text.slice(ls + 1, end))) break;
      end = ls;
    }
    const ls = text.lastIndexOf('\n', end - 1);
    const line = text.slice(ls + 1, end).replace(/\r$/, '');
    if (line.length > 40) continue;
    const m = NAME_LINE.exec(line);
    if (!m) continue;
    if (ls >= 0) {
      const pls = text.lastIndexOf('\n', ls - 1);
      if (!BEFORE_NAME.test(text.slice(pls + 1, ls).replace(/\r$/, ''))) continue;
    }
    const name = m[1]!;
    const words = name.split(/[ \t]/);
    if (!personWords(words, lex)) continue;
    // A single capitalized word must be no dictionary word ("Enjoy", "Yes").
    const w0 = words[0]!.toLowerCase();
    if (words.length === 1 && lex.otherWords.has(w0) && !lex.firstNames.has(w0)) continue;
    const start = ls + 1 + line.indexOf(name);
    out.push({ type: 'PERSON', start, end: start + name.length, confidence: 0.7, rule: 'person.sign-off-line' });
  }
}

/** `On Sat, 20 Jul 2002, kevin lyda wrote:`, `On Thu, … +0100, Colm Buckley <colm@…> wrote:`. */
const ATTRIBUTION = /(?:^|\n)[> \t]*On [^\n]{3,80}?,[ \t]+([A-Za-z][A-Za-z'’.-]*(?:[ \t][A-Za-z][A-Za-z'’.-]*){0,3})[ \t]*(?:<[^>\n]*>|\([^)\n]*\))?[ \t]*(?:wrote|writes|said)\b/dg;

const ATTRIBUTION_AT = new RegExp(ATTRIBUTION.source, 'dy');

/**
 * What `text.matchAll(re)` gives, where `sticky` is re's sticky copy, tried only at `starts`:
 * ascending offsets that include every place where a match can start (from offset `from` on).
 */
function* matchesAt(text: string, sticky: RegExp, starts: readonly number[], from = 0): Generator<RegExpExecArray> {
  let last = from;
  for (const p of starts) {
    if (p < last) continue;
    sticky.lastIndex = p;
    const m = sticky.exec(text);
    if (!m) continue;
    yield m;
    last = p + Math.max(1, m[0].length);
  }
}

function attributionNames(text: string, lex: NameLexicon, out: Finding[]): void {
  // At the text's start or a line break before "On" (LineBreaks.on).
  for (const m of matchesAt(text, ATTRIBUTION_AT, [0, ...lineBreaks(text).on])) {
    const name = m[1]!;
    const words = name.split(/[ \t]/);
    // A single lower-case word is a user name ("gnat"), not a person, unless it is a first name.
    if (!personWords(words, lex)) continue;
    const start = m.indices![1]![0];
    out.push({ type: 'PERSON', start, end: start + name.length, confidence: 0.75, rule: 'person.attribution' });
  }
}

/**
 * Outlook's `From: list@host [mailto:…] On Behalf Of\nGearoid Griffin`; in a quoted message
 * the name may be broken over lines with quote marks (`Of\nGeege\n> Schuman`).
 */
const ON_BEHALF = /On Behalf Of\s+([A-Z][A-Za-z'’.-]*(?:(?:[ \t]|\r?\n[ \t]*(?:>[ \t]*)+)[A-Za-z][A-Za-z'’.-]*){0,3})[ \t]*(?=\r?\n|$|<|\[)/dg;

function onBehalfNames(text: string, lex: NameLexicon, out: Finding[]): void {
  // An exec loop, not matchAll (which copies the regex for every text); no match is empty.
  ON_BEHALF.lastIndex = 0;
  for (let m = ON_BEHALF.exec(text); m; m = ON_BEHALF.exec(text)) {
    let name = m[1]!;
    // The next quoted header ("> Sent: …") is no part of the name.
    name = name.replace(/\r?\n[ \t>]*(?:Sent|To|From|Cc|Subject|Date)$/, '');
    const words = name.split(/[ \t]+|\r?\n[ \t>]*/);
    if (!personWords(words, lex)) continue;
    const start = m.indices![1]![0];
    out.push({ type: 'PERSON', start, end: start + name.length, confidence: 0.8, rule: 'person.on-behalf-of' });
  }
}

/**
 * A first name signed with a dash or two, alone on its line: "-chad", "--Dougal", "- Joe".
 * The dash makes a sign-off of a known first name in any case ("-chad" is no user name);
 * an unknown word needs a capital and must be no dictionary word.
 */
const DASH_SIGN_OFF = /[ \t]*-{1,2}[ \t]?([A-Za-z][A-Za-z'’-]+(?:[ \t][A-Z][A-Za-z'’-]+)?)[ \t]*[.!]?[ \t]*(?=\r?\n|$)/dy;

/**
 * Each match of a sticky line regex at the start of a line that holds `needle` (a global
 * regex): the needle found by a scan (in V8 a regex scan beats indexOf for these), the line
 * regex tried once per line, and only when the needle is within `maxColumn` of the line start.
 */
function* linesWith(text: string, needle: RegExp, re: RegExp, maxColumn = Infinity): Generator<RegExpExecArray> {
  needle.lastIndex = 0;
  for (let n = needle.exec(text); n; n = needle.exec(text)) {
    const at = n.index;
    const ls = text.lastIndexOf('\n', at) + 1;
    re.lastIndex = ls;
    const m = at - ls <= maxColumn ? re.exec(text) : null;
    if (m) yield m;
    // On to the next line.
    const le = text.indexOf('\n', Math.max(at, ls));
    if (le < 0) break;
    needle.lastIndex = le;
  }
}

function dashSignOffNames(text: string, lex: NameLexicon, out: Finding[]): void {
  // The first line has no line break before it: tried on its own.
  DASH_SIGN_OFF.lastIndex = 0;
  const first = DASH_SIGN_OFF.exec(text);
  const found: RegExpExecArray[] = first ? [first] : [];
  // Each line that starts with a dash after blanks (LineBreaks.dash).
  for (const k of lineBreaks(text).dash) {
    DASH_SIGN_OFF.lastIndex = k + 1;
    const m = DASH_SIGN_OFF.exec(text);
    if (m) found.push(m);
  }
  for (const m of found) {
    const name = m[1]!;
    const words = name.split(/[ \t]/);
    const first = words[0]!.toLowerCase();
    if (lex.commonWords.has(first) || ROLE_WORDS.has(first)) continue;
    const known = lex.firstNames.has(first);
    if (!known && (!isTitleWord(words[0]!) || words.length > 1 || first.endsWith('s') || lex.otherWords.has(first) || lex.places.has(first) || lex.organizations.has(first))) continue;
    // An item of a dashed list ("- Audits\n- Seizures") is no sign-off: the lines around it must not be list items.
    const ls = m.indices![1]![0];
    const prevLine = text.slice(text.lastIndexOf('\n', text.lastIndexOf('\n', ls) - 1) + 1, Math.max(0, text.lastIndexOf('\n', ls)));
    const le = text.indexOf('\n', ls);
    const nextLine = le < 0 ? '' : text.slice(le + 1, (text.indexOf('\n', le + 1) + 1 || text.length + 1) - 1);
    if (/^[ \t]*-[ \t]?[A-Za-z]/.test(prevLine) || /^[ \t]*-[ \t]?[A-Za-z]/.test(nextLine)) continue;
    if (words.length > 1 && !personWords(words, lex)) continue;
    const start = m.indices![1]![0];
    out.push({ type: 'PERSON', start, end: start + name.length, confidence: known ? 0.75 : 0.6, rule: 'person.dash-sign-off' });
  }
}

/** Salutations and self-introductions: "Dear Garrison,", "Contact Riz Bhatti @ …", "Hi, I am Fatimata", "my name is Jane Doe". */
const INTRO = /\b(?:(Dear|Hi|Hello|Hey|Contact|Attn|ATTN)[:,]?|(?:I am|I'm|[Mm]y name is|I AM|MY NAME IS)(?: (?:Mr|Mrs|Ms|Miss|Dr|Barrister|Prince|Chief|MR|MRS|MS|DR|BARRISTER|PRINCE|CHIEF)\.?)?)[ \t]+([A-Z][A-Za-z'’-]+(?:[ \t][A-Z][A-Za-z'’.-]*){0,3})/dg;
/** What a salutation greets that is not a person: "Dear Valued Member", "Hello Everybody". */
export const GREETED: ReadonlySet<string> = new Set([
  'sir', 'sirs', 'madam', 'madams', 'madame', 'friend', 'friends', 'customer', 'customers', 'member', 'members',
  'valued', 'user', 'users', 'subscriber', 'subscribers', 'reader', 'readers', 'colleague', 'colleagues',
  'partner', 'partners', 'client', 'clients', 'homeowner', 'homeowners', 'investor', 'investors', 'shopper',
  'shoppers', 'winner', 'winners', 'beneficiary', 'applicant', 'applicants', 'participant', 'participants',
  'everyone', 'everybody', 'all', 'folks', 'guys', 'team', 'there', 'world', 'fellow', 'future', 'internet',
  'marketer', 'marketers', 'webmaster', 'owner', 'owners', 'manager', 'director', 'president', 'ceo', 'sales',
  'business', 'entrepreneur', 'entrepreneurs', 'professional', 'professionals', 'opportunity', 'seeker',
  'seekers', 'home', 'list', 'lister', 'listers', 'netizen', 'netizens', 'student', 'students', 'parent',
  'parents', 'sender', 'recipient', 'respected', 'beloved', 'brother', 'sister', 'cousin', 'honourable',
  'honorable', 'esteemed', 'prospective', 'new', 'free', 'support', 'us', 'me', 'information', 'info', 'now',
  'today', 'our', 'your', 'the', 'this', 'please', 'again', 'sweetie', 'sweetheart', 'honey', 'darling', 'dear',
  'baby', 'babe', 'love', 'lover', 'buddy', 'pal', 'mate', 'gentlemen', 'ladies', 'lady', 'gentleman', 'consumer',
  'candidate', 'candidates', 'patron', 'guest', 'visitor', 'traveler', 'traveller', 'shareholder', 'employer',
]);

/** Titles that introduce a name in self-introductions; not in compromise's honorifics. */
const TITLES = new Set(['captain', 'capt', 'general', 'colonel', 'major', 'engineer', 'engr', 'alhaji', 'hajia', 'chief', 'prince', 'princess', 'barrister', 'barr', 'pastor', 'reverend', 'rev', 'professor', 'prof', 'doctor', 'dr', 'mr', 'mrs', 'ms', 'miss', 'sir', 'lady', 'lord', 'sheikh', 'judge', 'justice', 'senator', 'admiral', 'sergeant', 'lieutenant', 'lt', 'col', 'gen']);

function introNames(text: string, lex: NameLexicon, out: Finding[]): void {
  // An exec loop, not matchAll (which copies the regex for every text); no match is empty.
  INTRO.lastIndex = 0;
  for (let m = INTRO.exec(text); m; m = INTRO.exec(text)) {
    let words = m[2]!.split(/[ \t]/);
    // "I am Captain John Okele", "I am Hajia Maryam Abacha": a title before the name is no part of it.
    let lead = 0;
    while (words.length - lead > 1 && (lex.honorifics.has(words[lead]!.toLowerCase().replace(/\.$/, '')) || TITLES.has(words[lead]!.toLowerCase().replace(/\.$/, '')))) lead++;
    words = words.slice(lead);
    // Stop at the first word that cannot be part of a name ("Dear Garrison Keillor Fans" keeps two).
    const k = words.findIndex((w) => GREETED.has(w.toLowerCase().replace(/[.]$/, '')) || lex.commonWords.has(w.toLowerCase().replace(/[.]$/, '')));
    if (k >= 0) words = words.slice(0, k);
    while (words.length && /\.$/.test(words[words.length - 1]!) && words[words.length - 1]!.length > 2) words[words.length - 1] = words[words.length - 1]!.slice(0, -1);
    if (words.length === 0 || !personWords(words, lex)) continue;
    const lower = words.map((w) => w.toLowerCase());
    // A lone dictionary word is no name ("Dear Future", "Hello Again"), unless the lists know it as one.
    if (lower.every((w) => lex.otherWords.has(w) && !lex.firstNames.has(w) && !lex.lastNames.has(w))) continue;
    // One unknown word in the plural greets a group ("Dear Consumers"); names ending in s are in the lists.
    if (words.length === 1 && lower[0]!.endsWith('s') && !lex.firstNames.has(lower[0]!) && !lex.lastNames.has(lower[0]!)) continue;
    // A salutation greets a name with a comma, a colon, a line end or an address after it; "Contact Sales Today" is no name.
    const name = words.join(' ');
    const start = m.indices![2]![0] + m[2]!.split(/[ \t]/).slice(0, lead).reduce((a, w) => a + w.length + 1, 0);
    const after = text.slice(start + name.length, start + name.length + 6);
    const salutation = m[1] !== undefined;
    if (salutation && !/^(?:[ \t]*[,:!;\r\n]|[ \t]*$|[ \t]+(?:@|at\b|on\b|or\b|\(|<|\[))/.test(after)) continue;
    if (text.slice(start, start + name.length) !== name) continue;
    out.push({ type: 'PERSON', start, end: start + name.length, confidence: 0.7, rule: salutation ? 'person.salutation' : 'person.introduction' });
  }
}

/**
 * A greeting line of a name and a comma, with the letter starting below it: "Dan,\n\nTo answer
 * your question", "> Proinnsias, \n> I'd be obliged". Closings ("Cheers,"), adverbs ("However,")
 * and groups ("Folks,") are not names.
 */
const GREETING_LINE = /[ \t>]*([A-Z][A-Za-z'’-]+(?:[ \t][A-Z][A-Za-z'’-]+)?)[ \t]*,[ \t]*(?=\r?\n)/dy;
const CLOSINGS = new Set(['regards', 'cheers', 'thanks', 'thank', 'sincerely', 'best', 'yours', 'love', 'ciao', 'later', 'hi', 'hello', 'hey', 'dear', 'greetings', 'respectfully', 'cordially', 'warmly', 'faithfully', 'truly', 'again', 'so', 'well', 'yes', 'no', 'ok', 'okay', 'sorry', 'also', 'however', 'anyway', 'now', 'then', 'still', 'first', 'second', 'finally', 'again', 'please', 'note', 'example', 'meanwhile', 'otherwise', 'besides', 'indeed', 'hmm', 'ah', 'oh', 'er', 'um', 'sure', 'right', 'agreed',
  // Greetings and closings of other languages and slang.
  'bonjour', 'salut', 'hallo', 'hola', 'saludos', 'ciao', 'tschoe', 'tschüss', 'gruss', 'grüsse', 'aloha', 'shalom',
  'assalam', 'salaam', 'namaste', 'howdy', 'yo', 'hiya', 'seeya', 'cya', 'bye', 'ta', 'cheerio', 'gooday', 'mvh', 'groeten']);

/** GREETING_LINE at the start of each line that ends with a comma (",[ \t]*\r?\n") at most 40 characters in. */
function* greetingLines(text: string): Generator<RegExpExecArray> {
  for (const at of lineBreaks(text).commaEnd) {
    const ls = text.lastIndexOf('\n', at) + 1;
    if (at - ls > 40) continue;
    GREETING_LINE.lastIndex = ls;
    const m = GREETING_LINE.exec(text);
    if (m) yield m;
  }
}

function greetingLineNames(text: string, lex: NameLexicon, out: Finding[]): void {
  for (const m of greetingLines(text)) {
    const name = m[1]!;
    const words = name.split(/[ \t]/);
    const lower = words.map((w) => w.toLowerCase());
    if (lower.some((w) => CLOSINGS.has(w) || GREETED.has(w) || w.endsWith('ly'))) continue;
    if (!personWords(words, lex)) continue;
    const known = lex.firstNames.has(lower[0]!);
    if (!known && lower.some((w) => lex.otherWords.has(w) || lex.places.has(w))) continue;
    // "LazyTraders": a capital inside a word is a brand, unless a surname prefix explains it ("McCullagh", "DeLong").
    if (!known && words.some((w) => /^(?!(?:Mc|Mac|De|Di|La|Le|Van)[A-Z]|O['’])[A-Z][a-z]+[A-Z]/.test(w))) continue;
    // The letter starts on the next line or after one blank line, and the line before is blank or a header.
    const end = m.indices![0]![1];
    const rest = text.slice(end, end + 200);
    if (!/^\r?\n(?:[ \t>]*\r?\n)?[ \t>]*[A-Za-z]/.test(rest)) continue;
    const ls = text.lastIndexOf('\n', m.index - 1);
    const prev = ls < 0 ? '' : text.slice(text.lastIndexOf('\n', ls - 1) + 1, ls);
    if (ls >= 0 && !/^[ \t>]*$|^[ \t>]*-{3,}|^[ \t>]*[A-Za-z-]+:/.test(prev)) continue;
    const start = m.indices![1]![0];
    out.push({ type: 'PERSON', start, end: start + name.length, confidence: known ? 0.75 : 0.65, rule: 'person.greeting-line' });
  }
}

/**
 * An attribution line without the "On <date>," part: "bryan roycroft wrote:", `"Hunt, Bryan"
 * stated the following:`. The name fills the line up to the verb.
 */
const LINE_ATTRIBUTION = /[ \t>]*"?([A-Za-z][A-Za-z'’.-]*(?:,?[ \t][A-Za-z][A-Za-z'’.-]*){0,3})"?[ \t]*(?:<[^>\n]*>|\([^)\n]*\))?[ \t]*(?:wrote|writes|said|says|stated)\b/dy;
const ATTRIBUTION_VERB = / (?:wrote|writes|said|says|stated)\b/g;

function lineAttributionNames(text: string, lex: NameLexicon, out: Finding[]): void {
  // The verb follows a name of at most four words (and an address): far into a line, it is running text.
  for (const m of linesWith(text, ATTRIBUTION_VERB, LINE_ATTRIBUTION, 90)) {
    const name = m[1]!;
    const comma = name.indexOf(', ');
    // "Hunt, Bryan": last name, first name, as mail clients write it.
    const words = comma > 0 ? [name.slice(comma + 2), name.slice(0, comma)] : name.split(/[ \t]/);
    if (comma > 0 && (words.some((w) => w.includes(' ')) || !lex.firstNames.has(words[0]!.toLowerCase()))) continue;
    if (!personWords(words, lex)) continue;
    // "Anyway, Matthias wrote", "Like Justin said": a dictionary word before the name is the sentence, not a surname.
    const lead = (comma > 0 ? words[1]! : words[0]!).toLowerCase();
    if (words.length > 1 && lex.otherWords.has(lead) && !lex.firstNames.has(lead) && !lex.lastNames.has(lead)) continue;
    // One unknown capitalized word ("Something wrote") must be no dictionary word.
    const w0 = words[0]!.toLowerCase();
    if (words.length === 1 && !lex.firstNames.has(w0) && (lex.otherWords.has(w0) || /^[a-z]/.test(words[0]!))) continue;
    const start = m.indices![1]![0];
    out.push({ type: 'PERSON', start, end: start + name.length, confidence: 0.75, rule: 'person.line-attribution' });
  }
}

/** A quoted header line naming a person without an address: "> From: Geege Schuman", "To: Eugen Leitl; forkit!". */
const HEADER_NAME = /\n[ \t>]*(?:From|FROM|To|TO|Cc|CC|Author|Reply-To|Sender|Forwarded-by|Forwarded by):[ \t]+"?([A-Z][A-Za-z'’.-]*(?:[ \t][A-Za-z][A-Za-z'’.-]*){0,3})"?[ \t]*(?=\r?\n|$|[<[(,;])/dg;

const HEADER_NAME_AT_START = stickyAfterNewline(HEADER_NAME);
const HEADER_NAME_AT = new RegExp(HEADER_NAME.source, 'dy');

/**
 * The matches of a pattern that starts with a literal "\n" on "\n" + text, in text's offsets,
 * without copying the text: the first line is tried with `atStart` (the same pattern without
 * its "\n", sticky), the rest with `sticky` (the pattern, sticky) only at `breaks`: ascending
 * offsets of every "\n" where a match can start. The same as exec'ing the global pattern in a
 * loop, which scanned the whole text once per pattern.
 */
export function* matchesAfterBreaks(text: string, sticky: RegExp, atStart: RegExp, breaks: readonly number[]): Generator<RegExpExecArray> {
  atStart.lastIndex = 0;
  const first = atStart.exec(text);
  if (first) yield first;
  yield* matchesAt(text, sticky, breaks, first ? first[0].length : 0);
}

/** The sticky copy of a pattern that starts with "\n", without it: for `matchesAfterBreaks`. */
export function stickyAfterNewline(re: RegExp): RegExp {
  if (!re.source.startsWith('\\n')) throw new Error(`stickyAfterNewline: /${re.source}/ does not start with \\n`);
  return new RegExp(re.source.slice(2), `${re.flags.replace('g', '')}y`);
}

function headerNames(text: string, lex: NameLexicon, out: Finding[]): void {
  // A header on the first line counts too.
  for (const m of matchesAfterBreaks(text, HEADER_NAME_AT, HEADER_NAME_AT_START, lineBreaks(text).header)) {
    const words = m[1]!.split(/[ \t]/);
    if (words.length < 2 || !personWords(words, lex)) continue;
    // Without an address to confirm it, a known name or a name in capitals ("KONE BAKAR"), not "Open Source".
    if (!words.every((w) => isCapsWord(w)) && !words.some((w) => lex.firstNames.has(w.toLowerCase()) || lex.lastNames.has(w.toLowerCase()))) continue;
    out.push({ type: 'PERSON', start: m.indices![1]![0], end: m.indices![1]![1], confidence: 0.7, rule: 'person.header' });
  }
}

/** "By Declan McCullagh", "posted by Jane Doe": a byline; the name follows "by". */
const BY = / ?\b[Bb]y:?[ \t]+(?=[A-Z])/g;
const BY_VERB = /(?:^|\n)[ \t>*]*$|(?:posted|written|submitted|reported|edited|compiled|translated|photo|photos|illustrated|authored|signed|sent|forwarded|created|produced|directed|presented|hosted)[ \t]*$/i;
const NAME_WORDS = /[A-Z][A-Za-z'’-]*\.?(?:[ \t](?:[A-Z][A-Za-z'’-]*\.?|van|von|de|da|di|du|le|la|mac|mc)){1,3}/y;

function bylineNames(text: string, lex: NameLexicon, out: Finding[]): void {
  // An exec loop, not matchAll (which copies the regex for every text); no match is empty.
  BY.lastIndex = 0;
  for (let m = BY.exec(text); m; m = BY.exec(text)) {
    const at = m.index! + (m[0].startsWith(' ') ? 1 : 0);
    if (!BY_VERB.test(text.slice(Math.max(0, at - 16), at))) continue;
    NAME_WORDS.lastIndex = m.index! + m[0].length;
    const n = NAME_WORDS.exec(text);
    if (!n) continue;
    const name = n[0].replace(/\.$/, '');
    const words = name.split(/[ \t]/);
    if (!personWords(words, lex)) continue;
    // A known name, or every word name-like: not "By Popular Demand".
    const lower = words.map((w) => w.toLowerCase().replace(/\.$/, ''));
    if (!lower.some((w) => lex.firstNames.has(w) || lex.lastNames.has(w)) && lower.some((w) => lex.otherWords.has(w))) continue;
    out.push({ type: 'PERSON', start: n.index, end: n.index + name.length, confidence: 0.7, rule: 'person.byline' });
  }
}

/** PERSON findings from where names sit in mail. Cheap pre-checks keep plain text fast. */
export function mailStructureNames(text: string, lex: NameLexicon, out: Finding[]): void {
  if (text.includes('@')) displayNames(text, lex, out);
  headerNames(text, lex, out);
  bylineNames(text, lex, out);
  if (text.includes('\n--')) signatureNames(text, lex, out);
  signOffNames(text, lex, out);
  dashSignOffNames(text, lex, out);
  introNames(text, lex, out);
  greetingLineNames(text, lex, out);
  lineAttributionNames(text, lex, out);
  if (text.includes('On ')) {
    if (text.includes('On Behalf Of')) onBehalfNames(text, lex, out);
    if (text.includes('wrote') || text.includes('writes') || text.includes('said')) attributionNames(text, lex, out);
  }
}

/** Characters that continue a word, an address or a hyphenated name around a repeated part. */
function wordChar(c: number): boolean {
  // A-Z, a-z, 0-9, '@', '/', '-'; NaN (before or after the text) is none.
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 64 || c === 47 || c === 45;
}

/** True when text[from, to) holds a space or tab: a span of two or more words (as split on blanks). */
function hasBlank(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 32 || c === 9) return true;
  }
  return false;
}

/** The lower-case words of a name, hyphenated parts split too. */
function words0(s: string): string[] {
  return s.toLowerCase().split(/[ \t-]+/).filter((w) => w !== '');
}

/**
 * Later mentions of a name found in full: once "Dean Allen" (two or more words, confidence
 * ≥ 0.6) is a person, a capitalized "Dean" or "Allen" elsewhere in the same text is too
 * ("Mark-Jason Dominus" gives "Mark", "Jason" and "Dominus"). Only sure findings count
 * (≥ 0.75, or with a known name that is no everyday word: not "Perl Ports Page"), and a part
 * that is also an everyday word does not count at the start of a sentence.
 */
export function repeatedNames(text: string, findings: readonly Finding[], lex: NameLexicon): Finding[] {
  const parts = new Set<string>();
  // Names whose parts are in `parts` already: mail repeats a name (headers, quotes, signatures), and its parts are the same each time.
  const done = new Set<string>();
  for (const f of findings) {
    if (f.type !== 'PERSON' || f.confidence < 0.6 || !hasBlank(text, f.start, f.end)) continue;
    const name = text.slice(f.start, f.end);
    if (done.has(name)) continue;
    const words = name.split(/[ \t]+/);
    const all = words0(name);
    // A sure finding, or one with a plain (not everyday) known name in it: "Dean Allen", "Mark-Jason Dominus".
    const sure = f.confidence >= 0.75 || all.some((w) => (lex.firstNames.has(w) || lex.lastNames.has(w)) && !lex.ambiguousFirst.has(w) && !lex.otherWords.has(w));
    if (!sure) continue;
    done.add(name);
    for (const w of words.flatMap((x) => (x.includes('-') ? [x, ...x.split('-')] : [x]))) {
      const l = w.toLowerCase();
      if (w.length >= 3 && isTitleWord(w) && !lex.commonWords.has(l) && !PARTICLES.has(l) && !ORG_SUFFIX.has(l)) parts.add(w);
    }
  }
  if (parts.size === 0) return [];
  // Each part found by indexOf (a native search), kept where it stands as a whole word.
  const out: Finding[] = [];
  for (const p of parts) {
    const l = p.toLowerCase();
    const everyday = lex.ambiguousFirst.has(l) || lex.otherWords.has(l);
    for (let start = text.indexOf(p); start >= 0; start = text.indexOf(p, start + 1)) {
      const end = start + p.length;
      if ((start > 0 && wordChar(text.charCodeAt(start - 1))) || (end < text.length && wordChar(text.charCodeAt(end)))) continue; // inside a word, an address or a hyphenated name
      if (text[end] === '>') continue; // a quoting prefix ("Robert> …"), not a mention
      if (everyday && /(?:^|[.!?]\s+|\n\s*)$/.test(text.slice(Math.max(0, start - 3), start))) continue;
      out.push({ type: 'PERSON', start, end, confidence: 0.6, rule: 'person.repeat' });
    }
  }
  return out;
}
