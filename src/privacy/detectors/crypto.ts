/** CRYPTO wallet addresses: Bitcoin base58check and bech32, Ethereum. */
import { createHash } from 'node:crypto';
import type { Detector, Finding } from '../types.js';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BTC_LEGACY = /\b[13][1-9A-HJ-NP-Za-km-z]{25,34}\b/g;
const BTC_BECH32 = /\b(?:bc1|tb1)[ac-hj-np-z02-9]{11,71}\b/gi;
const ETH = /\b0x[0-9a-fA-F]{40}\b/g;
/**
 * What BTC_LEGACY or BTC_BECH32 must start with (their shortest run, the bech32 prefix's case
 * spelled out: without u, the i flag folds ASCII letters only), in one scan that gates both:
 * in raw mail 1 text in 200 has it, and a scan costs about as much whatever its pattern.
 * Each starts at the digit or letter its lookbehind checks, where \b holds.
 */
const BTC_HINT = /[13](?<=\b[13])[1-9A-HJ-NP-Za-km-z]{25}|1(?<=\b(?:[bB][cC]|[tT][bB])1)[ac-hj-np-zAC-HJ-NP-Z02-9]{11}/;

/** Decodes base58 to bytes, or undefined on a bad character. */
function base58Decode(s: string): Uint8Array | undefined {
  let n = 0n;
  for (const ch of s) {
    const v = BASE58.indexOf(ch);
    if (v < 0) return undefined;
    n = n * 58n + BigInt(v);
  }
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  for (const ch of s) {
    if (ch !== '1') break;
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

/** Base58check: the last 4 bytes are the first 4 of SHA-256(SHA-256(payload)). */
export function base58CheckValid(s: string): boolean {
  const b = base58Decode(s);
  if (!b || b.length !== 25) return false;
  const payload = b.subarray(0, 21);
  const h = createHash('sha256').update(createHash('sha256').update(payload).digest()).digest();
  return h[0] === b[21] && h[1] === b[22] && h[2] === b[23] && h[3] === b[24];
}

const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

function bech32Polymod(values: number[]): number {
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const b = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((b >>> i) & 1) chk ^= GEN[i]!;
  }
  return chk >>> 0;
}

/** BIP-173 / BIP-350 checksum (bech32 or bech32m) of a segwit address. */
export function bech32Valid(addr: string): boolean {
  if (addr !== addr.toLowerCase() && addr !== addr.toUpperCase()) return false;
  const s = addr.toLowerCase();
  const pos = s.lastIndexOf('1');
  if (pos < 1 || pos + 7 > s.length) return false;
  const hrp = s.slice(0, pos);
  const data: number[] = [];
  for (const ch of s.slice(pos + 1)) {
    const v = BECH32_CHARSET.indexOf(ch);
    if (v < 0) return false;
    data.push(v);
  }
  const expanded = [...hrp].map((c) => c.charCodeAt(0) >> 5).concat([0], [...hrp].map((c) => c.charCodeAt(0) & 31));
  const pm = bech32Polymod(expanded.concat(data));
  return pm === 1 || pm === 0x2bc830a3;
}

export const cryptoDetector: Detector = {
  name: 'crypto',
  types: ['CRYPTO'],
  detect(text) {
    const out: Finding[] = [];
    if (BTC_HINT.test(text)) {
      for (const m of text.matchAll(BTC_LEGACY)) {
        if (base58CheckValid(m[0])) out.push({ type: 'CRYPTO', start: m.index!, end: m.index! + m[0].length, confidence: 0.95, rule: 'crypto.btc.base58check' });
      }
      for (const m of text.matchAll(BTC_BECH32)) {
        if (bech32Valid(m[0])) out.push({ type: 'CRYPTO', start: m.index!, end: m.index! + m[0].length, confidence: 0.95, rule: 'crypto.btc.bech32' });
      }
    }
    // No keccak in node:crypto, so the EIP-55 mixed-case checksum is not verified. Looked for only after a "0x" (indexOf is twice as fast as the scan).
    if (text.includes('0x')) for (const m of text.matchAll(ETH)) {
      out.push({ type: 'CRYPTO', start: m.index!, end: m.index! + m[0].length, confidence: 0.8, rule: 'crypto.eth' });
    }
    return out;
  },
};
