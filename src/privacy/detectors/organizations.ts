/**
 * ORGANIZATION from phrase shapes the name lists cannot know: institutions named "X of Y"
 * ("University of Sierra Leone", "FEDERAL MINISTRY OF AVIATION", "Center for Democracy and
 * Technology"), and names after context phrases ("sponsored by: OSDN", "works for Emulex").
 */
import type { Detector, Finding } from '../types.js';
import { nameLexicon } from './lexicon.js';

/** Head nouns of institutions named "<head> of|for <name>". Republic and Kingdom name places. */
const HEADS = 'University|Ministry|Bank|Department|Dept\\.?|Institute|Center|Centre|Museum|Academy|Board|Council|Commission|Committee|Federation|Association|Society|Union|Church|School|College|Office|Bureau|Court|Embassy|Government|Party|League|Chamber|Agency|Authority|Corporation|Foundation|Federal Reserve Bank|Fund|Trust|Alliance|Coalition|Organi[sz]ation|Consulate|Library|Hospital|Order|Guild';
const INSTITUTION = new RegExp(`\\b((?:[A-Z][A-Za-z]* ){0,3}(?:${HEADS}|${HEADS.toUpperCase()})) (?:of|for|OF|FOR) (?:the |THE )?[A-Z][A-Za-z]*(?: (?:(?:and|&|of|for|the|AND|OF|FOR|THE) )?[A-Z][A-Za-z]*){0,3}`, 'g');
const JOINERS = new Set(['of', 'for', 'and', '&', 'the']);
/** The capitalized head, "of" or "for", and a capitalized name after it. */
const HEAD_OF = new RegExp(`(?:^|\\s)(?:${HEADS}|${HEADS.toUpperCase()}) (?:of|for|OF|FOR) (?:the |THE )?[A-Z]`);

/** Phrases after which a capitalized name is an organization. */
const CONTEXT = /\b(?:sponsored by|brought to you by|a (?:division|subsidiary|unit|part) of|acquired by|(?:works?|working|worked) (?:for|at)|employed by|employees? of|(?:ceo|cto|cfo|coo|president|founder|co-founder|chairman|spokes(?:man|woman|person)|analyst|staff|professor|researchers?) (?:of|at|for)|shares of|partnered with|(?:an?|the) (?:company|firm|startup|agency|newspaper|bank) called)[:\s]+(?:the\s+)?/gi;
/** A name: capitalized words (or all-caps acronyms), joined by "&", "and", "of". */
const NAME_AT = /(?:[A-Z][\w'’.&-]*)(?:[ \t](?:(?:&|and|of) )?[A-Z][\w'’.&-]*){0,4}/y;

function trimName(s: string): string {
  return s.replace(/[.,'’]+$/, '').replace(/(?:[ \t]+(?:and|of|&))+$/, '');
}

export const organizationDetector: Detector = {
  name: 'organizations',
  types: ['ORGANIZATION'],
  detect(text) {
    const out: Finding[] = [];
    const lex = nameLexicon();
    for (const m of text.matchAll(INSTITUTION)) {
      const words = m[0].split(' ');
      // Drop lead-in words ("the", "a new"), keep capitalized words and joiners, stop at the first other lower-case word.
      let first = 0;
      let offset = 0;
      while (first < words.length && (!/^[A-Z]/.test(words[first]!) || lex.commonWords.has(words[first]!.toLowerCase()))) offset += words[first++]!.length + 1;
      const kept: string[] = [];
      for (const w of words.slice(first)) {
        if (!/^[A-Z]/.test(w) && !JOINERS.has(w.toLowerCase())) break;
        kept.push(w);
      }
      while (kept.length && JOINERS.has(kept[kept.length - 1]!.toLowerCase())) kept.pop();
      const phrase = kept.join(' ');
      if (!HEAD_OF.test(phrase)) continue;
      const start = m.index! + offset;
      out.push({ type: 'ORGANIZATION', start, end: start + phrase.length, confidence: 0.75, rule: 'organization.institution-of' });
    }
    for (const m of text.matchAll(CONTEXT)) {
      NAME_AT.lastIndex = m.index! + m[0].length;
      const n = NAME_AT.exec(text);
      if (!n) continue;
      const name = trimName(n[0]);
      // "president of the Democratic Republic of Congo": a country, not an organization.
      if (name.length < 2 || lex.commonWords.has(name.toLowerCase()) || lex.places.has(name.toLowerCase()) || /\b(?:republic|kingdom|states|emirates)\b/i.test(name)) continue;
      out.push({ type: 'ORGANIZATION', start: n.index, end: n.index + name.length, confidence: 0.65, rule: 'organization.context' });
    }
    return out;
  },
};
