/** DATE_TIME: written and numeric dates, times, and dates of birth in context. */
import { hasContext } from '../context.js';
import type { Detector, Finding } from '../types.js';

const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\\.?,?\\s+';
const TIME = '(?:[01]?\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?(?:\\s?[aApP]\\.?[mM]\\.?)?(?:\\s?(?:[+-]\\d{4}|\\(?(?:[ECMP][SD]T|UTC|GMT|IST|CES?T|BST)\\)?))?';

const PATTERNS: ReadonlyArray<readonly [string, RegExp, number]> = [
  // Thu, 22 Aug 2002 12:36:23 +0100 / 22 August 2002 / 22nd of August, 2002
  ['date.day-month-year', new RegExp(`\\b(?:${DAY})?\\d{1,2}(?:st|nd|rd|th)?(?:\\s+of)?\\s+${MONTH}\\.?,?\\s+(?:\\d{4}|'\\d{2})(?:,?\\s+${TIME})?`, 'g'), 0.85],
  // Thursday, August 22, 2002 / Aug 22 2002 / August 22nd
  ['date.month-day-year', new RegExp(`\\b(?:${DAY})?${MONTH}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?(?:,?\\s+(?:at\\s+)?${TIME})?(?![\\d:])`, 'g'), 0.7],
  // August 2002
  ['date.month-year', new RegExp(`\\b${MONTH}\\.?,?\\s+(?:19|20)\\d{2}\\b`, 'g'), 0.6],
  // 2002-08-22(T12:36:23Z)
  ['date.iso', /\b(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g, 0.85],
  // 08/22/2002, 22.08.2002, 8/22/02
  ['date.numeric', /(?<![\d./-])(?:0?[1-9]|[12]\d|3[01])([/.-])(?:0?[1-9]|[12]\d|3[01])\1(?:(?:19|20)\d{2}|\d{2})(?![\d/-]|\.\d)/g, 0.7],
  // 12:36:23, 7:30 pm
  ['date.time', new RegExp(`(?<![\\d:.])${TIME}(?![\\d:])`, 'g'), 0.5],
  // 10pm, 4 a.m., 6-8pm: an hour with am/pm, or a range of hours
  ['date.hour-ampm', /(?<![\w:.$-])(?:1[0-2]|0?[1-9])(?:\s?[-–]\s?(?:1[0-2]|0?[1-9]))?\s?(?:[ap]\.m\.|[ap]m\b)/gi, 0.6],
];
/** Rules whose every match holds a month name: found from the month names, not by scanning the whole text with each. */
const MONTH_RULES = new Set(['date.day-month-year', 'date.month-day-year', 'date.month-year']);
/** Sticky copies of the month rules' patterns, tried only where a match could start. */
const STICKY = new Map(PATTERNS.filter(([rule]) => MONTH_RULES.has(rule)).map(([rule, re]) => [rule, new RegExp(re.source, 'y')]));
/** The first three letters of every month name in MONTH: each has one capital, so two never overlap. */
const MONTH_START = /Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec/g;
const SPACE = /\s/;

/**
 * Chars that may stand in a month rule's match between its start and the month: weekday
 * letters after the capital, punctuation, spaces, the day and its suffix, "of".
 */
function prefixChar(c: number): boolean {
  if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 44) return true;
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  return c >= 0x80 && SPACE.test(String.fromCharCode(c));
}

/**
 * The matches `text.matchAll(re)` gives for a month rule, found by trying its sticky copy only
 * where a match can start: at a month name, or before it at a digit or at the weekday's capital
 * that starts the run of prefix chars ending at the month. Leftmost first, never overlapping.
 */
function monthMatches(text: string, months: readonly number[], runStarts: readonly number[], re: RegExp): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let last = 0;
  for (let i = 0; i < months.length; i++) {
    const q = months[i]!;
    if (q < last) continue;
    const ws = runStarts[i]!;
    for (let p = Math.max(ws, last); p <= q; p++) {
      const d = text.charCodeAt(p);
      if (!(p === q || p === ws || (d >= 48 && d <= 57))) continue;
      re.lastIndex = p;
      const m = re.exec(text);
      if (m) {
        out.push(m);
        last = p + m[0].length;
        break;
      }
    }
  }
  return out;
}

/** For each month name at months[i], where the run of prefix chars before it starts (at a weekday's capital when one leads it): the same for all three month rules. */
function prefixRunStarts(text: string, months: readonly number[]): number[] {
  return months.map((q) => {
    let ws = q;
    while (ws > 0 && prefixChar(text.charCodeAt(ws - 1))) ws--;
    const c = ws > 0 ? text.charCodeAt(ws - 1) : NaN;
    if (c === 77 || c === 84 || c === 87 || c === 70 || c === 83) ws--; // M T W F S: a weekday
    return ws;
  });
}

