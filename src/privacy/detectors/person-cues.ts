/**
 * PERSON from the words around a name, not from name lists: a form label ("Name: Farkas
 * Benedek"), a greeting or a closing line, a list of those present, an addressee line, a
 * patient or a recipient ("Ship to …"), a self-introduction in any case ("hey luke berge
 * here"), a birth or age remark after a name, an account or card holder, the one hired, a
 * contact block's name line. The name lists of names.ts know English first names; these cues
 * find names in any alphabet (Unicode letters, Han and kana), which the lists cannot. No list
 * of names is read here: the lexicon's common words only stop a cue from taking "Team" or
 * "SpamAssassin" for a name.
 *
 * Each cue is found from a cheap anchor (a colon, a line that ends with a comma, an "@", a
 * "(", a literal word found with indexOf) and its sticky pattern is tried only there: a
 * whole-text Unicode regex per cue ran at about 4 MB/s for the lot, slower than every other
 * rule together.
 */
import type { Detector, Finding } from '../types.js';
import { isDigit } from './chars.js';
import { nameLexicon, ORG_SUFFIX, type NameLexicon } from './lexicon.js';
import { GREETED, lineBreaks } from './mail-names.js';

/** A capitalized word in any alphabet ("Dębowski", "O'Conner", "Kub-Swaniawski", "McKay"), or a run of Han or kana. */
const WORD = "(?:(?:Mc|Mac|O['’]|D['’])?\\p{Lu}[\\p{Ll}\\p{M}]+(?:-\\p{Lu}[\\p{Ll}\\p{M}]+)*|[\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}ー々]{1,6})";
/** Lower-case particles inside a name: "Maren van de Meer", "Jean van den Berg". */
const PARTICLES = ['van', 'von', 'de', 'der', 'den', 'del', 'della', 'da', 'di', 'du', 'dos', 'das', 'le', 'la', 'ten', 'ter', 'bin', 'ibn', 'al', 'el', 'zu'];
const PARTICLE = `(?:${PARTICLES.join('|')})`;
/** One to four words of a name, with particles between them. */
const NAME = `${WORD}(?:[ \\t]+(?:${PARTICLE}[ \\t]+){0,2}${WORD}){0,3}`;
/** A name in any case (self-introductions are often typed in lower case). */
const ANY_CASE_NAME = "\\p{L}[\\p{L}\\p{M}'’-]*(?:[ \\t]+\\p{L}[\\p{L}\\p{M}'’-]*){0,3}";

/** A name where a cue leaves off, then what may follow it: a comma, a line end, a bracket. */
const NAME_AT = new RegExp(`(${NAME})(?=[ \\t]*(?:[,;(]|\\r?\\n|$))`, 'uy');
/** A name alone on its line, from the line's start. */
const NAME_LINE = new RegExp(`[ \\t>]*(${NAME})[ \\t]*(?=\\r?\\n|$)`, 'duy');

/** Form labels of a name, of the addressee's address and of those present, by the words before a colon. */
const NAME_LABELS = new Set(['Name', 'Full name', 'Full Name', 'Nom', 'Nom complet', 'Nombre', 'Nombre completo', 'Nome', 'Nome completo', 'Naam', 'Navn', 'Namn', 'Nimi', 'Imię i nazwisko', 'Név', 'Jméno', 'Meno', 'Nume', 'İsim', 'Ad Soyad']);
const ADDRESS_LABELS = new Set(['Address', 'Anschrift', 'Adresse', 'Dirección', 'Indirizzo', 'Adres', 'Endereço', 'Morada', 'Adresa', 'Cím', 'Osoite', 'Adress']);
const PRESENT_LABELS = new Set(['Present', 'Attendees', 'Participants', 'Attending', 'Anwesend', 'Teilnehmer', 'Teilnehmende', 'Présents', 'Présent', 'Presentes', 'Presenti', 'Aanwezig', 'Aanwezigen', 'Obecni', 'Jelen vannak', 'Jelen', 'Přítomni', 'Prítomní', 'Närvarande', 'Til stede', 'Tilstede', 'Läsnä', 'Paikalla', 'Prezenți', 'Katılanlar', 'Katılımcılar',
  'Asistentes', 'Participantes', 'Partecipanti', 'Deltagere', 'Deltagare', 'Osallistujat', 'Uczestnicy', 'Résztvevők', 'Účastníci', 'Participanți']);
