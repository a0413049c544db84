/**
 * PERSON, LOCATION and ORGANIZATION from runs of capitalized words, matched against the
 * lexicon in lexicon.ts. A fast, lexicon-first recognizer: it runs at several MB/s, where
 * compromise's full parser (available as `nlpDetector`) runs at well under 1 MB/s.
 */
import { compromise } from './compromise.js';
import { hasContext, CONTEXT_WORDS } from '../context.js';
import type { Detector, Finding } from '../types.js';
import { nameLexicon, ORG_SUFFIX, ORG_SUFFIX_STRONG, type NameLexicon } from './lexicon.js';
import { LOCAL_CHAR, lineBreaks, mailStructureNames, matchesAfterBreaks, repeatedNames, stickyAfterNewline } from './mail-names.js';

/** A capitalized word, an all-caps word, or an initial ("J." or "J"). */
const TOKEN = /(?<![A-Za-z0-9])(?:[A-Z](?:['’][A-Z])?[a-z\u00DF-\u00F6\u00F8-\u00FF\uFFFD]+(?:(?:['’-][A-Z]?|[A-Z])[a-z\u00DF-\u00F6\u00F8-\u00FF\uFFFD]+)*(?![A-Za-z])|[A-Z]{2,15}(?:-[A-Z]{2,15})?(?![A-Za-z])|[A-Z]\.|[A-Z](?![A-Za-z0-9'’]))(?:\.)?/g;
/** Generational suffixes that belong to a name ("Joseph S. Barrera III"). */
const NAME_SUFFIX = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

/**
 * One capitalized token. `lower` is made on first use: most tokens are only checked against
 * the name lists, which `hash` (of the lower-case word) answers first without making a string.
 */
class Tok {
  private low: string | undefined;
  constructor(
    readonly start: number,
    readonly end: number,
    readonly word: string,
    /** Capitalized ("Smith"), all capitals ("IBM", 2+ letters): read once per token. */
    readonly title: boolean,
    readonly caps: boolean,
    /** FNV-1a of the lower-case word, and of its part before the first hyphen (the same when none). */
    readonly hash: number,
    readonly hashFirst: number,
    readonly hyphen: boolean,
  ) {}

  get lower(): string {
    return (this.low ??= this.word.toLowerCase());
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over the char codes of a (lower-case) string. */
function fnv(s: string): number {
  let h = FNV_OFFSET;
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), FNV_PRIME);
  return h;
}

/** Bits of a hash that index `anyWordBits`: 2^20 bits (128 KB) for the ~20k words. */
const HASH_MASK = (1 << 20) - 1;

/**
 * One bit per word of `lex.anyWord`, at the low bits of its hash: a word whose bit is clear is
 * not in it (a set bit is checked against the words). Faster than a Set of the hashes, whose
 * 32-bit keys are mostly heap numbers.
 */
let anyWordBits: Uint8Array | undefined;
let hashedLex: NameLexicon | undefined;
function anyWordBitsOf(lex: NameLexicon): Uint8Array {
  if (hashedLex !== lex || !anyWordBits) {
    anyWordBits = new Uint8Array((HASH_MASK + 1) >>> 3);
    for (const w of lex.anyWord) {
      const h = fnv(w) & HASH_MASK;
      anyWordBits[h >>> 3]! |= 1 << (h & 7);
    }
    hashedLex = lex;
  }
  return anyWordBits;
}

function bitSet(bits: Uint8Array, hash: number): boolean {
  const h = hash & HASH_MASK;
  return (bits[h >>> 3]! & (1 << (h & 7))) !== 0;
}

/** Groups tokens separated by a single space (or ". " after an initial) into runs. */
function runs(text: string, lex: NameLexicon): Tok[][] {
  const out: Tok[][] = [];
  let cur: Tok[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    // "Craig's" is Craig; "J." is the initial J.
    let word = m[0];
    if (word.charCodeAt(word.length - 1) === 46) word = word.slice(0, -1);
    const n = word.length;
    // Char codes, not one-character strings: a character past U+00FF reads as a fresh string, and
    // comparing one deoptimized the compiled code (a recompile of about 0.1 s on a cold pass).
    if (n > 3 && word.charCodeAt(n - 1) === 115 && (word.charCodeAt(n - 2) === 39 || word.charCodeAt(n - 2) === 0x2019)) word = word.slice(0, -2);
    // The word's characters are read from the text (it starts at m.index): reading them from the
    // match's string was twice as slow in V8, which took most of the time of this loop.
    const at = m.index;
    const len = word.length;
    // Title case: the second letter (the third in "O'Reilly") is lower case, accented or lost in decoding.
    const second = len > 1 ? text.charCodeAt(at + 1) : NaN;
    const c1 = second === 39 || second === 0x2019 ? (len > 3 ? text.charCodeAt(at + 3) : NaN) : second;
    const title = (c1 >= 97 && c1 <= 122) || (c1 >= 0xdf && c1 <= 0xff && c1 !== 0xf7) || c1 === 0xfffd;
    // The lower-case hash: the token's only capitals are A-Z (its other letters are lower case already).
    let h = FNV_OFFSET;
    let hFirst = 0;
    let hyphen = false;
    for (let k = 0; k < len; k++) {
      const c = text.charCodeAt(at + k);
      if (c === 45 && !hyphen && k > 0) {
        hyphen = true;
        hFirst = h;
      }
      h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), FNV_PRIME);
    }
    const t = new Tok(at, at + len, word, title, !title && len >= 2 && capsOnly(text, at, at + len), h, hyphen ? hFirst : h, hyphen);
    const prev = cur[cur.length - 1];
    if (prev && cur.length < 6 && (joined(text, prev, t.start, lex) || ((cur.length === 1 || (cur.length === 2 && lex.honorifics.has(cur[0]!.lower))) && brokenName(text, prev, t, lex)))) cur.push(t);
    else {
      if (cur.length) out.push(cur);
      cur = [t];
    }
  }
  if (cur.length) out.push(cur);
  return out;
}

