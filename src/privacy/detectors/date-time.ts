/** DATE_TIME: written and numeric dates, times, and dates of birth in context. */
import { hasContext } from '../context.js';
import type { Detector, Finding } from '../types.js';
import { isDigit, isSpace } from './chars.js';

const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\\.?,?\\s+';
const TIME = '(?:[01]?\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?(?:\\s?[aApP]\\.?[mM]\\.?)?(?:\\s?(?:[+-]\\d{4}|\\(?(?:[ECMP][SD]T|UTC|GMT|IST|CES?T|BST)\\)?))?';

/*
 * Each rule is a regex, and its findings are what `text.matchAll` of it would give (leftmost
 * first, never overlapping), but no rule scans the whole text: a whole-text regex scan costs as
 * much as the rest of the detector. Every match holds a literal the text is searched for with
 * indexOf (a month name's capital, ":", the m of am/pm) or a short shape found with one cheap
 * regex scan (ISO and numeric dates), and the rule's sticky regex is tried only at the few places
 * a match holding it can start, in increasing order.
 */
// Thu, 22 Aug 2002 12:36:23 +0100 / 22 August 2002 / 22nd of August, 2002
const DAY_MONTH_YEAR = new RegExp(`\\b(?:${DAY})?\\d{1,2}(?:st|nd|rd|th)?(?:\\s+of)?\\s+${MONTH}\\.?,?\\s+(?:\\d{4}|'\\d{2})(?:,?\\s+${TIME})?`, 'y');
// Thursday, August 22, 2002 / Aug 22 2002 / August 22nd
const MONTH_DAY_YEAR = new RegExp(`\\b(?:${DAY})?${MONTH}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?(?:,?\\s+(?:at\\s+)?${TIME})?(?![\\d:])`, 'y');
// August 2002
const MONTH_YEAR = new RegExp(`\\b${MONTH}\\.?,?\\s+(?:19|20)\\d{2}\\b`, 'y');
// 2002-08-22(T12:36:23Z)
const ISO = /\b(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/y;
// 08/22/2002, 22.08.2002, 8/22/02
const NUMERIC = /(?<![\d./-])(?:0?[1-9]|[12]\d|3[01])([/.-])(?:0?[1-9]|[12]\d|3[01])\1(?:(?:19|20)\d{2}|\d{2})(?![\d/-]|\.\d)/y;
// 12:36:23, 7:30 pm
const CLOCK = new RegExp(`(?<![\\d:.])${TIME}(?![\\d:])`, 'y');
// 10pm, 4 a.m., 6-8pm: an hour with am/pm, or a range of hours
const HOUR_AMPM = /(?<![\w:.$-])(?:1[0-2]|0?[1-9])(?:\s?[-–]\s?(?:1[0-2]|0?[1-9]))?\s?(?:[ap]\.m\.|[ap]m\b)/iy;

/** The first letter of each month name, searched for with indexOf (a string each). */
const MONTH_INITIALS = ['J', 'F', 'M', 'A', 'S', 'O', 'N', 'D'];

/** The char code at i, or -1 outside the text (a read past the end would make V8 recompile the caller). */
function code(text: string, i: number): number {
  return i >= 0 && i < text.length ? text.charCodeAt(i) : -1;
}

/** True when text[i, i + 3) is a month name's first three letters ("Jan" … "Dec"), given the capital at i. */
function monthAt(text: string, i: number): boolean {
  const a = code(text, i + 1);
  const b = code(text, i + 2);
  switch (text.charCodeAt(i)) {
    case 74: return (a === 97 && b === 110) || (a === 117 && (b === 110 || b === 108)); // Jan Jun Jul
    case 70: return a === 101 && b === 98; // Feb
    case 77: return a === 97 && (b === 114 || b === 121); // Mar May
    case 65: return (a === 112 && b === 114) || (a === 117 && b === 103); // Apr Aug
    case 83: return a === 101 && b === 112; // Sep
    case 79: return a === 99 && b === 116; // Oct
    case 78: return a === 111 && b === 118; // Nov
    default: return a === 101 && b === 99; // Dec
  }
}

/**
 * Positions of every month name's first three letters, ascending, into months (emptied first).
 * Each has one capital, so two never overlap. The M found for March and May is also the M of
 * an "AM" or "PM": those go to ampm (see amPmAt), and the return value tells whether one of them
 * passes the hour rule's gate.
 */
function monthPositions(text: string, months: number[], ampm: number[]): boolean {
  months.length = 0;
  let hint = false;
  for (let k = 0; k < MONTH_INITIALS.length; k++) {
    const ch = MONTH_INITIALS[k]!;
    for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) {
      if (monthAt(text, i)) months.push(i);
      // Both at once in "10 AMar".
      if (ch === 'M' && amPmAt(text, i, ampm)) hint = true;
    }
  }
  if (months.length > 1) months.sort(ascending);
  return hint;
}