/** One item of a list of names and the separator after it: ", ", " and ", ", und ". */
const LIST_ITEM = new RegExp(`((?:${PARTICLE}[ \\t]+){0,2}${NAME})(?:[ \\t]*,[ \\t]*(?:(?:and|und|et|y|e|en|i|és|a|och|og|ja|și|ve)[ \\t]+)?|[ \\t]+(?:and|und|et|y|e|en|i|és|a|och|og|ja|și|ve|&)[ \\t]+)?`, 'uy');

/** Words that introduce the person they name: a patient, a recipient ("Ship to Gwendolyn Mohr, 9558 …"). */
const TITLES = ['Patient', 'Patientin', 'Paciente', 'Patiente', 'Paziente', 'Pacjent', 'Pacjentka', 'Ship to', 'Deliver to', 'Send to', 'Attn', 'Attn:', 'Attn.:', 'Attention:', 'z. Hd.', 'z.Hd.'];
/** Verbs whose object is a person: "Deckow Inc hired Nicola Ward". */
const HIRING = ['hired', 'appointed', 'promoted', 'recruited'];

/** A greeting line, from its start to the comma at its end: "Hi Alpertunga Gümüşpala,", "Bonjour Chloé Boyer,". */
const GREETING_LINE = new RegExp(
  `[ \\t>]*(?:Hi|Hello|Hey|Dear|Hallo|Liebe|Lieber|Sehr geehrte Frau|Sehr geehrter Herr|Bonjour|Salut|Cher|Chère|Hola|Estimado|Estimada|Querido|Querida|Ciao|Gentile|Caro|Cara|Hoi|Beste|Hej|Hei|Moi|Cześć|Dzień dobry|Szia|Kedves|Ahoj|Dobrý den|Bună ziua|Bună|Merhaba|Sayın|Olá|Oi|Prezado|Prezada)[ \\t,]+(${NAME})[ \\t]*,`,
  'duy',
);
/** A closing line that ends with a comma, then the name alone on the next line. */
const CLOSING_LINE = new RegExp(
  `[ \\t>]*(?:Kind regards|Best regards|Warm regards|Regards|Best wishes|Best|Cheers|Thanks|Thank you|Sincerely|Yours sincerely|Yours truly|Mit freundlichen Grüßen|Freundliche Grüße|Viele Grüße|Beste Grüße|Liebe Grüße|Cordialement|Bien à vous|Bien cordialement|Saludos|Un saludo|Atentamente|Cordiali saluti|Distinti saluti|Saluti|Met vriendelijke groet|Vriendelijke groet|Groeten|Pozdrawiam|Z poważaniem|Üdvözlettel|Tisztelettel|S pozdravem|S pozdravom|Med vänliga hälsningar|Vänliga hälsningar|Med venlig hilsen|Venlig hilsen|Med vennlig hilsen|Vennlig hilsen|Ystävällisin terveisin|Terveisin|Cu stimă|Cu drag|Saygılarımla|Atenciosamente|Cumprimentos|Com os melhores cumprimentos|Abraços)[ \\t]*,[ \\t]*\\r?\\n[ \\t>]*(${NAME})[ \\t]*(?=\\r?\\n|$)`,
  'duy',
);
/** "hey luke berge here", "hi, it's anna here": read backwards from "here". */
const SELF_INTRO = new RegExp(
  `(?:^|[^\\p{L}\\p{M}])(?:hey|hi|hello|hallo|salut|hola|ciao|hej|hei|moi|szia|ahoj|merhaba|olá|oi)[ \\t,]+(?:(?:it'?s|it’s|this is|i'?m|i’m|c'est|ich bin|soy|sono|ik ben|jestem)[ \\t]+)?(${ANY_CASE_NAME})[ \\t]+$`,
  'diu',
);
/** A birth or an age after a name and a comma: "Abel Smitham, born 1988", "Fenja Delonge, geboren 1957", "Antal Sándor, 13 years old". */
const BIO_AFTER = /,[ \t]+(?:born|aged|age\b|geboren|née?\b|nacid[oa]|nat[oa]\b|nascid[oa]|urodzon[ya]|született|narozen|född|født|syntynyt|născut|doğumlu|a \d{1,3}-year-old|\d{1,3} (?:years old|Jahre|ans|años|anni|jaar|lat|éves|let|år|vuotta|ani|yaşında))/g;
/** The name before BIO_AFTER's comma, at a line's or a sentence's start. */
const NAME_BEFORE_BIO = new RegExp(`(?:^|\\n|[.!?;:][ \\t]+)[ \\t>\\-]*(${NAME})$`, 'u');
/** The expiry after a cardholder's name: "2221 9710 0897 4249, Edgardo Schiller, exp. 02/30". */
const EXPIRY_AFTER = /,[ \t]*(?:exp|valid|gültig|expir|vence|scad|ważn|lejár)/g;
const HOLDER_BEFORE_EXPIRY = new RegExp(`\\d,[ \\t]*(${NAME})$`, 'u');
/** An account word earlier on the line of an account holder in brackets: "IBAN: DE64 … (Alexandrine Nienow)". */
const ACCOUNT_WORD = /(?:IBAN|[Aa]ccount|Konto|[Cc]ompte|[Cc]uenta|[Cc]onto|[Rr]ekening|[Cc]ard)[^\n]*$/;
/** After a licensee's name and a dash: a licence word. */
const LICENCE_AFTER = new RegExp(`[ \\t]+[—–][ \\t]+(?:DL|[Dd]riv|[Ll]icen|Führerschein|[Pp]ermis|[Cc]arn|[Pp]atente|[Rr]ijbewijs|[Cc]arteira|CNH)`, 'y');

