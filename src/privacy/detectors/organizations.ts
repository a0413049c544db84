/**
 * ORGANIZATION from phrase shapes the name lists cannot know: institutions named "X of Y"
 * ("University of Sierra Leone", "FEDERAL MINISTRY OF AVIATION", "Center for Democracy and
 * Technology"), and names after context phrases ("sponsored by: OSDN", "works for Emulex").
 */
import type { Detector, Finding } from '../types.js';
import { nameLexicon } from './lexicon.js';
import { isSpace } from './chars.js';

/** Head nouns of institutions named "<head> of|for <name>". Republic and Kingdom name places. */
const HEADS = new Set(['university', 'ministry', 'bank', 'department', 'dept', 'institute', 'center', 'centre', 'museum', 'academy', 'board', 'council', 'commission', 'committee', 'federation', 'association', 'society', 'union', 'church', 'school', 'college', 'office', 'bureau', 'court', 'embassy', 'government', 'party', 'league', 'chamber', 'agency', 'authority', 'corporation', 'foundation', 'fund', 'trust', 'alliance', 'coalition', 'organisation', 'organization', 'consulate', 'library', 'hospital', 'order', 'guild']);
/** " of " or " for " before a capitalized word: where an institution's name turns. */
const OF = / (?:of|for|OF|FOR) (?:the |THE )?(?=[A-Z])/y;
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
const PHRASE_END = / (?:by|of|at|for|with|called)(?::[ \t]*|[ \t]+)(?:the[ \t]+)?(?=[A-Z])/y;
/**
 * Where OF or PHRASE_END matches: one whole-text scan for both, each then tried (sticky) at its
 * hits. A hit's next search starts one char on, so neither pattern misses a match that starts
 * inside the other's.
 */
const OF_OR_PHRASE_END = new RegExp(`${OF.source}|${PHRASE_END.source}`, 'g');
const PHRASE_BEFORE = /(?:^|[^a-z])(?:sponsored|brought to you|a (?:division|subsidiary|unit|part)|acquired|(?:works?|working|worked)|employed|employees?|ceo|cto|cfo|coo|president|founder|co-founder|chairman|spokes(?:man|woman|person)|analyst|staff|professor|researchers?|shares|partnered|(?:an?|the) (?:company|firm|startup|agency|newspaper|bank))\s+$/i;
const PHRASE_WORD = /^ (by|of|at|for|with|called)/;
/**
 * The last word of each PHRASE_BEFORE phrase, lower case: the letters right before the blanks
 * that end the window must be one of them (or its end, where the window cuts a word), so other
 * windows are not tested.
 */
const PHRASE_LAST_WORDS = new Set(['sponsored', 'you', 'division', 'subsidiary', 'unit', 'part', 'acquired', 'work', 'works', 'working', 'worked', 'employed', 'employee', 'employees', 'ceo', 'cto', 'cfo', 'coo', 'president', 'founder', 'chairman', 'spokesman', 'spokeswoman', 'spokesperson', 'analyst', 'staff', 'professor', 'researcher', 'researchers', 'shares', 'partnered', 'company', 'firm', 'startup', 'agency', 'newspaper', 'bank']);
/** How far before a phrase's last word PHRASE_BEFORE looks. */
const PHRASE_WINDOW = 24;
/** A name: capitalized words (or all-caps acronyms), joined by "&", "and", "of". */
const NAME_AT = /(?:[A-Z][\w'’.&-]*)(?:[ \t](?:(?:&|and|of) )?[A-Z][\w'’.&-]*){0,4}/y;

/**
 * False when PHRASE_BEFORE cannot match the window of text before the blank at `at`: the
 * letters before the window's trailing blanks, from the window's start at most, are not a
 * phrase's last word.
 */
function mayFollowPhrase(text: string, at: number): boolean {
  const from = Math.max(0, at - PHRASE_WINDOW);
  let j = at;
  while (j > from && isSpace(text.charCodeAt(j - 1))) j--;
  let k = j;
  while (k > from && ((text.charCodeAt(k - 1) | 32) >= 97 && (text.charCodeAt(k - 1) | 32) <= 122)) k--;
  return j - k >= 3 && PHRASE_LAST_WORDS.has(text.slice(k, j).toLowerCase());
}

function trimName(s: string): string {
  return s.replace(/[.,'’]+$/, '').replace(/(?:[ \t]+(?:and|of|&))+$/, '');
}

export const organizationDetector: Detector = {
  name: 'organizations',
  types: ['ORGANIZATION'],
  detect(text) {
    const out: Finding[] = [];
    const lex = nameLexicon();
    // Where PHRASE_END matches, taken after all OF findings as before.
    const phrases: number[] = [];
    let lastOf = 0;
    let lastPhrase = 0;
    OF_OR_PHRASE_END.lastIndex = 0;
    for (let hit = OF_OR_PHRASE_END.exec(text); hit; hit = OF_OR_PHRASE_END.exec(text)) {
      const s = hit.index;
      OF_OR_PHRASE_END.lastIndex = s + 1;
      if (s >= lastPhrase) {
        PHRASE_END.lastIndex = s;
        if (PHRASE_END.test(text)) {
          lastPhrase = PHRASE_END.lastIndex;
          phrases.push(s, lastPhrase);
        }
      }
      if (s < lastOf) continue;
      OF.lastIndex = s;
      if (!OF.test(text)) continue;
      lastOf = OF.lastIndex;
      // The head right before "of", capitalized: "University", "MINISTRY", "Dept."
      const at = s;
      const head = WORD_BEFORE.exec(text.slice(Math.max(0, at - 16), at));
      if (!head || !HEADS.has(head[1]!.replace(/\.$/, '').toLowerCase())) continue;
      // Up to three capitalized words before the head ("Federal", "Recording Industry"), no common words.
      let start = at - head[1]!.length;
      for (let k = 0; k < 3; k++) {
        const w = WORD_BEFORE.exec(text.slice(Math.max(0, start - 20), start - 1));
        if (text[start - 1] !== ' ' || !w || lex.commonWords.has(w[1]!.toLowerCase())) break;
        start -= w[1]!.length + 1;
      }
      NAME_AFTER.lastIndex = lastOf;
      const n = NAME_AFTER.exec(text);
      if (!n) continue;
      const tail = n[0].replace(/(?: (?:and|&|of|for|the|AND|OF|FOR|THE))+$/, '');
      const end = n.index + tail.length;
      out.push({ type: 'ORGANIZATION', start, end, confidence: 0.75, rule: 'organization.institution-of' });
    }
    for (let i = 0; i < phrases.length; i += 2) {
      const at = phrases[i]!;
      if (!mayFollowPhrase(text, at)) continue;
      const m0 = text.slice(at, phrases[i + 1]!);
      const w = PHRASE_WORD.exec(m0)![1];
      const before = text.slice(Math.max(0, at - 24), at + 1);
      if (!PHRASE_BEFORE.test(before)) continue;
      // "works for", "sponsored by", "president of": the phrase's last word must fit its first.
      if (w === 'called' !== / (?:company|firm|startup|agency|newspaper|bank)\s+$/i.test(before)) continue;
      NAME_AT.lastIndex = phrases[i + 1]!;
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