function ascending(a: number, b: number): number {
  return a - b;
}

/**
 * Chars that may stand in a month rule's match between its start and the month: weekday
 * letters after the capital, punctuation, spaces, the day and its suffix, "of".
 */
function prefixChar(c: number): boolean {
  if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 44) return true;
  return isSpace(c);
}

/** For each month name at months[i], where the run of prefix chars before it starts (at a weekday's capital when one leads it): the same for all three month rules. */
function prefixRunStarts(text: string, months: readonly number[], starts: number[]): void {
  starts.length = 0;
  for (let i = 0; i < months.length; i++) {
    let ws = months[i]!;
    while (ws > 0 && prefixChar(text.charCodeAt(ws - 1))) ws--;
    const c = ws > 0 ? text.charCodeAt(ws - 1) : -1;
    if (c === 77 || c === 84 || c === 87 || c === 70 || c === 83) ws--; // M T W F S: a weekday
    starts.push(ws);
  }
}

/**
 * Appends [start, end] of each match `text.matchAll` would give for a month rule, found by
 * trying its sticky regex only where a match can start: at a month name, or before it at a digit
 * or at the weekday's capital that starts the run of prefix chars ending at the month.
 */
function monthMatches(text: string, months: readonly number[], runStarts: readonly number[], re: RegExp, spans: number[]): void {
  let last = 0;
  for (let i = 0; i < months.length; i++) {
    const q = months[i]!;
    if (q < last) continue;
    const ws = runStarts[i]!;
    for (let p = Math.max(ws, last); p <= q; p++) {
      if (!(p === q || p === ws || isDigit(text.charCodeAt(p)))) continue;
      re.lastIndex = p;
      if (re.test(text)) {
        last = re.lastIndex;
        spans.push(p, last);
        break;
      }
    }
  }
}

/**
 * A digit, a separator, one or two digits, a separator, a digit: the shape every ISO and numeric
 * date holds from the digit before its first separator. Found with one regex scan, as the
 * separators are too common to look for one by one.
 */
const DATE_SHAPE = /\d[/.-]\d\d?[/.-]\d/g;

function isDateSeparator(c: number): boolean {
  return c === 45 || c === 46 || c === 47; // - . /
}

/**
 * Appends [start, end] of each ISO date ("2002-08-22…") to iso and of each numeric date
 * ("08/22/2002") to numeric, ascending. Each is tried where its first separator can be: at the
 * first separator of every DATE_SHAPE (the next search starts right after that separator, so
 * shapes that overlap are all seen). An ISO date starts 4 chars before it ("19dd", "20dd"); a
 * numeric date at the run of one or two digits before it, after none of the chars its
 * lookbehind rejects.
 */
function datesByShape(text: string, iso: number[], numeric: number[]): void {
  let lastIso = 0;
  let lastNumeric = 0;
  DATE_SHAPE.lastIndex = 0;
  while (DATE_SHAPE.test(text)) {
    const end = DATE_SHAPE.lastIndex;
    // The shape is 5 or 6 chars long: its first separator is 4 chars before the end, or 5.
    const p = isDateSeparator(text.charCodeAt(end - 4)) ? end - 4 : end - 5;
    DATE_SHAPE.lastIndex = p + 1;
    if (text.charCodeAt(p) === 45 && p - 4 >= lastIso) {
      const x = p - 4;
      const a = text.charCodeAt(x);
      const b = text.charCodeAt(x + 1);
      if ((a === 49 && b === 57) || (a === 50 && b === 48)) { // 19, 20
        ISO.lastIndex = x;
        if (ISO.test(text)) {
          lastIso = ISO.lastIndex;
          iso.push(x, lastIso);
        }
      }
    }
    const x = isDigit(code(text, p - 2)) ? p - 2 : p - 1;
    if (x < lastNumeric) continue;
    const before = code(text, x - 1);
    if (isDigit(before) || isDateSeparator(before)) continue;
    NUMERIC.lastIndex = x;
    if (NUMERIC.test(text)) {
      lastNumeric = NUMERIC.lastIndex;
      numeric.push(x, lastNumeric);
    }
  }
}

