/**
 * A generated companion set for the types the mail corpus does not contain (cards, IBANs,
 * SSNs, MACs, crypto addresses, secrets) and for near-misses that must NOT be found
 * (Luhn-failing numbers, bad IBAN check digits, never-issued SSNs). Labels are exact by
 * construction. Seeded: the same seed gives the same texts.
 */
import { Rng } from '../../src/core/index.js';
import type { BenchItem, Span } from './corpus.js';

/** Assigned US area codes: random three digits are often unassigned, and not a phone number. */
const AREA = [212, 213, 305, 312, 404, 415, 503, 512, 617, 702, 713, 808, 919, 206, 303];
const FIRST = ['Maria', 'James', 'Aisha', 'Chen', 'Olga', 'Pedro', 'Fatima', 'Liam', 'Noor', 'Elena'];
const LAST = ['Garcia', 'Okafor', 'Novak', 'Schmidt', 'Tanaka', 'Murphy', 'Haddad', 'Larsen', 'Rossi', 'Kowalski'];

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(10));
  return s;
}

function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

function card(rng: Rng, valid: boolean): string {
  const prefix = ['4', '51', '55', '2221', '34', '6011'][rng.int(6)]!;
  const len = prefix === '34' ? 15 : 16;
  const body = prefix + digits(rng, len - 1 - prefix.length);
  const check = luhnDigit(body);
  const d = body + (valid ? check : String((Number(check) + 1 + rng.int(8)) % 10));
  return len === 16 && rng.next() < 0.6 ? d.replace(/(\d{4})(?=\d)/g, '$1 ') : d;
}

function iban(rng: Rng, valid: boolean): string {
  const [cc, len] = ([['DE', 22], ['GB', 22], ['FR', 27], ['NL', 18], ['ES', 24]] as const)[rng.int(5)]!;
  const bban = cc === 'GB' ? 'NWBK' + digits(rng, len - 8) : cc === 'NL' ? 'ABNA' + digits(rng, len - 8) : digits(rng, len - 4);
  const num = (bban + cc + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of num) rem = (rem * 10 + Number(ch)) % 97;
  let check = 98 - rem;
  if (!valid) check = ((check + 1 + rng.int(90)) % 97) + 2;
  const compact = cc + String(check).padStart(2, '0') + bban;
  return rng.next() < 0.5 ? compact : compact.replace(/(.{4})(?=.)/g, '$1 ');
}

function ssn(rng: Rng, valid: boolean): string {
  if (!valid) return ['000', '666', '9' + digits(rng, 2)][rng.int(3)] + '-' + digits(rng, 2).replace('00', '12') + '-' + digits(rng, 4).replace('0000', '1234');
  const area = String(1 + rng.int(665)).padStart(3, '0');
  return `${area === '666' ? '667' : area}-${String(1 + rng.int(98)).padStart(2, '0')}-${String(1 + rng.int(9998)).padStart(4, '0')}`;
}

const hex = (rng: Rng, n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[rng.int(16)]).join('');

type Part = string | [string, string];

/** Builds one item from parts: plain strings, or [type, value] spans. */
function item(id: string, parts: Part[]): BenchItem {
  let text = '';
  const spans: Span[] = [];
  for (const p of parts) {
    if (typeof p === 'string') text += p;
    else {
      spans.push({ start: text.length, end: text.length + p[1].length, type: p[0] });
      text += p[1];
    }
  }
  return { id, text, spans };
}

/** `n` generated items, about a third of them near-misses with no labelled span. */
export function syntheticItems(n = 300, seed = 7): BenchItem[] {
  const rng = new Rng(seed);
  const out: BenchItem[] = [];
  for (let i = 0; i < n; i++) {
    const name = `${FIRST[rng.int(FIRST.length)]} ${LAST[rng.int(LAST.length)]}`;
    const k = i % 12;
    const id = `synthetic-${i}`;
    switch (k) {
      case 0: out.push(item(id, ['Please charge my card ', ['CREDIT_CARD', card(rng, true)], ' for the renewal, thanks ', ['PERSON', name.split(' ')[0]!]])); break;
      case 1: out.push(item(id, ['Order ref ', card(rng, false), ' was shipped on time.'])); break;
      case 2: out.push(item(id, ['Wire the refund to IBAN ', ['IBAN', iban(rng, true)], ' before Friday.'])); break;
      case 3: out.push(item(id, ['Tracking code ', iban(rng, false).replace(/ /g, ''), ' is not recognised.'])); break;
      case 4: out.push(item(id, ['Employee ', ['PERSON', name], ', SSN ', ['US_SSN', ssn(rng, true)], ', starts Monday.'])); break;
      case 5: out.push(item(id, ['Form field 7 reads ', ssn(rng, false), ' which is invalid.'])); break;
      case 6: out.push(item(id, ['The router at ', ['IP_ADDRESS', `10.${rng.int(256)}.${rng.int(256)}.${1 + rng.int(254)}`], ' has MAC ', ['MAC_ADDRESS', Array.from({ length: 6 }, () => hex(rng, 2)).join(':')], '.'])); break;
      case 7: out.push(item(id, ['Build ', `${rng.int(9)}.${rng.int(20)}.${rng.int(20)}.${rng.int(300)}.${rng.int(9)}`, ' fixed the crash at 12:', String(10 + rng.int(49)), '.'])); break;
      case 8: out.push(item(id, ['Reach ', ['PERSON', name], ' at ', ['EMAIL', `${name.toLowerCase().replace(' ', '.')}@example.com`], ' or ', ['PHONE', `+1 (${AREA[rng.int(AREA.length)]}) ${200 + rng.int(700)}-${String(rng.int(10000)).padStart(4, '0')}`], '.'])); break;
      case 9: out.push(item(id, ['export AWS_ACCESS_KEY_ID=', ['SECRET', 'AKIA' + Array.from({ length: 16 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[rng.int(32)]).join('')], ' # rotate me'])); break;
      case 10: out.push(item(id, ['Donations: ', ['CRYPTO', '0x' + hex(rng, 40)], ' (ETH).'])); break;
      default: { const b = digits(rng, 15); out.push(item(id, ['Invoice ', b + String((Number(luhnDigit(b)) + 5) % 10), ' of ', String(1 + rng.int(28)), ' items, total ', digits(rng, 3), '.', digits(rng, 2), ' EUR.'])); break; }
    }
  }
  return out;
}
