/**
 * ORGANIZATION from phrase shapes the name lists cannot know: institutions named "X of Y"
 * ("University of Sierra Leone", "FEDERAL MINISTRY OF AVIATION", "Center for Democracy and
 * Technology"), and names after context phrases ("sponsored by: OSDN", "works for Emulex").
 */
import type { Detector, Finding } from '../types.js';
import { nameLexicon } from './lexicon.js';

/** Head nouns of institutions named "<head> of|for <name>". Republic and Kingdom name places. */
const HEADS = new Set(['university', 'ministry', 'bank', 'department', 'dept', 'institute', 'center', 'centre', 'museum', 'academy', 'board', 'council', 'commission', 'committee', 'federation', 'association', 'society', 'union', 'church', 'school', 'college', 'office', 'bureau', 'court', 'embassy', 'government', 'party', 'league', 'chamber', 'agency', 'authority', 'corporation', 'foundation', 'fund', 'trust', 'alliance', 'coalition', 'organisation', 'organization', 'consulate', 'library', 'hospital', 'order', 'guild']);
/** " of " or " for " before a capitalized word: where an institution's name turns. */
const OF = / (?:of|for|OF|FOR) (?:the |THE )?(?=[A-Z])/g;
const JOINERS = new Set(['of', 'for', 'and', '&', 'the']);
/** A capitalized word (or one in capitals), read backwards from a position. */
const WORD_BEFORE = /([A-Z][A-Za-z]*\.?)$/;
/** Capitalized words and joiners after "of": "Sierra Leone", "Democracy and Technology". */
const NAME_AFTER = /[A-Z][A-Za-z]*(?: (?:(?:and|&|of|for|the|AND|OF|FOR|THE) )?[A-Z][A-Za-z]*){0,3}/y;

/**
 * Phrases after which a capitalized name is an organization. Found from their last word
 * (by, of, at, for, with, called) before a capital, then checked backwards: one regex with
 * every phrase would be tried at every position of the text.
 */
const PHRASE_END = / (?:by|of|at|for|with|called)(?::[ \t]*|[ \t]+)(?:the[ \t]+)?(?=[A-Z])/g;
const PHRASE_BEFORE = /(?:^|[^a-z])(?:sponsored|brought to you|a (?:division|subsidiary|unit|part)|acquired|(?:works?|working|worked)|employed|employees?|ceo|cto|cfo|coo|president|founder|co-founder|chairman|spokes(?:man|woman|person)|analyst|staff|professor|researchers?|shares|partnered|(?:an?|the) (?:company|firm|startup|agency|newspaper|bank))\s+$/i;
const PHRASE_WORD = /^ (by|of|at|for|with|called)/;
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
    for (const m of text.matchAll(OF)) {
      // The head right before "of", capitalized: "University", "MINISTRY", "Dept."
      const at = m.index!;
      const head = WORD_BEFORE.exec(text.slice(Math.max(0, at - 16), at));
      if (!head || !HEADS.has(head[1]!.replace(/\.$/, '').toLowerCase())) continue;
      // Up to three capitalized words before the head ("Federal", "Recording Industry"), no common words.
      let start = at - head[1]!.length;
      for (let k = 0; k < 3; k++) {
        const w = WORD_BEFORE.exec(text.slice(Math.max(0, start - 20), start - 1));
        if (text[start - 1] !== ' ' || !w || lex.commonWords.has(w[1]!.toLowerCase())) break;
        start -= w[1]!.length + 1;
      }
      NAME_AFTER.lastIndex = at + m[0].length;
      const n = NAME_AFTER.exec(text);
      if (!n) continue;
      const tail = n[0].replace(/(?: (?:and|&|of|for|the|AND|OF|FOR|THE))+$/, '');
      const end = n.index + tail.length;
      out.push({ type: 'ORGANIZATION', start, end, confidence: 0.75, rule: 'organization.institution-of' });
    }
    for (const m of text.matchAll(PHRASE_END)) {
      const w = PHRASE_WORD.exec(m[0])![1];
      const before = text.slice(Math.max(0, m.index! - 24), m.index! + 1);
      if (!PHRASE_BEFORE.test(before)) continue;
      // "works for", "sponsored by", "president of": the phrase's last word must fit its first.
      if (w === 'called' !== / (?:company|firm|startup|agency|newspaper|bank)\s+$/i.test(before)) continue;
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
