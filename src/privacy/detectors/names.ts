/**
 * PERSON, LOCATION and ORGANIZATION from runs of capitalized words, matched against the
 * lexicon in lexicon.ts. A fast, lexicon-first recognizer: it runs at several MB/s, where
 * compromise's full parser (available as `nlpDetector`) runs at well under 1 MB/s.
 */
import nlp from 'compromise';
import { hasContext, CONTEXT_WORDS } from '../context.js';
import type { Detector, Finding } from '../types.js';
import { nameLexicon, type NameLexicon } from './lexicon.js';

/** A capitalized word, an all-caps acronym, or an initial ("J."). */
const TOKEN = /\b(?:[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)*|[A-Z]{2,6}\b|[A-Z]\.)(?:\.)?/g;
const ORG_SUFFIX = new Set(['inc', 'corp', 'corporation', 'ltd', 'llc', 'co', 'company', 'group', 'university', 'college', 'institute', 'foundation', 'association', 'bank', 'technologies', 'systems', 'software', 'labs', 'networks', 'gmbh', 'plc', 'ag', 'sa', 'partners', 'holdings', 'enterprises', 'society', 'agency', 'council', 'ministry', 'department', 'school', 'hospital']);

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
    const word = m[0].replace(/\.$/, '');
    const t: Tok = { start: m.index!, end: m.index! + word.length, word, lower: word.toLowerCase() };
    const prev = cur[cur.length - 1];
    if (prev && cur.length < 5 && joined(text, prev.end, t.start)) cur.push(t);
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
const isInitial = (t: Tok): boolean => t.word.length === 1;

function personIn(run: Tok[], lex: NameLexicon, text: string, out: Finding[]): Set<number> {
  const used = new Set<number>();
  for (let i = 0; i < run.length; i++) {
    const t = run[i]!;
    let confidence = 0;
    let rule = '';
    let from = i;
    let j = i;
    if (lex.honorifics.has(t.lower) && run[i + 1] && isTitle(run[i + 1]!)) {
      // "Mr. Smith", "Dr. Jane Doe": everything after the honorific is the name.
      j = i + 1;
      while (run[j + 1] && (isTitle(run[j + 1]!) || isInitial(run[j + 1]!)) && j - i < 3) j++;
      from = i + 1;
      confidence = 0.85;
      rule = 'person.honorific';
    } else if (isTitle(t) && lex.firstNames.has(t.lower) && !lex.commonWords.has(t.lower)) {
      while (run[j + 1] && (isTitle(run[j + 1]!) || isInitial(run[j + 1]!)) && j - i < 2 &&
        !ORG_SUFFIX.has(run[j + 1]!.lower)) j++;
      const ambiguous = lex.ambiguousFirst.has(t.lower);
      const last = run[j]!;
      if (j > i) {
        const knownLast = lex.lastNames.has(last.lower) || lex.firstNames.has(last.lower);
        confidence = ambiguous ? (knownLast ? 0.6 : 0.35) : knownLast ? 0.8 : 0.65;
        rule = 'person.first-last';
      } else {
        confidence = ambiguous ? 0.15 : 0.5;
        rule = 'person.first-name';
      }
    } else if (isTitle(t) && lex.lastNames.has(t.lower) && run[i - 1] && isInitial(run[i - 1]!)) {
      from = i - 1;
      confidence = 0.6;
      rule = 'person.initial-last';
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
      if (lex.places.has(phrase) && isTitle(first)) {
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

export const namesDetector: Detector = {
  name: 'names',
  types: ['PERSON', 'LOCATION', 'ORGANIZATION'],
  detect(text) {
    const lex = nameLexicon();
    const out: Finding[] = [];
    for (const run of runs(text)) {
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