/** Appends [start, end] of each time ("12:36:23"): a match starts at the run of one or two digits before a ":". */
function clockMatches(text: string, spans: number[]): void {
  let last = 0;
  for (let c = text.indexOf(':'); c >= 0; c = text.indexOf(':', c + 1)) {
    const m = code(text, c + 1);
    if (m < 48 || m > 53 || !isDigit(code(text, c + 2)) || !isDigit(code(text, c - 1))) continue;
    const x = isDigit(code(text, c - 2)) ? c - 2 : c - 1;
    if (x < last) continue;
    const before = code(text, x - 1);
    if (isDigit(before) || before === 58 || before === 46) continue;
    CLOCK.lastIndex = x;
    if (CLOCK.test(text)) {
      last = CLOCK.lastIndex;
      spans.push(x, last);
    }
  }
}

function isAmPmLetter(c: number): boolean {
  return c === 97 || c === 112 || c === 65 || c === 80; // a p A P
}

/**
 * Where an hour's am/pm may start, given the m of am/pm (either case) at q: an a/p (either case)
 * right before it, or before a "." before it, with a digit, or a blank and a digit, right
 * before that. Pushes the a/p's position to starts when so, and returns true when the text there
 * is `[0-9] ?[apAP]\.?[mM]` (a digit, at most a plain space, then am/pm): the hour rule runs only
 * when some am/pm is, as the rule's regex did behind a test of that regex.
 */
function amPmAt(text: string, q: number, starts: number[]): boolean {
  let a = q - 1;
  let c = code(text, a);
  if (c === 46) c = code(text, --a);
  if (!isAmPmLetter(c)) return false;
  const b = code(text, a - 1);
  if (isDigit(b)) {
    starts.push(a);
    return true;
  }
  if (!(isSpace(b) && isDigit(code(text, a - 2)))) return false;
  starts.push(a);
  return b === 32;
}

/** Where each am/pm with a lower-case m may start (see amPmAt), then all of starts sorted; true when one of them, or `hint`, passes the hour rule's gate. */
function amPmStarts(text: string, starts: number[], hint: boolean): boolean {
  for (let q = text.indexOf('m'); q >= 0; q = text.indexOf('m', q + 1)) if (amPmAt(text, q, starts)) hint = true;
  if (starts.length > 1) starts.sort(ascending);
  return hint;
}

/**
 * Appends [start, end] of each hour with am/pm. A match ends in the am/pm and starts at a digit
 * at most 8 chars before it ("10 – 12 pm"), so each such digit is tried once, in order.
 */
function hourMatches(text: string, ampm: readonly number[], spans: number[]): void {
  let last = 0;
  let next = 0;
  for (let i = 0; i < ampm.length; i++) {
    const a = ampm[i]!;
    for (let x = Math.max(a - 8, last, next, 0); x < a; x++) {
      next = x + 1;
      if (!isDigit(text.charCodeAt(x))) continue;
      HOUR_AMPM.lastIndex = x;
      if (HOUR_AMPM.test(text)) {
        last = HOUR_AMPM.lastIndex;
        spans.push(x, last);
        break;
      }
    }
  }
}

/** A dotted date with a two-digit year and one-digit parts ("2.4.19") is a version, not a date. */
const VERSION_LIKE = /^\d\.\d{1,2}\.\d{2}$|^\d{1,2}\.\d\.\d{2}$/;
/** A time without seconds or am/pm: `[ap]\.?m|:\d\d:` (any case) absent from text[start, end). */
function bareTime(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 97 || c === 112 || c === 65 || c === 80) {
      let j = i + 1;
      if (j < end && text.charCodeAt(j) === 46) j++;
      if (j < end && (text.charCodeAt(j) | 32) === 109) return false;
    } else if (c === 58 && i + 3 < end && isDigit(text.charCodeAt(i + 1)) && isDigit(text.charCodeAt(i + 2)) && text.charCodeAt(i + 3) === 58) return false;
  }
  return true;
}

