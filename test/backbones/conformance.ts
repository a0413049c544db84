/**
 * The conformance suite every backbone kind passes. A kind's test file calls
 * `runBackboneConformance('onnx', { make, spec, changed })`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import { CancelledError } from '../../src/core/index.js';
import type { Matrix } from '../../src/core/index.js';
import type { Backbone, BackboneSpec } from '../../src/backbones/index.js';

export interface BackboneConformanceOptions {
  /** A fresh backbone on the model under test (not opened). */
  make: () => Backbone;
  /** The same backbone as data, for the child process that must give the same vectors. */
  spec: BackboneSpec;
  /** Environment of that child process, added to this one's. */
  childEnv?: Record<string, string>;
  /** A backbone on a changed model (weights, endpoint, dimensions…): its id must differ. */
  changed: () => Backbone;
  /** Largest difference allowed between two vectors of the same text; default 1e-6. */
  tolerance?: number;
}

export const CONFORMANCE_TEXTS = [
  'The cat sat on the mat.',
  '',
  'A kitten is sleeping on the rug.',
  'Stock markets fell sharply after the interest rate decision.',
  'naïve café 😀 日本語',
  '   ',
  Array.from({ length: 120 }, (_, i) => `word${i % 17}`).join(' '),
  'short',
];

const run = promisify(execFile);
const child = fileURLToPath(new URL('./fixtures/embed-spec-child.ts', import.meta.url));

function maxDiff(a: Float32Array, b: Float32Array | number[]): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

async function opened(b: Backbone): Promise<Backbone> {
  await b.open?.();
  return b;
}

export function runBackboneConformance(name: string, opts: BackboneConformanceOptions): void {
  const tol = opts.tolerance ?? 1e-6;
  const texts = CONFORMANCE_TEXTS;
  describe(`${name} backbone conformance`, () => {
    const open: Backbone[] = [];
    const make = async (): Promise<Backbone> => {
      const b = await opened(opts.make());
      open.push(b);
      return b;
    };
    let reference: Matrix | undefined;
    const referenceOf = async (): Promise<Matrix> => (reference ??= await (await make()).embed(texts));
    after(async () => {
      for (const b of open) await b.close();
    });

    it('gives one finite row of length dim per text, in order; an empty list gives no rows', async () => {
      const b = await make();
      const X = await referenceOf();
      assert.equal(X.rows, texts.length);
      assert.equal(X.cols, b.dim);
      assert.ok(b.dim > 0);
      assert.equal(X.firstNonFinite(), -1);
      assert.ok(maxDiff(X.row(0), X.row(3)) > 1e-3, 'different texts give different vectors');
      const none = await b.embed([]);
      assert.equal(none.rows, 0);
      assert.equal(none.cols, b.dim);
    });

    it('gives a text the same vector alone and inside any batch', async () => {
      const b = await make();
      const X = await referenceOf();
      const reversed = await b.embed([...texts].reverse());
      const doubled = await b.embed([...texts, ...texts]);
      for (let i = 0; i < texts.length; i++) {
        const alone = (await b.embed([texts[i]!])).row(0);
        assert.ok(maxDiff(alone, X.row(i)) <= tol, `text ${i}: alone vs batch ${maxDiff(alone, X.row(i))}`);
        assert.ok(maxDiff(alone, reversed.row(texts.length - 1 - i)) <= tol, `text ${i}: alone vs reversed batch`);
        assert.ok(maxDiff(alone, doubled.row(texts.length + i)) <= tol, `text ${i}: alone vs repeated batch`);
      }
    });

    it('gives the same vectors after close() and reopening; close() twice is safe', async () => {
      const X = await referenceOf();
      const b = opts.make();
      await b.close(); // never opened
      await opened(b);
      const first = await b.embed(texts.slice(0, 3));
      await b.close();
      await b.close();
      const again = await make();
      const second = await again.embed(texts.slice(0, 3));
      for (let i = 0; i < 3; i++) {
        assert.ok(maxDiff(first.row(i), X.row(i)) <= tol);
        assert.ok(maxDiff(second.row(i), X.row(i)) <= tol);
      }
    });

    it('gives the same vectors and id in another process', async () => {
      const X = await referenceOf();
      const b = await make();
      const { stdout } = await run(process.execPath, ['--import', 'tsx', child, JSON.stringify(opts.spec), JSON.stringify(texts)], {
        env: { ...process.env, ...opts.childEnv },
        timeout: 120_000,
        maxBuffer: 64 << 20,
      });
      const got = JSON.parse(stdout) as { id: string; rows: number[][] };
      assert.equal(got.id, b.id);
      for (let i = 0; i < texts.length; i++) assert.ok(maxDiff(X.row(i), got.rows[i]!) <= tol, `text ${i} in another process`);
    });

    it('honours an abort, before and during the work, and works after it', async () => {
      const b = await make();
      const pre = new AbortController();
      pre.abort();
      await assert.rejects(b.embed(texts, { signal: pre.signal }), CancelledError);
      const during = new AbortController();
      const many = Array.from({ length: 700 }, (_, i) => `sentence number ${i} of a long job`);
      await assert.rejects(
        b.embed(many, { signal: during.signal, onProgress: (p) => { if (p.done > 0) during.abort(); } }),
        CancelledError,
      );
      const X = await referenceOf();
      assert.ok(maxDiff((await b.embed([texts[0]!])).row(0), X.row(0)) <= tol);
    });

    it('has a stable id that changes when the model changes', async () => {
      const a = await make();
      const b = await make();
      assert.equal(a.id, b.id);
      assert.ok(!a.id.includes('+') && !a.id.includes(','), 'ids join with + in multi-backbone tasks');
      const c = await opened(opts.changed());
      open.push(c);
      assert.notEqual(c.id, a.id);
    });
  });
}
