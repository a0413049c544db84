/**
 * What the NER stage costs with a model of a public NER model's shape. No real NER weights can
 * be fetched here, but speed depends only on the shape (layers, hidden size, heads, feed-forward
 * size) and on how many tokens the texts become, not on the weights' values. So this builds,
 * into a temporary folder that is deleted afterwards, a BERT token-classification model of each
 * shape with random weights (test/backbones/fixtures/make-tiny-bert.py, the generator of the
 * committed tiny fixture), with a WordPiece vocabulary of 28,996 tokens (bert-base-cased's
 * size) drawn from the mail corpus's own words, so that a text becomes roughly as many tokens as
 * a real English WordPiece vocabulary makes of it (the output gives the tokens per text). It then times the stage (`prepare`, which
 * tokenizes and runs the model) and, in the same process and on the same texts, the rules
 * (`detect` without the stage, right after each NER pass, so both see the same load), and
 * prints both with their ratio and the load average.
 *
 *   npx tsx bench/pii/ner-shapes.ts                      # every shape, 200 multi-locale dev texts and 50 mail windows
 *   npx tsx bench/pii/ner-shapes.ts --shapes distilbert --texts 40 --windows 10   # a quick check
 *
 * Needs /usr/bin/python3 with Debian's python3-onnx and python3-numpy (as the fixture's
 * generator does). Accuracy with random weights means nothing: only speed is reported.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detect, loadNer, type NerStage } from '../../src/privacy/index.js';
import { words } from '../../src/privacy/ner/words.js';
import { messagesById, resolveWindows, type BenchItem, type LabelledWindow } from './corpus.js';

/** Encoder shapes of public token-classification models (config.json of each; README "Private data" names them). */
const SHAPES: Record<string, { layers: number; hidden: number; heads: number; intermediate: number; models: string }> = {
  'minilm': { layers: 6, hidden: 384, heads: 12, intermediate: 1536, models: 'a MiniLM-L6-sized student (no well-known public NER export of this size; the lower bound)' },
  'distilbert': { layers: 6, hidden: 768, heads: 12, intermediate: 3072, models: 'dslim/distilbert-NER, Davlan/distilbert-base-multilingual-cased-ner-hrl' },
  'bert-base': { layers: 12, hidden: 768, heads: 12, intermediate: 3072, models: 'dslim/bert-base-NER (Xenova/bert-base-NER), Davlan/bert-base-multilingual-cased-ner-hrl, Davlan/xlm-roberta-base-ner-hrl' },
  'bert-large': { layers: 24, hidden: 1024, heads: 16, intermediate: 4096, models: 'dslim/bert-large-NER, Davlan/xlm-roberta-large-ner-hrl' },
};
/** bert-base-cased's vocabulary size (dslim/bert-base-NER's config.json). */
const VOCAB_SIZE = 28_996;
const LABELS = 'O,B-MISC,I-MISC,B-PER,I-PER,B-ORG,I-ORG,B-LOC,I-LOC';
const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const count = (name: string, fallback: number): number => {
  const v = Number(flag(name) ?? fallback);
  if (!Number.isInteger(v) || v < 1) throw new Error(`ner-shapes.ts: ${name} takes a whole number >= 1, got '${flag(name)}'`);
  return v;
};
const shapes = (flag('--shapes') ?? Object.keys(SHAPES).join(',')).split(',');
const unknown = shapes.filter((s) => !SHAPES[s]);
if (unknown.length) throw new Error(`ner-shapes.ts: unknown shape ${unknown.join(', ')}; expected some of ${Object.keys(SHAPES).join(', ')}`);

const readJsonl = <T>(url: URL): T[] => readFileSync(url, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as T);
const sets: Array<{ name: string; texts: string[] }> = [
  { name: 'multi-locale dev texts', texts: readJsonl<BenchItem>(new URL('./multilocale/dev.jsonl', import.meta.url)).slice(0, count('--texts', 200)).map((i) => i.text) },
  { name: 'mail dev windows', texts: resolveWindows(readJsonl<LabelledWindow>(new URL('./labels.jsonl', import.meta.url))).slice(0, count('--windows', 50)).map((i) => i.text) },
];

/**
 * A WordPiece vocabulary of VOCAB_SIZE tokens from the corpus's words (lower-cased and without
 * accents, as the generator's uncased tokenizer reads text): every character alone and as a
 * continuation, then the most frequent words, then the most frequent beginnings and endings of
 * the rarer words, so that a rare word splits into a few pieces as in a real vocabulary.
 */