/**
 * What may stand between a date and its time in one timestamp: "9/24/2002 11:24:58 AM",
 * "2002-08-20 at 12:10". True when text[from, to) is all of `,?\s{1,2}(?:at\s)?` or `\s?@\s?`,
 * read char by char (a regex would need the gap sliced out: one string per joined timestamp).
 */
function joinsDateAndTime(text: string, from: number, to: number): boolean {
  let i = from;
  if (i < to && isSpace(text.charCodeAt(i))) i++;
  if (i < to && text.charCodeAt(i) === 64) { // @
    i++;
    if (i < to && isSpace(text.charCodeAt(i))) i++;
    if (i === to) return true;
  }
  i = from;
  if (i < to && text.charCodeAt(i) === 44) i++; // ,
  const blanks = i;
  while (i < to && i - blanks < 2 && isSpace(text.charCodeAt(i))) i++;
  if (i === blanks) return false;
  if (i === to) return true;
  return to - i === 3 && text.charCodeAt(i) === 97 && text.charCodeAt(i + 1) === 116 && isSpace(text.charCodeAt(i + 2)); // "at "
}
/** A weekday before, a zone after: "Tue, 2002-08-20 …", "… 9/30/2002 +0200". */
const WEEKDAY_BEFORE = new RegExp(`${DAY}$`);
const ZONE_AFTER = /^\s?(?:[+-]\d{4}|\(?(?:[ECMP][SD]T|UTC|GMT|IST|CES?T|BST)\)?)(?![\w])/;
/** How far before a timestamp WEEKDAY_BEFORE looks, and after it ZONE_AFTER. */
const WEEKDAY_WINDOW = 12;
const ZONE_WINDOW = 8;

/**
 * False when WEEKDAY_BEFORE cannot match the window before `start`: its match ends in blanks,
 * after an optional "." and ",", a run of lower-case letters, and a weekday's capital in the
 * window before them. Most timestamps have none, and are not sliced out to be tested.
 */
function mayFollowWeekday(text: string, start: number): boolean {
  const from = Math.max(0, start - WEEKDAY_WINDOW);
  let j = start;
  while (j > from && isSpace(text.charCodeAt(j - 1))) j--;
  if (j === start) return false;
  if (j > from && text.charCodeAt(j - 1) === 44) j--; // ,
  if (j > from && text.charCodeAt(j - 1) === 46) j--; // .
  while (j > from && text.charCodeAt(j - 1) >= 97 && text.charCodeAt(j - 1) <= 122) j--;
  if (j === from) return false;
  const c = text.charCodeAt(j - 1);
  return c === 77 || c === 84 || c === 87 || c === 70 || c === 83; // M T W F S
}

/** False when ZONE_AFTER cannot match after `end`: the first char, or the one after a blank, cannot start a zone. */
function mayPrecedeZone(text: string, end: number): boolean {
  if (end >= text.length) return false;
  let c = text.charCodeAt(end);
  if (isSpace(c)) {
    if (end + 1 >= text.length) return false;
    c = text.charCodeAt(end + 1);
  }
  // + - ( E C M P U G I B
  return c === 43 || c === 45 || c === 40 || c === 69 || c === 67 || c === 77 || c === 80 || c === 85 || c === 71 || c === 73 || c === 66;
}

function byStartThenLongest(a: Finding, b: Finding): number {
  return a.start - b.start || b.end - a.end;
}

/**
 * Joins a date and a time that touch into one timestamp finding (either order), and takes in
 * a weekday before and a zone after. Sorts `found` (its own array, whose findings are all made
 * by this detector call) and returns it, findings sorted by start.
 */
