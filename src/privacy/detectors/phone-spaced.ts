/**
 * Phone numbers written to slip past filters: spelled out digit by digit ("1 - 6 4 6 - 2 1 8 - 1
 * 2 0 0", "(9 5 4) 7 5 3-2 8 4 6") or cut by HTML comments ("8<!--x-->88-400-1<!--y-->919"). The
 * phone detector's candidates never hold them whole (a last group of one digit is not a
 * number's; a comment ends a candidate), so they are read here: the spaces between single digits
 * or the comments are dropped and the rest of the writing kept ("(954) 753-2846"), for the phone
 * detector to validate.
 */
import { isWordChar } from './chars.js';

/** Three digits one space apart, or three single digits joined by dots: what every run below holds, tested before the full scan. */
const SPACED_HINT = /\d \d \d|(?<!\d)\d\.\d\.\d(?!\d)/;
/**
 * Seven to fifteen digits, each apart from the next by up to two spaces or by a dash, dot or bracket; some may touch
 * ("1 - 4 1 6 - 2 3 6 - 89 8 1": spam spaces the digits unevenly), as long as most are spelled (spacedRuns).
 */
const SPACED = /[(+]?\d(?: {0,2}\d| ?[-.)] ?\d){6,14}/g;
/**
 * A space between two digits, or a dot between two single digits ("775-898-9.0.5.1", as bulk mail dots a number's last
 * group to dodge filters): the spelling, not the grouping.
 */
const SPELLING = /(?<=\d) (?=\d)|(?<=(?<!\d)\d)\.(?=\d(?!\d))/g;

/** A run of spaced digits, where it stands in the text, and how it reads with the spelling spaces dropped. */
export interface SpacedRun {
  start: number;
  end: number;
  reading: string;
  /** How many digit groups the reading has: one means an unformatted run, which needs a phone word. */
  groups: number;
  /** The finding's rule: `phone.spaced` or `phone.commented`. */
  rule: string;
}

/**
 * Every run of seven to fifteen digits in `text` written mostly one digit at a time (six spaces
 * between digits or more, or three dots between single digits in a run of three groups or more),
 * standing apart from the words around it.
 */
export function spacedRuns(text: string): SpacedRun[] {
  if (!SPACED_HINT.test(text)) return [];
  const out: SpacedRun[] = [];
  SPACED.lastIndex = 0;
  for (let m = SPACED.exec(text); m; m = SPACED.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (isWordChar(text.charCodeAt(start - 1)) || isWordChar(text.charCodeAt(end))) continue;
    const spelling = m[0].match(SPELLING) ?? [];
    // Six spaced digits, or three dotted ones in a number of several groups (a dotted run alone is a version or an address).
    const dots = spelling.filter((c) => c === '.').length;
    if (spelling.length < 6 && dots < 3) continue;
    const reading = m[0].replace(SPELLING, '').replace(/ {2,}/g, ' ');
    const groups = reading.match(/\d+/g)?.length ?? 0;
    if (spelling.length < 6 && groups < 3) continue;
    out.push({ start, end, reading, groups, rule: 'phone.spaced' });
  }
  return out;
}

/** An HTML comment of up to 60 characters: what a number cut by comments holds. */
const COMMENT = /<!--[^]{0,60}?-->/g;
/** What every run below holds: a digit or a dash right before a comment, or a digit right after one. */
const COMMENT_IN_FIGURES = /[\d-]<!--|-->\d/;
/** Seven to fifteen digits in a number's writing, with HTML comments between some of them. */
const COMMENTED = /[(+]?\d(?:\d|<!--[^]{0,60}?-->|[ ().-]{1,3}(?=[\d(<])){5,40}\d/g;

/** Every run of seven to fifteen digits cut by HTML comments, standing apart, read without the comments. */
export function commentedRuns(text: string): SpacedRun[] {
  // Tested first: a comment that touches a digit or a number's dash. HTML mail is full of comments, seldom inside figures.
  if (!COMMENT_IN_FIGURES.test(text)) return [];
  const out: SpacedRun[] = [];
  COMMENTED.lastIndex = 0;
  for (let m = COMMENTED.exec(text); m; m = COMMENTED.exec(text)) {
    if (!m[0].includes('<!--')) continue;
    const start = m.index;
    const end = start + m[0].length;
    if (isWordChar(text.charCodeAt(start - 1)) || isWordChar(text.charCodeAt(end))) continue;
    const reading = m[0].replace(COMMENT, '');
    const digits = reading.replace(/\D/g, '').length;
    if (digits < 7 || digits > 15) continue;
    out.push({ start, end, reading, groups: reading.match(/\d+/g)?.length ?? 0, rule: 'phone.commented' });
  }
  return out;
}