/** A digit before am/pm: a cheap test that gates the hour pattern (its lookbehind is tried at every position). */
const AMPM_HINT = /[0-9] ?[apAP]\.?[mM]/;
/** A dotted date with a two-digit year and one-digit parts ("2.4.19") is a version, not a date. */
const VERSION_LIKE = /^\d\.\d{1,2}\.\d{2}$|^\d{1,2}\.\d\.\d{2}$/;
/** What may stand between a date and its time in one timestamp: "9/24/2002 11:24:58 AM", "2002-08-20 at 12:10". */
const JOIN = /^(?:,?\s{1,2}(?:at\s)?|\s?@\s?)$/;
/** A weekday before, a zone after: "Tue, 2002-08-20 …", "… 9/30/2002 +0200". */
const WEEKDAY_BEFORE = new RegExp(`${DAY}$`);
const ZONE_AFTER = /^\s?(?:[+-]\d{4}|\(?(?:[ECMP][SD]T|UTC|GMT|IST|CES?T|BST)\)?)(?![\w])/;

/**
 * Joins a date and a time that touch into one timestamp finding (either order), and takes in
 * a weekday before and a zone after. Findings are sorted by start on return.
 */
function joinTimestamps(text: string, found: Finding[]): Finding[] {
  const sorted = [...found].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Finding[] = [];
  for (const f of sorted) {
    const prev = out[out.length - 1];
    if (prev && f.start >= prev.end && f.start - prev.end <= 5 && JOIN.test(text.slice(prev.end, f.start)) && isTime(prev) !== isTime(f)) {
      out[out.length - 1] = { ...prev, end: f.end, confidence: Math.max(prev.confidence, f.confidence), rule: 'date.timestamp' };
      continue;
    }
    if (prev && f.start < prev.end && f.end <= prev.end) { out.push(f); continue; }
    out.push(f);
  }
  return out.map((f) => {
    if (f.rule !== 'date.timestamp') return f;
    let { start, end } = f;
    const wd = WEEKDAY_BEFORE.exec(text.slice(Math.max(0, start - 12), start));
    if (wd) start -= wd[0].length;
    const z = ZONE_AFTER.exec(text.slice(end, end + 8));
    if (z) end += z[0].length;
    return { ...f, start, end };
  });
}

function isTime(f: Finding): boolean {
  return f.rule === 'date.time' || f.rule === 'date.hour-ampm';
}

const DOB_WORDS = ['dob', 'd.o.b', 'born', 'birth', 'birthday', 'birthdate'];

export const dateTimeDetector: Detector = {
  name: 'date-time',
  types: ['DATE_TIME'],
  detect(text) {
    const out: Finding[] = [];
    const ampm = AMPM_HINT.test(text);
    let months: number[] | undefined;
    let runStarts: number[] | undefined;
    for (const [rule, re, base] of PATTERNS) {
      if (rule === 'date.hour-ampm' && !ampm) continue;
      const sticky = STICKY.get(rule);
      if (sticky && !months) {
        months = [];
        MONTH_START.lastIndex = 0;
        for (let m = MONTH_START.exec(text); m; m = MONTH_START.exec(text)) months.push(m.index);
        runStarts = prefixRunStarts(text, months);
      }
      for (const m of sticky ? monthMatches(text, months!, runStarts!, sticky) : text.matchAll(re)) {
        // Trailing blanks and commas, looked for only when the match ends with one.
        const lastChar = m[0].charCodeAt(m[0].length - 1);
        const s = lastChar === 44 || lastChar === 32 || (lastChar >= 9 && lastChar <= 13) || lastChar >= 0x80 ? m[0].replace(/[\s,]+$/, '') : m[0];
        const start = m.index!;
        if (rule === 'date.numeric' && VERSION_LIKE.test(s)) continue;
        const end = start + s.length;
        // A bare "May 5" or "12:30" is weak on its own; a date of birth is strong PII.
        let confidence = base;
        let r = rule;
        if (rule === 'date.time' && !/[ap]\.?m|:\d\d:/i.test(s)) confidence = 0.4;
        if (hasContext(text, start, end, DOB_WORDS)) {
          confidence = 0.95;
          r = 'date.dob';
        }
        out.push({ type: 'DATE_TIME', start, end, confidence, rule: r });
      }
    }
    return out.length > 1 ? joinTimestamps(text, out) : out;
  },
};
