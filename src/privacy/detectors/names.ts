/**
 * PERSON, LOCATION and ORGANIZATION from runs of capitalized words, matched against the
 * lexicon in lexicon.ts. A fast, lexicon-first recognizer: it runs at several MB/s, where
 * compromise's full parser (available as `nlpDetector`) runs at well under 1 MB/s.
 */
import nlp from 'compromise';
import { hasContext, CONTEXT_WORDS } from '../context.js';
import type { Detector, Finding } from '../types.js';
import { nameLexicon, type NameLexicon } from './lexicon.js';

/** A capitalized word, an all-caps word, or an initial ("J." or "J"). */
const TOKEN = /(?<![A-Za-z0-9])(?:[A-Z][a-z]+(?:(?:['’-][A-Z]?|[A-Z])[a-z]+)*(?![A-Za-z])|[A-Z]{2,15}(?![A-Za-z])|[A-Z]\.|[A-Z](?![A-Za-z0-9'’]))(?:\.)?/g;
const ORG_SUFFIX = new Set(['inc', 'corp', 'corporation', 'ltd', 'llc', 'co', 'company', 'group', 'university', 'college', 'institute', 'foundation', 'association', 'bank', 'technologies', 'systems', 'software', 'labs', 'networks', 'gmbh', 'plc', 'ag', 'sa', 'partners', 'holdings', 'enterprises', 'society', 'agency', 'council', 'ministry', 'department', 'school', 'hospital']);
/** Generational suffixes that belong to a name ("Joseph S. Barrera III"). */
const NAME_SUFFIX = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

interface Tok {
  start: number;
  end: number;
  word: string;
  lower: string;
}

/** Groups tokens separated by a single space (or ". " after an initial) into runs. */
function runs(text: string): Tok[][] {
  const out: Tok[][] = [];
  let cur: Tok[] = [];
  for (const m of text.matchAll(TOKEN)) {
    // "Craig's" is Craig; "J." is the initial J.
    let word = m[0];
    if (word.charCodeAt(word.length - 1) === 46) word = word.slice(0, -1);
    const n = word.length;
    if (n > 3 && word[n - 1] === 's' && (word[n - 2] === "'" || word[n - 2] === '’')) word = word.slice(0, -2);
    const t: Tok = { start: m.index!, end: m.index! + word.length, word, lower: word.toLowerCase() };
    const prev = cur[cur.length - 1];
    if (prev && cur.length < 6 && joined(text, prev.end, t.start)) cur.push(t);
    else {
      if (cur.length) out.push(cur);
      cur = [t];
    }
  }
  if (cur.length) out.push(cur);
  return out;
}

/** One or two spaces or tabs, or ". " after an initial: the gap inside a name. */
function joined(text: string, from: number, to: number): boolean {
  const gap = to - from;
  if (gap < 1 || gap > 2) return false;
  const a = text.charCodeAt(from);
  const b = gap === 2 ? text.charCodeAt(from + 1) : 32;
  return (a === 32 || a === 9 || a === 46) && (b === 32 || b === 9);
}

const isTitle = (t: Tok): boolean => /^[A-Z][a-z]/.test(t.word);
const isCaps = (t: Tok): boolean => t.word.length >= 2 && /^[A-Z]+$/.test(t.word);
const isInitial = (t: Tok): boolean => t.word.length === 1;

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
  return /^,?\s(?:wrote|writes|said|says)\b/.test(text.slice(run[run.length - 1]!.end, run[run.length - 1]!.end + 10));
}

