import { createHash, hash } from 'node:crypto';
import type { Matrix } from './matrix.js';

/** SHA-256 of a string (UTF-8) or bytes, as lowercase hex. */
export function sha256(input: string | Uint8Array): string {
  return createHash('sha256').update(input).digest('hex');
}

/** A stable hash of a labelled dataset: order-sensitive, over texts and labels. */
export function hashExamples(texts: readonly string[], labels: readonly string[]): string {
  const h = createHash('sha256');
  for (let i = 0; i < texts.length; i++) {
    h.update(texts[i]!);
    h.update('\u0000');
    h.update(labels[i] ?? '');
    h.update('\u0001');
  }
  return h.digest('hex');
}

/** SHA-256 of each row's Float32 bytes, 32 bytes a row, concatenated. */
export function rowDigests(X: Matrix): Uint8Array {
  const out = new Uint8Array(X.rows * 32);
  const bytes = new Uint8Array(X.data.buffer, X.data.byteOffset, X.data.byteLength);
  const w = X.cols * 4;
  for (let i = 0; i < X.rows; i++) out.set(hash('sha256', bytes.subarray(i * w, (i + 1) * w), 'buffer'), i * 32);
  return out;
}