function corpusVocabulary(): string[] {
  const words = new Map<string, number>();
  for (const text of messagesById().values()) {
    const clean = text.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase();
    for (const w of clean.match(/[\p{L}\p{N}]+/gu) ?? []) if (w.length <= 30) words.set(w, (words.get(w) ?? 0) + 1);
  }
  const byCount = (m: Map<string, number>): string[] => [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
  const chars = [...new Set([...words.keys()].flatMap((w) => [...w]))].sort();
  const tokens = new Set<string>([...SPECIAL, ...chars, ...chars.map((c) => `##${c}`), ...'.,!?\'"-:;()$%&@#/+=*<>[]_|~^`{}\\'.split('')]);
  const ranked = byCount(words);
  for (const w of ranked) {
    if (tokens.size >= VOCAB_SIZE * 0.75) break;
    tokens.add(w);
  }
  const pieces = new Map<string, number>();
  for (const w of ranked) {
    if (tokens.has(w) || w.length < 5) continue;
    const n = words.get(w)!;
    for (let k = 3; k <= Math.min(6, w.length - 2); k++) {
      pieces.set(w.slice(0, k), (pieces.get(w.slice(0, k)) ?? 0) + n);
      pieces.set(`##${w.slice(-k)}`, (pieces.get(`##${w.slice(-k)}`) ?? 0) + n);
    }
  }
  for (const p of byCount(pieces)) {
    if (tokens.size >= VOCAB_SIZE) break;
    tokens.add(p);
  }
  return [...tokens];
}

const dir = mkdtempSync(join(tmpdir(), 'graft-ner-shapes-'));
const generator = fileURLToPath(new URL('../../test/backbones/fixtures/make-tiny-bert.py', import.meta.url));
const lines: string[] = [];
try {
  writeFileSync(join(dir, 'vocab.txt'), corpusVocabulary().join('\n') + '\n');
  // The rules warm on every text once (their name lists and phone plans load on first use).
  for (const set of sets) for (const t of set.texts) detect(t);
  for (const name of shapes) {
    const shape = SHAPES[name]!;
    const out = join(dir, name);
    process.stderr.write(`building ${name} (${shape.layers} layers, hidden ${shape.hidden}) in ${out}\n`);
    execFileSync('/usr/bin/python3', [
      generator, '--out', out, '--task', 'token-classification', '--labels', LABELS, '--vocab', join(dir, 'vocab.txt'), '--shape-only',
      '--layers', String(shape.layers), '--hidden', String(shape.hidden), '--heads', String(shape.heads), '--intermediate', String(shape.intermediate),
      '--max-positions', '512', '--max-seq-length', '512',
    ], { stdio: ['ignore', 'ignore', 'inherit'] });
    const ner = await loadNer(`onnx:${out}`);
    try {
      await ner.prepare(sets[0]!.texts.slice(0, 8));
      for (const s of sets) {
        const chars = s.texts.reduce((a, t) => a + t.length, 0);
        const bytes = s.texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
        const tokens = s.texts.reduce((a, t) => a + tokenCount(ner, t), 0);
        const t0 = performance.now();
        await ner.prepare(s.texts);
        const sec = (performance.now() - t0) / 1000;
        // The rules on the same texts right after, so that both see the same load: the mean of three passes.
        const r0 = performance.now();
        for (let pass = 0; pass < 3; pass++) for (const t of s.texts) detect(t);
        const rules = (performance.now() - r0) / 3000;
        lines.push(
          `| ${name} (${shape.layers}×${shape.hidden}) | ${s.name} | ${s.texts.length} | ${(chars / s.texts.length).toFixed(0)} | ${(tokens / s.texts.length).toFixed(0)} | ` +
            `${(s.texts.length / sec).toFixed(1)} | ${(bytes / 1e3 / sec).toFixed(1)} | ${(tokens / sec).toFixed(0)} | ${(s.texts.length / rules).toFixed(0)} | ${((rules / sec) * 100).toFixed(2)}% | ${loadavg()[0]!.toFixed(1)} |`,
        );
      }
    } finally {
      await ner.dispose();
      rmSync(out, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Tokens the stage feeds the model for one text (each word tokenized alone, as prepare does), without the special tokens. */
function tokenCount(ner: NerStage, text: string): number {
  const stage = ner as unknown as { tokens?: (piece: string) => number[] };
  if (typeof stage.tokens !== 'function') throw new Error('ner-shapes.ts: the loaded stage does not expose tokens(); is it the ONNX stage?');
  return words(text).reduce((a, w) => a + stage.tokens!(text.slice(w.start, w.end)).length, 0);
}

process.stdout.write([
  `NER stage speed by model shape (random weights, ${VOCAB_SIZE.toLocaleString('en')}-token WordPiece vocabulary from the mail corpus), ` +
    `${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}; the rules (detect() without the stage) timed on the same texts right after each NER pass; load: the 1-minute load average after the row.`,
  '',
  '| shape (layers×hidden) | texts | n | characters/text | tokens/text | NER texts/s | NER kB/s | NER tokens/s | rules texts/s | NER speed / rules speed | load |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...lines,
  '',
  ...shapes.map((s) => `- ${s}: ${SHAPES[s]!.models}`),
].join('\n') + '\n');