/** text[from, to) holds only capital letters A-Z and hyphens (so it is upper case already). */
function capsOnly(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if ((c < 65 || c > 90) && c !== 45) return false;
  }
  return true;
}

/**
 * The gap inside a name: one or two spaces or tabs; "." or ". " after an initial or an
 * honorific ("B.K. DeLong", "Mr. Smith"), never after other words (a sentence ends there); "' " after a plural
 * ("Irish Linux Users' Group").
 */
function joined(text: string, prev: Tok, to: number, lex: NameLexicon): boolean {
  const from = prev.end;

  const gap = to - from;
  if (gap < 1 || gap > 2) return false;
  const a = text.charCodeAt(from);
  // "Mr. Smith", "Mr.IKE": an abbreviated honorific ends in a dot, not a sentence.
  if (gap === 1) return a === 32 || a === 9 || (a === 46 && (prev.word.length === 1 || lex.honorifics.has(prev.lower)));
  const b = text.charCodeAt(from + 1);
  if (b !== 32 && b !== 9) return false;
  if (a === 46) return prev.word.length === 1 || lex.honorifics.has(prev.lower);
  if (a === 39 || a === 0x2019) return prev.word.endsWith('s');
  return a === 32 || a === 9;
}

/**
 * A name broken over two lines by wrapping: "Tim \nO'Reilly didn't", "MR. Theo\nDuba of",
 * "> Geege\n> Schuman". Joined only when the first line ends with a known first name that
 * follows other words (a name alone on its line is a sign-off) and the next line starts with a
 * capitalized word that is no dictionary word and is followed by more text.
 */