/** Letters (ASCII and beyond U+00BF) for reading a label's words backwards from its colon. */
function isLetter(c: number): boolean {
  return ((c | 32) >= 97 && (c | 32) <= 122) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7);
}

/** The one, two or three words before text[colon] (blanks between allowed), the longest that is in `labels`. */
function labelBefore(text: string, colon: number): string | undefined {
  let e = colon;
  while (e > 0 && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
  let s = e;
  let found: string | undefined;
  for (let words = 0; words < 3; words++) {
    const wordEnd = s;
    while (s > 0 && isLetter(text.charCodeAt(s - 1)) && wordEnd - s < 24) s--;
    if (s === wordEnd) break;
    const label = text.slice(s, e);
    if (NAME_LABELS.has(label) || ADDRESS_LABELS.has(label) || PRESENT_LABELS.has(label)) found = label;
    if (s === 0 || text.charCodeAt(s - 1) !== 32) break;
    s--;
  }
  // The label stands as a word: nothing of a word just before it.
  return found;
}

interface Cue {
  rule: string;
  confidence: number;
  /** A strong cue takes a name of common words too ("Name: Major Milla"); a weak one does not ("Hi Team,"). */
  strong: boolean;
}

const LABELLED: Cue = { rule: 'person.labelled', confidence: 0.75, strong: true };
const ADDRESSEE: Cue = { rule: 'person.addressee', confidence: 0.7, strong: true };
const PRESENT: Cue = { rule: 'person.present', confidence: 0.7, strong: true };
const TITLED: Cue = { rule: 'person.titled', confidence: 0.7, strong: true };
const GREETING: Cue = { rule: 'person.greeting', confidence: 0.7, strong: false };
const CLOSING: Cue = { rule: 'person.closing', confidence: 0.7, strong: false };
const INTRODUCED: Cue = { rule: 'person.self-introduction', confidence: 0.7, strong: true };
const BIO: Cue = { rule: 'person.bio', confidence: 0.65, strong: true };
const HOLDER: Cue = { rule: 'person.account-holder', confidence: 0.7, strong: false };
const CARDHOLDER: Cue = { rule: 'person.cardholder', confidence: 0.7, strong: false };
const HIRED: Cue = { rule: 'person.object', confidence: 0.6, strong: false };
const CONTACT: Cue = { rule: 'person.contact-block', confidence: 0.6, strong: false };
const LICENSEE: Cue = { rule: 'person.licensee', confidence: 0.65, strong: true };

/** True when the words can be a person's name after this cue: not an organization, a role or a dictionary phrase. */
function personLike(words: readonly string[], lex: NameLexicon, strong: boolean): boolean {
  const lower = words.map((w) => w.toLowerCase());
  if (ORG_SUFFIX.has(lower[lower.length - 1]!)) return false;
  if (words.length === 1 && lex.honorifics.has(lower[0]!)) return false;
  // What a greeting greets that is not a person: "Dear Sirs", "Hi Sweetie", "Hello Everybody".
  if (lower.some((w) => GREETED.has(w))) return false;
  const known = (w: string): boolean => lex.firstNames.has(w) || lex.lastNames.has(w);
  // Capitalized sentence words ("The", "Thanks", "Subject") never start or make a name.
  if (lower.some((w) => lex.commonWords.has(w) && !known(w))) return false;
  const plain = (w: string): boolean => lex.otherWords.has(w) || lex.places.has(w);
  // A strong cue ("Name:") takes dictionary words as names ("Major Milla") unless all of them are; a weak one takes none.
  return strong ? !lower.every((w) => plain(w) && !known(w)) : !lower.some((w) => plain(w) && !known(w));
}

/** Titles that may lead a name a cue takes whole ("Patient Madison Medhurst, aged 39"): not part of it. */
const LEADING_TITLES = new Set(TITLES.filter((t) => !t.includes(' ')).map((t) => t.toLowerCase()));

function push(start: number, name: string, cue: Cue, lex: NameLexicon, out: Finding[]): void {
  for (let lead = /^\S+/.exec(name)?.[0]; lead !== undefined && lead.length < name.length; lead = /^\S+/.exec(name)?.[0]) {
    const w = lead.toLowerCase();
    if (!lex.honorifics.has(w) && !LEADING_TITLES.has(w)) break;
    const cut = name.slice(lead.length).search(/\S/) + lead.length;
    start += cut;
    name = name.slice(cut);
  }
  const words = name.split(/[ \t]+/).filter((w) => !PARTICLES.includes(w.toLowerCase()));
  if (!words.length || !personLike(words, lex, cue.strong)) return;
  out.push({ type: 'PERSON', start, end: start + name.length, confidence: cue.confidence, rule: cue.rule });
}

/** NAME_AT at `at`, after blanks: the name's start and text, or undefined. */
function nameAt(text: string, at: number): [number, string] | undefined {
  while (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9) at++;
  NAME_AT.lastIndex = at;
  const m = NAME_AT.exec(text);
  return m ? [at, m[1]!] : undefined;
}

/** Labels before a colon: a name after "Name:", the addressee's line after "Address:", the list after "Present:". */
function labelled(text: string, lex: NameLexicon, out: Finding[]): void {
  for (let k = text.indexOf(':'); k >= 0; k = text.indexOf(':', k + 1)) {
    if (k === 0 || !isLetter(text.charCodeAt(k - 1)) && text.charCodeAt(k - 1) !== 32) continue;
    const label = labelBefore(text, k);
    if (label === undefined) continue;
    if (NAME_LABELS.has(label)) {
      const n = nameAt(text, k + 1);
      if (n) push(n[0], n[1], LABELLED, lex, out);
    } else if (ADDRESS_LABELS.has(label)) {
      let at = k + 1;
      while (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9) at++;
      if (text.charCodeAt(at) === 13) at++;
      if (text.charCodeAt(at) !== 10) continue;
      NAME_LINE.lastIndex = at + 1;
      const m = NAME_LINE.exec(text);
      if (m) push(m.indices![1]![0], m[1]!, ADDRESSEE, lex, out);
    } else {
      let at = k + 1;
      while (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9) at++;
      for (let items = 0; items < 30; items++) {
        LIST_ITEM.lastIndex = at;
        const item = LIST_ITEM.exec(text);
        if (!item) break;
        push(at, item[1]!, PRESENT, lex, out);
        at += item[0].length;
        if (item[0].length === item[1]!.length) break;
      }
    }
  }
}

/** Greeting lines and closings, from the lines that end with a comma. */
function commaLines(text: string, lex: NameLexicon, out: Finding[]): void {
  for (const comma of lineBreaks(text).commaEnd) {
    const ls = text.lastIndexOf('\n', comma) + 1;
    if (comma - ls > 80) continue;
    GREETING_LINE.lastIndex = ls;
    const g = GREETING_LINE.exec(text);
    if (g && GREETING_LINE.lastIndex === comma + 1) push(g.indices![1]![0], g[1]!, GREETING, lex, out);
    CLOSING_LINE.lastIndex = ls;
    const c = CLOSING_LINE.exec(text);
    if (c) push(c.indices![1]![0], c[1]!, CLOSING, lex, out);
  }
}

/** Every index of `word` in the text that stands as a word (no letter just before or after). */
function* wordsAt(text: string, word: string): Generator<number> {
  for (let k = text.indexOf(word); k >= 0; k = text.indexOf(word, k + 1)) {
    if (k > 0 && isLetter(text.charCodeAt(k - 1))) continue;
    if (isLetter(text.charCodeAt(k + word.length)) && isLetter(word.charCodeAt(word.length - 1))) continue;
    yield k;
  }
}

function titled(text: string, lex: NameLexicon, out: Finding[]): void {
  for (const title of TITLES) {
    for (const k of wordsAt(text, title)) {
      const after = text.charCodeAt(k + title.length);
      if (after !== 32 && after !== 9) continue;
      const n = nameAt(text, k + title.length);
      if (n) push(n[0], n[1], TITLED, lex, out);
    }
  }
  for (const verb of HIRING) {
    for (const k of wordsAt(text, verb)) {
      if (text.charCodeAt(k + verb.length) !== 32) continue;
      NAME_ANY.lastIndex = k + verb.length + 1;
      const m = NAME_ANY.exec(text);
      if (m) push(k + verb.length + 1, m[0], HIRED, lex, out);
    }
  }
}

const NAME_ANY = new RegExp(NAME, 'uy');

/** Self-introductions, read backwards from each "here" that ends a word. */
function introductions(text: string, lex: NameLexicon, out: Finding[]): void {
  for (let k = text.indexOf('here'); k >= 0; k = text.indexOf('here', k + 1)) {
    if (k === 0 || (text.charCodeAt(k - 1) !== 32 && text.charCodeAt(k - 1) !== 9) || isLetter(text.charCodeAt(k + 4))) continue;
    const from = Math.max(0, k - 80);
    const m = SELF_INTRO.exec(text.slice(from, k));
    if (!m) continue;
    const start = from + m.indices![1]![0];
    // Lower-case names are common here; a name of dictionary words only ("hi everyone here") is none.
    push(start, m[1]!, INTRODUCED, lex, out);
  }
}

/** A name before a birth or age remark, a cardholder before an expiry. */
function before(text: string, lex: NameLexicon, out: Finding[], after: RegExp, nameBefore: RegExp, cue: Cue): void {
  after.lastIndex = 0;
  for (let m = after.exec(text); m; m = after.exec(text)) {
    const from = Math.max(0, m.index - 80);
    const b = nameBefore.exec(text.slice(from, m.index));
    if (b) push(m.index - b[1]!.length, b[1]!, cue, lex, out);
  }
}

/** An account holder in brackets right after an account number, with an account word earlier on the line. */
function holders(text: string, lex: NameLexicon, out: Finding[]): void {
  for (let k = text.indexOf('('); k >= 0; k = text.indexOf('(', k + 1)) {
    let j = k - 1;
    while (j >= 0 && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j--;
    if (j < 0 || !isDigit(text.charCodeAt(j))) continue;
    NAME_ANY.lastIndex = k + 1;
    const m = NAME_ANY.exec(text);
    if (!m || text.charCodeAt(k + 1 + m[0].length) !== 41) continue;
    if (!ACCOUNT_WORD.test(text.slice(Math.max(0, text.lastIndexOf('\n', k) + 1, k - 80), k))) continue;
    push(k + 1, m[0], HOLDER, lex, out);
  }
}

/** True when text[ls, at) is blanks, then an address's local part ([\w.+-]+): the line starts with the address at `at`. */
function mailLineStart(text: string, ls: number, at: number): boolean {
  let i = ls;
  while (i < at && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i === at) return false;
  for (; i < at; i++) {
    const c = text.charCodeAt(i);
    if (!(isLetter(c) && c < 128) && !isDigit(c) && c !== 95 && c !== 46 && c !== 43 && c !== 45) return false;
  }
  return true;
}

/** The name line just above a line that starts with an e-mail address; a name, a dash and a licence word. */
function blocks(text: string, lex: NameLexicon, out: Finding[]): void {
  let lastLine = -1;
  for (let k = text.indexOf('@'); k >= 0; k = text.indexOf('@', k + 1)) {
    const ls = text.lastIndexOf('\n', k) + 1;
    if (ls < 2 || ls === lastLine) continue;
    lastLine = ls;
    if (!mailLineStart(text, ls, k)) continue;
    NAME_LINE.lastIndex = text.lastIndexOf('\n', ls - 2) + 1;
    const m = NAME_LINE.exec(text);
    const e = NAME_LINE.lastIndex;
    if (m && (e === ls - 1 || (e === ls - 2 && text.charCodeAt(e) === 13))) push(m.indices![1]![0], m[1]!, CONTACT, lex, out);
  }
  for (const dash of ['—', '–']) {
    for (let k = text.indexOf(dash); k >= 0; k = text.indexOf(dash, k + 1)) {
      const ls = text.lastIndexOf('\n', k) + 1;
      if (k - ls > 60) continue;
      NAME_ANY.lastIndex = ls;
      while (text.charCodeAt(NAME_ANY.lastIndex) === 32 || text.charCodeAt(NAME_ANY.lastIndex) === 9) NAME_ANY.lastIndex++;
      const at = NAME_ANY.lastIndex;
      const m = NAME_ANY.exec(text);
      if (!m) continue;
      LICENCE_AFTER.lastIndex = at + m[0].length;
      if (LICENCE_AFTER.test(text)) push(at, m[0], LICENSEE, lex, out);
    }
  }
}

export const personCuesDetector: Detector = {
  name: 'person-cues',
  types: ['PERSON'],
  detect(text) {
    const out: Finding[] = [];
    const lex = nameLexicon();
    labelled(text, lex, out);
    commaLines(text, lex, out);
    titled(text, lex, out);
    introductions(text, lex, out);
    before(text, lex, out, BIO_AFTER, NAME_BEFORE_BIO, BIO);
    before(text, lex, out, EXPIRY_AFTER, HOLDER_BEFORE_EXPIRY, CARDHOLDER);
    holders(text, lex, out);
    blocks(text, lex, out);
    return out;
  },
};
