/**
 * Context words raise a finding's confidence, as in Presidio: "call me at" before a number
 * makes it more likely a phone number, "DOB" before a date makes it a date of birth.
 */
import type { Finding, PiiType } from './types.js';

/** How far before a span (in characters) context words are looked for. */
const WINDOW_BEFORE = 48;
/** A shorter window after the span ("... (mobile)", "... is my SSN"). */
const WINDOW_AFTER = 24;

/**
 * Words for a phone in Chinese (simplified and traditional), Japanese and Korean, written without
 * spaces around them ("联系电话：0760-2312136", "電話0937063831"): matched anywhere in the window.
 */
export const CJK_PHONE_WORDS: readonly string[] = Object.freeze([
  '电话', '電話', '手机', '手機', '传真', '傳真', '联系', '聯絡', '聯繫', '热线', '熱線', '座机', '携帯', '전화', '팩스', '휴대폰', '연락처',
]);

/** Lower-case context words per type. Matched as whole words in the window (CJK_PHONE_WORDS anywhere). */
export const CONTEXT_WORDS: Readonly<Partial<Record<PiiType, readonly string[]>>> = Object.freeze({
  PHONE: ['phone', 'call', 'tel', 'telephone', 'fax', 'mobile', 'cell', 'cellphone', 'ph', 'contact', 'dial', 'number', 'toll', 'free', 'ext', 'voice', 'hotline', 'whatsapp', 'gsm',
    'reach', 'text', 'sms', 'ring', 'telefon', 'tél', 'téléphone', 'portable', 'handy', 'teléfono', 'telefono', 'telefone', 'telefoon', 'móvil', 'movil', 'cellulare', 'celular', 'mobiel',
    'appelez', 'llámame', 'chiamami', 'ligue', 'bel', 'erreichbar', 'rufnummer', 'numéro', 'número', 'numero', 'nummer', ...CJK_PHONE_WORDS],
  CREDIT_CARD: ['card', 'credit', 'debit', 'visa', 'mastercard', 'amex', 'discover', 'cc', 'payment', 'pan', 'refund',
    'karte', 'kartennummer', 'kreditkarte', 'carte', 'tarjeta', 'carta', 'kaart', 'kaartnummer', 'cartão', 'cartao'],
  US_SSN: ['ssn', 'social', 'security', 'ss#', 'ssa'],
  IBAN: ['iban', 'bank', 'account', 'transfer', 'wire', 'swift', 'bic'],
  DATE_TIME: ['dob', 'born', 'birth', 'birthday', 'birthdate'],
  PERSON: ['mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'dear', 'hi', 'hello', 'hey', 'thanks', 'regards', 'sincerely', 'cheers', 'name', 'from', 'cc', 'wrote', 'writes', 'says', 'said', 'contact', 'attn', 'sir', 'madam'],
  LOCATION: ['in', 'at', 'near', 'address', 'street', 'city', 'located', 'from', 'live', 'lives', 'visit', 'office'],
  ORGANIZATION: ['at', 'company', 'corp', 'inc', 'work', 'works', 'employer', 'joined', 'by'],
  SECRET: ['key', 'token', 'secret', 'password', 'passwd', 'pwd', 'apikey', 'api', 'auth', 'bearer', 'credential', 'credentials'],
  CRYPTO: ['btc', 'bitcoin', 'eth', 'ethereum', 'wallet', 'address', 'crypto'],
});

/** One case-insensitive regex per word list, compiled once, and a letter every word of the list holds. */
interface WordListTest {
  re: RegExp;
  /** Char codes (lower and upper case) of an ASCII letter or digit in every word, or empty: no window without one can match. */
  need: readonly number[];
}
const wordListRe = new Map<readonly string[], WordListTest>();

function regexFor(words: readonly string[]): WordListTest {
  let t = wordListRe.get(words);
  if (!t) {
    const alternatives = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    const re = new RegExp(`(?<![a-z#])(?:${alternatives})(?![a-z#])`, 'i');
    let common = [...new Set(words[0]?.toLowerCase() ?? '')].filter((c) => /[a-z0-9]/.test(c));
    for (const w of words) common = common.filter((c) => w.toLowerCase().includes(c));
    const c = common[0];
    t = { re, need: c === undefined ? [] : [c.charCodeAt(0), c.toUpperCase().charCodeAt(0)] };
    wordListRe.set(words, t);
  }
  return t;
}

/** True when one of the char codes occurs in text[from, to). */
function holds(text: string, from: number, to: number, codes: readonly number[]): boolean {
  const a = codes[0]!;
  const b = codes[1]!;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === a || c === b) return true;
  }
  return false;
}

/**
 * True when one of `words` occurs as a whole word in the text around [start, end): up to
 * WINDOW_BEFORE characters before it or WINDOW_AFTER after it. Tests only those two short
 * windows, never the whole text; a list whose words share a letter tests a window only when it
 * holds that letter.
 */
export function hasContext(text: string, start: number, end: number, words: readonly string[]): boolean {
  const { re, need } = regexFor(words);
  const from = Math.max(0, start - WINDOW_BEFORE);
  const to = Math.min(text.length, end + WINDOW_AFTER);
  // Each window is tested only when it holds the letter.
  if ((!need.length || holds(text, from, start, need)) && re.test(text.slice(from, start))) return true;
  return (!need.length || holds(text, end, to, need)) && re.test(text.slice(end, to));
}

/**
 * Returns the finding with its confidence raised by `boost` (capped at 1) when a context
 * word of its type occurs nearby.
 */
export function withContext(text: string, f: Finding, boost = 0.25): Finding {
  const words = CONTEXT_WORDS[f.type];
  if (!words || !hasContext(text, f.start, f.end, words)) return f;
  return { ...f, confidence: Math.min(1, round2(f.confidence + boost)) };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