function brokenName(text: string, prev: Tok, t: Tok, lex: NameLexicon): boolean {
  // Cheap checks first: this runs for every pair of neighbouring capitalized words.
  const c = text.charCodeAt(prev.end);
  if (c !== 10 && !((c === 32 || c === 9 || c === 13) && text.charCodeAt(prev.end + 1) === 10)) return false;
  if (!/^[ \t]?\r?\n[ \t>]*$/.test(text.slice(prev.end, t.start))) return false;
  if (!prev.title || !t.title || !lex.firstNames.has(prev.lower) || lex.ambiguousFirst.has(prev.lower) || lex.commonWords.has(prev.lower)) return false;
  if (lex.otherWords.has(t.lower) || lex.commonWords.has(t.lower) || lex.places.has(t.lower) || lex.organizations.has(t.lower) || ORG_SUFFIX.has(t.lower)) return false;
  const ls = text.lastIndexOf('\n', prev.start - 1) + 1;
  if (/^[\s>*_-]*$/.test(text.slice(ls, prev.start))) return false;
  return /^(?:'s)?(?:[ \t,;:!?)]|\.(?:\s|$))/.test(text.slice(t.end, t.end + 4));
}

function isTitle(t: Tok): boolean {
  return t.title;
}
function isCaps(t: Tok): boolean {
  return t.caps;
}
function isInitial(t: Tok): boolean {
  return t.word.length === 1;
}

/** True when the token is alone on its line (a sign-off: "-- \nDave", "Cheers,\nRob"). */
function aloneOnLine(text: string, run: Tok[], i: number, j: number): boolean {
  if (i !== 0 || j !== run.length - 1) return false;
  const ls = text.lastIndexOf('\n', run[i]!.start - 1) + 1;
  const le = text.indexOf('\n', run[j]!.end);
  const before = text.slice(ls, run[i]!.start);
  const after = text.slice(run[j]!.end, le < 0 ? text.length : le);
  return /^[\s>*_-]*$/.test(before) && /^[\s.,!]*$/.test(after);
}

/** The sign-off line before a name: "--", "Regards,", "Cheers,", "Thanks,". */
const SIGN_OFF = /^(?:--\s*|(?:best |kind |warm |many )?(?:regards|wishes|thanks)[,.!]*|cheers[,.!]*|thank you[,.!]*|sincerely[,.]*|yours(?: truly| sincerely)?[,.]*|ciao[,.]*|later[,.]*)\s*$/i;

/** True when the run is alone on its line and the line before it is a sign-off. */
function signedOff(text: string, run: Tok[], i: number): boolean {
  if (!aloneOnLine(text, run, i, run.length - 1)) return false;
  const ls = text.lastIndexOf('\n', run[i]!.start - 1);
  if (ls <= 0) return false;
  const prevStart = text.lastIndexOf('\n', ls - 1) + 1;
  return SIGN_OFF.test(text.slice(prevStart, ls).trim());
}

/** True when the run is followed by "wrote", "writes" or "said" ("Harig, wrote :"). */
function wroteAfter(text: string, run: Tok[], i: number): boolean {
  if (i !== 0) return false;
  // An attribution starts its line or follows punctuation: "Harig, wrote", not "Democracy and Technology said".
  if (!/(?:^|\n|[",.:;!?>(\]])[ \t]*$/.test(text.slice(Math.max(0, run[0]!.start - 4), run[0]!.start))) return false;
  return /^,?\s(?:wrote|writes|said|says)\b/.test(text.slice(run[run.length - 1]!.end, run[run.length - 1]!.end + 10));
}

/** Cheap pre-check for `signedOff`/`wroteAfter`: the run fills its line, or "wrote" follows. */
function maybePositional(text: string, run: Tok[]): boolean {
  // Read as char codes (-1 past either end; reading there deoptimizes too), not one-character strings: see runs().
  const s = run[0]!.start;
  const before = s > 0 ? text.charCodeAt(s - 1) : -1;
  const e = run[run.length - 1]!.end;
  const after = e < text.length ? text.charCodeAt(e) : -1;
  if ((before === 10 || before === -1) && (after === 10 || after === 13 || after === -1)) return true;
  // The verb's first letter (w or s) after " " or ", " before the regex.
  const at = after === 44 ? e + 2 : e + 1;
  const v = at < text.length ? text.charCodeAt(at) : -1;
  return (after === 32 || after === 44) && (v === 119 || v === 115) && /^,? (?:wrote|writes|said|says)/.test(text.slice(e, e + 9));
}

/** "Mark-Jason" is a first name when "Mark" is. */
function firstPart(t: Tok): string {
  const h = t.lower.indexOf('-');
  return h > 0 ? t.lower.slice(0, h) : t.lower;
}

function isFirstName(t: Tok, lex: NameLexicon): boolean {
  if (lex.commonWords.has(t.lower)) return false;
  if (isCaps(t)) return t.word.length >= 4 && lex.firstNames.has(t.lower) && !lex.ambiguousFirst.has(t.lower);
  return isTitle(t) && (lex.firstNames.has(t.lower) || lex.firstNames.has(firstPart(t)));
}

/** Length (in tokens) of a known multi-word place or organization starting at i, or 0. */
function knownPhraseAt(run: Tok[], i: number, lex: NameLexicon): number {
  if (!lex.phraseStarts.has(run[i]!.lower)) return 0;
  for (let len = Math.min(3, run.length - i); len >= 2; len--) {
    const phrase = run.slice(i, i + len).map((w) => w.lower).join(' ');
    if (lex.places.has(phrase) || lex.organizations.has(phrase)) return len;
  }
  return 0;
}

/** Can `t` continue a name after its first word? Initials, capitalized non-words, suffixes. */
function nameTail(t: Tok, caps: boolean, lex: NameLexicon): boolean {
  if (isInitial(t) || NAME_SUFFIX.has(t.lower)) return true;
  if (ORG_SUFFIX.has(t.lower) || lex.commonWords.has(t.lower)) return false;
  if (caps ? !isCaps(t) : !isTitle(t)) return false;
  // "Perl Daily", "Will Survive": a common word after a first name is not a surname.
  return !lex.otherWords.has(t.lower) || lex.lastNames.has(t.lower) || lex.firstNames.has(t.lower);
}

/**
 * Titles that are also everyday words ("General", "King", "Chief"): they introduce a name
 * only when the next word looks like one ("General Sani Abacha", not "General Public").
 */
const WEAK_HONORIFICS = new Set(['president', 'senator', 'judge', 'admiral', 'general', 'captain', 'commander', 'colonel', 'major', 'sergeant', 'chief', 'prince', 'princess', 'king', 'queen', 'lord', 'lady', 'dame', 'father', 'sister', 'brother', 'pastor', 'bishop', 'reverend', 'professor', 'doctor', 'governor', 'mayor', 'minister', 'ambassador', 'sheikh', 'emir', 'barrister', 'engr', 'engineer', 'alhaji', 'chairman', 'director', 'mister', 'uncle', 'aunt', 'saint']);
/** Particles inside surnames: "Kiall Mac Innes", "Vincent Van Gogh", "Leonardo Da Vinci". */
const PARTICLES = new Set(['mac', 'mc', 'van', 'von', 'de', 'di', 'da', 'du', 'del', 'della', 'le', 'la', 'al', 'el', 'bin', 'ibn', 'ben', 'st', 'ter', 'den', 'der', 'dos', 'das']);

/** Could this word be (part of) a name: a known first or last name, or a capitalized word that is not a common word, place or organization. */
function nameLike(t: Tok, lex: NameLexicon): boolean {
  if (lex.commonWords.has(t.lower) || ORG_SUFFIX.has(t.lower)) return false;
  if (lex.firstNames.has(t.lower) || lex.lastNames.has(t.lower)) return true;
  if (isCaps(t)) return t.word.length >= 3 && !lex.otherWords.has(t.lower) && !lex.places.has(t.lower) && !lex.organizations.has(t.lower);
  return isTitle(t) && !lex.otherWords.has(t.lower) && !lex.places.has(t.lower) && !lex.organizations.has(t.lower);
}

/** Extends a name from token j while the next tokens continue it (tails, or a particle before a capitalized word); at most `max` tokens past `i`. */
function extend(run: Tok[], i: number, j: number, caps: boolean, lex: NameLexicon, max: number, used: Set<number>): number {
  for (;;) {
    const next = run[j + 1];
    if (!next || j - i >= max || used.has(j + 1) || (used.has(j + 2) && PARTICLES.has(next.lower))) return j;
    if (nameTail(next, caps, lex)) j++;
    else if (PARTICLES.has(next.lower) && run[j + 2] && (caps ? isCaps(run[j + 2]!) : isTitle(run[j + 2]!)) && j + 1 - i < max) j += 2;
    else return j;
  }
}

/** A PERSON context word right before the span ("Dear Bob", "Mr. Bill"), not anywhere in the window. */
function immediateContext(text: string, start: number, end: number): boolean {
  return /(?:^|[^a-z])(?:dear|hi|hello|hey|thanks|mr|mrs|ms|miss|dr|to|cc|from|attn|sir)[.,:]?\s{1,3}$/i.test(text.slice(Math.max(0, start - 12), start)) ||
    /^,?\s(?:wrote|writes|said|says)\b/.test(text.slice(end, end + 10));
}

/** "B.K. DeLong", "J. Smith", "E. W. Dijkstra": the index of the surname after the initials at i, or -1. */
function surnameAfterInitials(run: Tok[], i: number, lex: NameLexicon, used: Set<number>): number {
  let k = i;
  while (run[k + 1] && isInitial(run[k + 1]!)) k++;
  const sur = run[k + 1];
  if (!sur || used.has(k + 1) || !isTitle(sur) || !(lex.lastNames.has(sur.lower) || nameLike(sur, lex))) return -1;
  return k + 1;
}

function personIn(run: Tok[], lex: NameLexicon, text: string, out: Finding[], used: Set<number>): void {
  for (let i = 0; i < run.length; i++) {
    if (used.has(i)) continue;
    const t = run[i]!;
    const known = knownPhraseAt(run, i, lex);
    if (known) {
      i += known - 1;
      continue;
    }
    let confidence = 0;
    let rule = '';
    let from = i;
    let j = i;
    let weakSingle = false;
    const next = used.has(i + 1) ? undefined : run[i + 1];
    if (next && (isTitle(next) || isCaps(next)) &&
      ((lex.honorifics.has(t.lower) && !lex.otherWords.has(t.lower)) || (WEAK_HONORIFICS.has(t.lower) && (isTitle(t) || isCaps(t)) && nameLike(next, lex)))) {
      // "Mr. Smith", "Dr. Jane Doe", "MR MARTIN FRANCIS", "General Sani Abacha": everything after the title.
      const caps = isCaps(next);
      j = extend(run, i, i + 1, caps, lex, 4, used);
      from = i + 1;
      confidence = 0.85;
      rule = 'person.honorific';
    } else if (isFirstName(t, lex)) {
      const caps = isCaps(t);
      // "Mark-Jason": a double first name is no everyday word, whatever its parts are.
      const double = t.lower.includes('-') && t.lower.split('-').every((p) => lex.firstNames.has(p));
      const ambiguous = !double && lex.ambiguousFirst.has(firstPart(t));
      j = extend(run, i, i, caps, lex, 3, used);
      while (j > i && isInitial(run[j]!)) j--;
      const last = run[j]!;
      const knownLast = j > i && (lex.lastNames.has(last.lower) || lex.firstNames.has(last.lower));
      if (j > i) {
        confidence = ambiguous ? (knownLast ? 0.6 : 0.35) : knownLast ? 0.8 : 0.65;
        if (caps) confidence -= 0.1;
        rule = 'person.first-last';
      } else if (caps) {
        continue;
      } else {
        confidence = ambiguous ? 0.3 : 0.5;
        weakSingle = ambiguous;
        rule = 'person.first-name';
      }
      // Alone on its line: a sign-off ("Cheers,\nDave"); a headline ("Perl Ports Page") is not, so an everyday first word needs a known surname.
      if (!caps && aloneOnLine(text, run, i, j) && !(ambiguous && j > i && !(knownLast && !lex.ambiguousFirst.has(last.lower)))) {
        confidence = Math.max(confidence, 0.7);
        weakSingle = false;
        rule = 'person.sign-off';
      }
    } else if (isTitle(t) && !lex.commonWords.has(t.lower) && !lex.otherWords.has(t.lower) && (signedOff(text, run, i) || wroteAfter(text, run, i))) {
      // A name the lists do not know, placed where only names go: "Regards,\nColm", "Harig wrote:".
      j = extend(run, i, i, false, lex, 2, used);
      confidence = 0.7;
      rule = 'person.position';
    } else if (isInitial(t) && (j = surnameAfterInitials(run, i, lex, used)) > i) {
      const sur = run[j]!;
      const dotted = text[t.end] === '.';
      confidence = lex.lastNames.has(sur.lower) ? 0.65 : dotted ? 0.55 : 0.45;
      rule = 'person.initial-last';
    } else if (isTitle(t) && lex.lastNames.has(t.lower) && !lex.commonWords.has(t.lower) && !lex.otherWords.has(t.lower)) {
      // A known surname on its own ("Hemingway", "Picasso"): weaker, context decides.
      confidence = 0.5;
      rule = 'person.last-name';
    } else continue;
    const f: Finding = { type: 'PERSON', start: run[from]!.start, end: run[j]!.end, confidence, rule };
    // A weak guess ("Bill", "Bank", "Palm Beach") needs its context word right before it.
    const ctx = weakSingle || confidence < 0.5 ? immediateContext(text, f.start, f.end) : hasContext(text, f.start, f.end, CONTEXT_WORDS.PERSON!);
    const boosted = ctx ? { ...f, confidence: Math.min(1, confidence + 0.25) } : f;
    out.push(boosted);
    // A weak guess leaves its words to places and organizations ("Palm Beach, Florida").
    if (boosted.confidence >= 0.5) for (let k = from; k <= j; k++) used.add(k);
    i = j;
  }
}

/** True when most words of the line holding `pos` are capitalized: a headline ("Get The Software Now"). */
function headline(text: string, pos: number): boolean {
  const ls = text.lastIndexOf('\n', pos) + 1;
  let le = text.indexOf('\n', pos);
  if (le < 0) le = text.length;
  // After a field label ("Vendor: Pablo Software Solutions") only the value counts.
  const line = text.slice(ls, le);
  const words = line.slice(line.lastIndexOf(':', pos - ls) + 1).match(/[A-Za-z][A-Za-z'’-]*/g) ?? [];
  if (words.length < 4) return false;
  return words.filter((w) => w.charCodeAt(0) < 97).length / words.length >= 0.7;
}

/**
 * Organizations by their last word: "Acme Widgets Inc", "Irish Linux Users' Group", "Diamond
 * Bank". The name runs back from the suffix over capitalized words (at most five) that no
 * other finding took.
 */
function orgsBySuffix(text: string, run: Tok[], used: Set<number>, lex: NameLexicon, out: Finding[]): void {
  for (let k = 1; k < run.length; k++) {
    const suf = run[k]!;
    if (used.has(k) || !ORG_SUFFIX.has(suf.lower) || !(isTitle(suf) || isCaps(suf))) continue;
    // "Software Solutions": the name ends at the last suffix word of a chain.
    if (run[k + 1] && ORG_SUFFIX.has(run[k + 1]!.lower)) continue;
    let s = k;
    while (s > 0 && !used.has(s - 1) && k - s < 5 && !lex.commonWords.has(run[s - 1]!.lower)) s--;
    if (s === k) continue;
    const strong = ORG_SUFFIX_STRONG.has(suf.lower);
    // "Open Source Systems", "This Software": a weak suffix after dictionary words or in a headline is no name.
    if (!strong && (run.slice(s, k).every((t) => lex.otherWords.has(t.lower)) || headline(text, suf.start))) continue;
    out.push({ type: 'ORGANIZATION', start: run[s]!.start, end: suf.end, confidence: strong ? 0.7 : 0.6, rule: 'organization.suffix' });
    for (let q = s; q <= k; q++) used.add(q);
  }
}

/** Abbreviations compromise lists as organizations ("Dept", "Univ"): never one alone. */
const ORG_ABBREVIATIONS = new Set(['dept', 'univ', 'assn', 'inc', 'ltd', 'co', 'corp']);
/** Street-type abbreviations compromise lists as places ("Ave", "Rd"): never a place alone. */
const STREET_ABBREVIATIONS = new Set(['rd', 'st', 'mt', 'ave', 'cl', 'hwy', 'blvd', 'ln', 'dr', 'ct', 'pl', 'sq']);
/** Last words of landmarks and streets named without a number: "Wall Street", "World Trade Center". */
const LANDMARK_SUFFIX = new Set(['street', 'avenue', 'square', 'bridge', 'tower', 'towers', 'plaza', 'airport', 'boulevard', 'center', 'centre', 'park', 'mall', 'harbour', 'harbor', 'island', 'islands', 'valley', 'county', 'province', 'district']);

/** A currency sign or word right after a country name. */
const CURRENCY_AFTER = /^(?:\$|\s?(?:dollars?|pounds?|euros?|francs?|marks?|yen|rupees?|cents?)\b)/i;

/** True when the 30 characters around `pos` have no lower-case letter: shouting, where "US" is a pronoun. */
function shouting(text: string, pos: number): boolean {
  return !/[a-z]/.test(text.slice(Math.max(0, pos - 30), pos + 30));
}

function placesAndOrgs(text: string, run: Tok[], used: Set<number>, lex: NameLexicon, out: Finding[]): void {
  for (let i = 0; i < run.length; i++) {
    if (used.has(i)) continue;
    // Longest phrase (up to 3 words) that is a known place or organization.
    for (let len = Math.min(3, run.length - i); len >= 1; len--) {
      const first = run[i]!;
      const last = run[i + len - 1]!;
      // Two or three words name something only as a known phrase (its first word starts one) or a landmark.
      if (len > 1 && !lex.phraseStarts.has(first.lower) && !LANDMARK_SUFFIX.has(last.lower)) continue;
      let clash = false;
      for (let k = 0; k < len; k++) if (used.has(i + k)) clash = true;
      if (clash) continue;
      const phrase = len === 1 ? first.lower : len === 2 ? `${first.lower} ${last.lower}` : `${first.lower} ${run[i + 1]!.lower} ${last.lower}`;
      // "US" and "UK" in running text (not in a shouted line, where "US" is a pronoun).
      const code = len === 1 && isCaps(first) && first.word.length <= 3 && (lex.places.has(phrase) || first.word === 'US') && !shouting(text, first.start);
      if (len === 1 && lex.commonWords.has(phrase) && !code) continue;
      let type: 'LOCATION' | 'ORGANIZATION' | undefined;
      let confidence = 0;
      let rule = '';
      if (code || (lex.places.has(phrase) && !STREET_ABBREVIATIONS.has(phrase) && (isTitle(first) || (first.word.length >= 4 && isCaps(first))))) {
        type = 'LOCATION';
        confidence = 0.6;
        rule = 'location.lexicon';
      } else if (lex.organizations.has(phrase) && !(len === 1 && (ORG_SUFFIX.has(phrase) || ORG_ABBREVIATIONS.has(phrase)))) {
        type = 'ORGANIZATION';
        confidence = 0.6;
        rule = 'organization.lexicon';
      } else if (len >= 2 && LANDMARK_SUFFIX.has(last.lower) && isTitle(last) && isTitle(first) && !lex.commonWords.has(first.lower)) {
        type = 'LOCATION';
        confidence = 0.6;
        rule = 'location.landmark';
      }
      if (!type) continue;
      // "US$25,000", "United States Dollars": a currency, not a place.
      if (type === 'LOCATION' && CURRENCY_AFTER.test(text.slice(last.end, last.end + 12))) continue;
      out.push({ type, start: first.start, end: last.end, confidence, rule });
      i += len - 1;
      break;
    }
  }
}

/** "Last, First" as mail clients write it in From/To/Cc lines: `From: Smith, Graham [mailto:…]`. */
const LAST_FIRST = /\n[ \t>]*(?:from|to|cc|sent by)\s*:\s*"?([A-Z][a-z]+(?:['-][A-Z]?[a-z]+)?), ([A-Z][a-z]+)\b/gi;
const LAST_FIRST_AT_START = stickyAfterNewline(LAST_FIRST);
const LAST_FIRST_STICKY = new RegExp(LAST_FIRST.source, 'iy');
/** The same after a field on the same line, as quoted Outlook headers run together: `Sent: 31 July 2002 17:48 To: Hunt, Bryan Cc: …`. */
const MID_LINE_FIELD = / (?:To|Cc): /g;
const LAST_FIRST_AT = /"?([A-Z][a-z]+(?:['-][A-Z]?[a-z]+)?), ([A-Z][a-z]+)\b/y;

function lastFirst(text: string, lex: NameLexicon, out: Finding[]): void {
  if (!text.includes(', ')) return;
  // As on "\n" + text, tried at the line breaks where a field can start (lineBreaks).
  for (const m of matchesAfterBreaks(text, LAST_FIRST_STICKY, LAST_FIRST_AT_START, lineBreaks(text).fieldLower)) {
    const last = m[1]!;
    const first = m[2]!;
    if (!lex.firstNames.has(first.toLowerCase()) || lex.commonWords.has(last.toLowerCase())) continue;
    const start = m.index + m[0].length - first.length - 2 - last.length;
    out.push({ type: 'PERSON', start, end: start + last.length + 2 + first.length, confidence: 0.9, rule: 'person.last-first' });
  }
  MID_LINE_FIELD.lastIndex = 0;
  for (let f = MID_LINE_FIELD.exec(text); f; f = MID_LINE_FIELD.exec(text)) {
    {
      const at = f.index;
      LAST_FIRST_AT.lastIndex = at + f[0].length;
      const m = LAST_FIRST_AT.exec(text);
      if (!m || !lex.firstNames.has(m[2]!.toLowerCase()) || lex.commonWords.has(m[1]!.toLowerCase())) continue;
      const start = m.index + (m[0].startsWith('"') ? 1 : 0);
      out.push({ type: 'PERSON', start, end: start + m[1]!.length + 2 + m[2]!.length, confidence: 0.9, rule: 'person.last-first' });
    }
  }
}

/** Words for what a person does, next to their name: "James Meek, science correspondent", "CEO Steve Jobs". */
const ROLES = 'correspondent|editor|reporter|writer|columnist|author|director|president|ceo|cto|cfo|founder|co-founder|chairman|chairwoman|manager|professor|spokesman|spokeswoman|spokesperson|analyst|engineer|researcher|scientist|economist|lawyer|attorney|secretary|governor|mayor|executive|officer|consultant|developer|programmer|architect|student|lecturer|fellow|administrator|coordinator|host|producer|publisher|journalist|commentator|historian|novelist|poet|actor|actress|singer|musician|artist|photographer|inventor|entrepreneur|investor|hacker|blogger|member';
const ROLE_AFTER = new RegExp(`^,\\s(?:the\\s|a\\s|an\\s|our\\s)?(?:[A-Za-z-]+\\s){0,2}(?:${ROLES})s?\\b`, 'i');
const ROLE_BEFORE = new RegExp(`(?:^|[^A-Za-z-])(?:${ROLES})s?,?\\s$`, 'i');

/** Cheap pre-check for ROLE_BEFORE: a space right before `start`, and a letter before it (after an optional comma). */
function roleMayEndBefore(text: string, start: number): boolean {
  let k = start - 1;
  if (k < 1) return false;
  const c = text.charCodeAt(k);
  if (!(c === 32 || (c >= 9 && c <= 13) || (c >= 0x80 && /\s/.test(text[k]!)))) return false;
  k--;
  if (text.charCodeAt(k) === 44) k--;
  if (k < 0) return false;
  const l = text.charCodeAt(k) | 32;
  return l >= 97 && l <= 122;
}

/**
 * PERSON from a role beside two or three capitalized words the name lists may not know:
 * "James Meek, science correspondent", "spokesman Declan McCullagh". Each word must look
 * like a name (no dictionary word, place or organization), unless a plain first name leads.
 */
function roleName(text: string, run: Tok[], lex: NameLexicon, out: Finding[]): void {
  if (run.length < 2 || run.length > 3) return;
  for (const t of run) if (!t.title) return;
  const start = run[0]!.start;
  const end = run[run.length - 1]!.end;
  const after = text.charCodeAt(end) === 44 && ROLE_AFTER.test(text.slice(end, end + 48));
  if (!after && !(roleMayEndBefore(text, start) && ROLE_BEFORE.test(text.slice(Math.max(0, start - 24), start)))) return;
  // Every word looks like a name, or a plain first name leads ("James Meek": a surname may be a word).
  const first = run[0]!;
  const plainFirst = lex.firstNames.has(first.lower) && !lex.ambiguousFirst.has(first.lower);
  if (!run.every((t, k) => nameLike(t, lex) || (plainFirst && k > 0 && !lex.commonWords.has(t.lower) && !ORG_SUFFIX.has(t.lower) && !lex.places.has(t.lower)))) return;
  out.push({ type: 'PERSON', start, end, confidence: 0.7, rule: 'person.role' });
}

/** "B.K. DeLong", "E. W. Dijkstra": one or more initials, then a capitalized word. */
function initialsThenName(run: Tok[]): boolean {
  for (let k = 0; k + 1 < run.length; k++) if (isInitial(run[k]!) && isTitle(run[k + 1]!)) return true;
  return false;
}

/** The local parts of the addresses in a text ("dermodyr" of DERMODYR@ITCARLOW.IE), lower case. */
function addressLocals(text: string): string[] {
  const out: string[] = [];
  // From each '@' backwards: a regex for the local part would be tried at every position.
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let ls = at;
    while (ls > 0 && at - ls < 64 && LOCAL_CHAR.has(text.charCodeAt(ls - 1))) ls--;
    if (at - ls >= 3) out.push(text.slice(ls, at).toLowerCase());
  }
  return out;
}

/** A word of the run is in the name lists (or the first part of a hyphenated one is). */
function anyKnownWord(run: Tok[], lex: NameLexicon): boolean {
  const bits = anyWordBitsOf(lex);
  for (const t of run) {
    if (bitSet(bits, t.hash) && lex.anyWord.has(t.lower)) return true;
    if (t.hyphen && bitSet(bits, t.hashFirst) && lex.anyWord.has(firstPart(t))) return true;
  }
  return false;
}

/** Between the last two names of a list: "Ben, Kevin and Bill", "Tom & Jacob". */
const LIST_GAP = /^(?:,?[ \t]+and[ \t]+|[ \t]*&[ \t]*)$/;
/** Rules whose weak findings other evidence may confirm. */
const WEAK_RULES = new Set(['person.first-last', 'person.first-name', 'person.initial-last', 'person.last-name']);

/**
 * Raises weak PERSON guesses (below 0.5) that other evidence in the text confirms: a word of
 * the name (4+ letters) in the local part of an address ("Ray Dermody" and DERMODYR@…), or a
 * place in a list of names beside a sure one ("Ben, Kevin and Bill").
 */
function strengthenWeakNames(text: string, out: Finding[]): void {
  let locals: string[] | undefined;
  const sure = out.filter((f) => f.type === 'PERSON' && f.confidence >= 0.5);
  for (let k = 0; k < out.length; k++) {
    const f = out[k]!;
    if (f.type !== 'PERSON' || f.confidence >= 0.5 || !WEAK_RULES.has(f.rule)) continue;
    const words = text.slice(f.start, f.end).toLowerCase().split(/[^a-z]+/).filter((w) => w.length >= 4);
    locals ??= addressLocals(text);
    if (words.some((w) => locals!.some((l) => l.includes(w)))) {
      out[k] = { ...f, confidence: 0.7, rule: `${f.rule}.address` };
      continue;
    }
    const near = (a: number, b: number): boolean => a <= b && b - a <= 7 && LIST_GAP.test(text.slice(a, b));
    if (sure.some((g) => near(g.end, f.start) || near(f.end, g.start))) {
      out[k] = { ...f, confidence: 0.6, rule: `${f.rule}.list` };
    }
  }
}

export const namesDetector: Detector = {
  name: 'names',
  types: ['PERSON', 'LOCATION', 'ORGANIZATION'],
  detect(text) {
    const lex = nameLexicon();
    const out: Finding[] = [];
    lastFirst(text, lex, out);
    const all = runs(text, lex);
    for (const run of all) {
      roleName(text, run, lex, out);
      if (!anyKnownWord(run, lex) && !(run.length > 1 && ORG_SUFFIX.has(run[run.length - 1]!.lower)) &&
        !maybePositional(text, run) && !initialsThenName(run)) continue;
      // Organizations by suffix first: "Pablo Software Solutions" is a company, not Pablo.
      const used = new Set<number>();
      orgsBySuffix(text, run, used, lex, out);
      personIn(run, lex, text, out, used);
      placesAndOrgs(text, run, used, lex, out);
    }
    mailStructureNames(text, lex, out);
    strengthenWeakNames(text, out);
    out.push(...repeatedNames(text, out, lex));
    return out;
  },
};

/**
 * compromise's full parser: slower (about 0.07 MB/s) but it uses grammar, not only word
 * lists. Opt in with `detect(text, { nlp: true })`.
 */
export const nlpDetector: Detector = {
  name: 'nlp',
  types: ['PERSON', 'LOCATION', 'ORGANIZATION'],
  detect(text) {
    const doc = compromise()(text);
    const out: Finding[] = [];
    const add = (type: 'PERSON' | 'LOCATION' | 'ORGANIZATION', items: Array<{ offset: { start: number; length: number }; text: string }>): void => {
      for (const it of items) {
        const trimmed = it.text.replace(/[\s,.;:!?'"]+$/, '').replace(/^[\s'"]+/, '');
        const lead = it.text.indexOf(trimmed);
        const start = it.offset.start + Math.max(0, lead);
        if (trimmed.length < 2) continue;
        out.push({ type, start, end: start + trimmed.length, confidence: 0.55, rule: `nlp.${type.toLowerCase()}` });
      }
    };
    type Offsets = Array<{ offset: { start: number; length: number }; text: string }>;
    add('PERSON', doc.people().out('offset') as Offsets);
    add('LOCATION', doc.places().out('offset') as Offsets);
    add('ORGANIZATION', doc.organizations().out('offset') as Offsets);
    return out;
  },
};
