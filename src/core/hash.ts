import { createHash } from 'node:crypto';

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