function joinTimestamps(text: string, found: Finding[]): Finding[] {
  found.sort(byStartThenLongest);
  let n = 0;
  for (let i = 0; i < found.length; i++) {
    const f = found[i]!;
    const prev = n > 0 ? found[n - 1]! : undefined;
    if (prev && f.start >= prev.end && f.start - prev.end <= 5 && isTime(prev) !== isTime(f) && joinsDateAndTime(text, prev.end, f.start)) {
      prev.end = f.end;
      prev.confidence = Math.max(prev.confidence, f.confidence);
      prev.rule = 'date.timestamp';
      continue;
    }
    found[n++] = f;
  }
  found.length = n;
  for (let i = 0; i < n; i++) {
    const f = found[i]!;
    if (f.rule !== 'date.timestamp') continue;
    const wd = mayFollowWeekday(text, f.start) ? WEEKDAY_BEFORE.exec(text.slice(Math.max(0, f.start - WEEKDAY_WINDOW), f.start)) : null;
    if (wd) f.start -= wd[0].length;
    const z = mayPrecedeZone(text, f.end) ? ZONE_AFTER.exec(text.slice(f.end, f.end + ZONE_WINDOW)) : null;
    if (z) f.end += z[0].length;
  }
  return found;
}

function isTime(f: Finding): boolean {
  return f.rule === 'date.time' || f.rule === 'date.hour-ampm';
}

const DOB_WORDS = ['dob', 'd.o.b', 'born', 'birth', 'birthday', 'birthdate'];

/** Scratch arrays, emptied and reused by each call: fewer allocations per text. */
const MONTHS: number[] = [];
const RUN_STARTS: number[] = [];
const SPANS: number[] = [];
const NUMERIC_SPANS: number[] = [];
const AMPM_STARTS: number[] = [];

/** Makes a finding of each [start, end] in spans, trimmed of trailing blanks and commas. */
function addFindings(text: string, spans: readonly number[], rule: string, base: number, out: Finding[]): void {
  for (let i = 0; i < spans.length; i += 2) {
    const start = spans[i]!;
    let end = spans[i + 1]!;
    for (let c = text.charCodeAt(end - 1); c === 44 || isSpace(c); c = text.charCodeAt(end - 1)) end--;
    if (rule === 'date.numeric' && VERSION_LIKE.test(text.slice(start, end))) continue;
    // A bare "May 5" or "12:30" is weak on its own; a date of birth is strong PII.
    let confidence = base;
    let r = rule;
    if (rule === 'date.time' && bareTime(text, start, end)) confidence = 0.4;
    if (hasContext(text, start, end, DOB_WORDS)) {
      confidence = 0.95;
      r = 'date.dob';
    }
    out.push({ type: 'DATE_TIME', start, end, confidence, rule: r });
  }
}

export const dateTimeDetector: Detector = {
  name: 'date-time',
  types: ['DATE_TIME'],
  detect(text) {
    const out: Finding[] = [];
    const spans = SPANS;
    spans.length = 0;
    const months = MONTHS;
    const ampm = AMPM_STARTS;
    ampm.length = 0;
    const capitalAmPm = monthPositions(text, months, ampm);
    if (months.length) {
      prefixRunStarts(text, months, RUN_STARTS);
      monthMatches(text, months, RUN_STARTS, DAY_MONTH_YEAR, spans);
      addFindings(text, spans, 'date.day-month-year', 0.85, out);
      spans.length = 0;
      monthMatches(text, months, RUN_STARTS, MONTH_DAY_YEAR, spans);
      addFindings(text, spans, 'date.month-day-year', 0.7, out);
      spans.length = 0;
      monthMatches(text, months, RUN_STARTS, MONTH_YEAR, spans);
      addFindings(text, spans, 'date.month-year', 0.6, out);
      spans.length = 0;
    }
    const numeric = NUMERIC_SPANS;
    numeric.length = 0;
    datesByShape(text, spans, numeric);
    addFindings(text, spans, 'date.iso', 0.85, out);
    addFindings(text, numeric, 'date.numeric', 0.7, out);
    spans.length = 0;
    clockMatches(text, spans);
    addFindings(text, spans, 'date.time', 0.5, out);
    spans.length = 0;
    if (amPmStarts(text, ampm, capitalAmPm)) {
      hourMatches(text, ampm, spans);
      addFindings(text, spans, 'date.hour-ampm', 0.6, out);
    }
    return out.length > 1 ? joinTimestamps(text, out) : out;
  },
};