/** Cheap pre-check for `signedOff`/`wroteAfter`: the run fills its line, or "wrote" follows. */
function maybePositional(text: string, run: Tok[]): boolean {
  const before = text[run[0]!.start - 1];
  const e = run[run.length - 1]!.end;
  const after = text[e];
  if ((before === '\n' || before === undefined) && (after === '\n' || after === '\r' || after === undefined)) return true;
  return (after === ' ' || after === ',') && /^,? (?:wrote|writes|said|says)/.test(text.slice(e, e + 9));
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

function personIn(run: Tok[], lex: NameLexicon, text: string, out: Finding[]): Set<number> {
  const used = new Set<number>();
  for (let i = 0; i < run.length; i++) {
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
    if (lex.honorifics.has(t.lower) && run[i + 1] && (isTitle(run[i + 1]!) || isCaps(run[i + 1]!))) {
      // "Mr. Smith", "Dr. Jane Doe", "MR MARTIN FRANCIS": everything after the honorific.
      const caps = isCaps(run[i + 1]!);
      j = i + 1;
      while (run[j + 1] && nameTail(run[j + 1]!, caps, lex) && j - i < 4) j++;
      from = i + 1;
      confidence = 0.85;
      rule = 'person.honorific';
    } else if (isFirstName(t, lex)) {
      const caps = isCaps(t);
      const ambiguous = lex.ambiguousFirst.has(firstPart(t));
      while (run[j + 1] && nameTail(run[j + 1]!, caps, lex) && j - i < 3) j++;
      while (j > i && isInitial(run[j]!)) j--;
      const last = run[j]!;
      if (j > i) {
        const knownLast = lex.lastNames.has(last.lower) || lex.firstNames.has(last.lower);
        confidence = ambiguous ? (knownLast ? 0.6 : 0.35) : knownLast ? 0.8 : 0.65;
        if (caps) confidence -= 0.1;
        rule = 'person.first-last';
      } else if (caps) {
        continue;
      } else {
        confidence = ambiguous ? 0.3 : 0.5;
        rule = 'person.first-name';
      }
      if (!caps && aloneOnLine(text, run, i, j)) {
        confidence = Math.max(confidence, 0.7);
        rule = 'person.sign-off';
      }
    } else if (isTitle(t) && !lex.commonWords.has(t.lower) && !lex.otherWords.has(t.lower) && (signedOff(text, run, i) || wroteAfter(text, run, i))) {
      // A name the lists do not know, placed where only names go: "Regards,\nColm", "Harig wrote:".
      while (run[j + 1] && nameTail(run[j + 1]!, false, lex) && j - i < 2) j++;
      confidence = 0.7;
      rule = 'person.position';
    } else if (isTitle(t) && lex.lastNames.has(t.lower) && run[i - 1] && isInitial(run[i - 1]!)) {
      from = i - 1;
      confidence = 0.6;
      rule = 'person.initial-last';
    } else if (isTitle(t) && lex.lastNames.has(t.lower) && !lex.commonWords.has(t.lower) && !lex.otherWords.has(t.lower)) {
      // A known surname on its own ("Hemingway", "Picasso"): weaker, context decides.
      confidence = 0.5;
      rule = 'person.last-name';
    } else continue;
    const f: Finding = { type: 'PERSON', start: run[from]!.start, end: run[j]!.end, confidence, rule };
    const boosted = hasContext(text, f.start, f.end, CONTEXT_WORDS.PERSON!) ? { ...f, confidence: Math.min(1, confidence + 0.25) } : f;
    out.push(boosted);
    for (let k = from; k <= j; k++) used.add(k);
    i = j;
  }
  return used;
}

function placesAndOrgs(run: Tok[], used: Set<number>, lex: NameLexicon, out: Finding[]): void {
  for (let i = 0; i < run.length; i++) {
    if (used.has(i)) continue;
    // Longest phrase (up to 3 words) that is a known place or organization.
    for (let len = Math.min(3, run.length - i); len >= 1; len--) {
      const words = run.slice(i, i + len);
      if (words.some((_, k) => used.has(i + k))) continue;
      const phrase = words.map((w) => w.lower).join(' ');
      const first = words[0]!;
      const last = words[len - 1]!;
      if (len === 1 && lex.commonWords.has(phrase)) continue;
      let type: 'LOCATION' | 'ORGANIZATION' | undefined;
      let confidence = 0;
      if (lex.places.has(phrase) && (isTitle(first) || (first.word.length >= 4 && isCaps(first)))) {
        type = 'LOCATION';
        confidence = 0.6;
      } else if (lex.organizations.has(phrase)) {
        type = 'ORGANIZATION';
        confidence = 0.6;
      } else if (len >= 2 && ORG_SUFFIX.has(last.lower) && isTitle(first)) {
        type = 'ORGANIZATION';
        confidence = 0.7;
      }
      if (!type) continue;
      out.push({ type, start: first.start, end: last.end, confidence, rule: `${type === 'LOCATION' ? 'location' : 'organization'}.lexicon` });
      i += len - 1;
      break;
    }
  }
}

/** "Last, First" as mail clients write it in From/To/Cc lines: `From: Smith, Graham [mailto:…]`. */
const LAST_FIRST = /^[ \t>]*(?:from|to|cc|sent by)\s*:\s*"?([A-Z][a-z]+(?:['-][A-Z]?[a-z]+)?), ([A-Z][a-z]+)\b/gim;

function lastFirst(text: string, lex: NameLexicon, out: Finding[]): void {
  if (!text.includes(', ')) return;
  for (const m of text.matchAll(LAST_FIRST)) {
    const last = m[1]!;
    const first = m[2]!;
    if (!lex.firstNames.has(first.toLowerCase()) || lex.commonWords.has(last.toLowerCase())) continue;
    const start = m.index! + m[0].length - first.length - 2 - last.length;
    out.push({ type: 'PERSON', start, end: start + last.length + 2 + first.length, confidence: 0.9, rule: 'person.last-first' });
  }
}

export const namesDetector: Detector = {
  name: 'names',
  types: ['PERSON', 'LOCATION', 'ORGANIZATION'],
  detect(text) {
    const lex = nameLexicon();
    const out: Finding[] = [];
    lastFirst(text, lex, out);
    for (const run of runs(text)) {
      if (!run.some((t) => lex.anyWord.has(t.lower) || lex.anyWord.has(firstPart(t))) && !(run.length > 1 && ORG_SUFFIX.has(run[run.length - 1]!.lower)) &&
        !maybePositional(text, run)) continue;
      const used = personIn(run, lex, text, out);
      placesAndOrgs(run, used, lex, out);
    }
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
    const doc = nlp(text);
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
