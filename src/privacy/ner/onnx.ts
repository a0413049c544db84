/**
 * The NER stage on a local token-classification model in the Hugging Face layout
 * (config.json with id2label, tokenizer.json, onnx/model.onnx or onnx/model_quantized.onnx),
 * run by the inference runtime (src/runtime). Texts are cut into words (words.ts), each word
 * tokenized alone, so every token's word and the word's offsets are known; long texts are
 * split into windows at word boundaries. A word takes the label of its first token (the usual
 * "first" strategy); entities are runs of words by their B/I tags.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BackboneError, PrivacyError, UsageError } from '../../core/index.js';
import { loadTransformers, type Transformers } from '../../runtime/index.js';
import type { Finding, PiiType } from '../types.js';
import { readLabel, type TagReading } from './labels.js';
import type { NerPrepareOptions, NerStage } from './stage.js';
import { words, type Word } from './words.js';

export interface NerOptions {
  /** Windows per model call (default 8). */
  batchSize?: number;
  /** Tokens per window, special tokens included (default: the model's limit, at most 512). */
  maxTokens?: number;
}

type Tokenizer = Awaited<ReturnType<Transformers['AutoTokenizer']['from_pretrained']>>;
type Model = Awaited<ReturnType<Transformers['AutoModelForTokenClassification']['from_pretrained']>>;

/** One window of a text: its words' token ids, flattened, and for each token its word's index (-1 for special tokens). */
interface Window {
  text: number;
  ids: number[];
  word: number[];
}

/** The ONNX file the model folder holds: full precision first. */
function modelFile(dir: string): { dtype: 'fp32' | 'q8'; file: string } | undefined {
  if (existsSync(join(dir, 'onnx', 'model.onnx'))) return { dtype: 'fp32', file: 'onnx/model.onnx' };
  if (existsSync(join(dir, 'onnx', 'model_quantized.onnx'))) return { dtype: 'q8', file: 'onnx/model_quantized.onnx' };
  return undefined;
}

/**
 * Loads a token-classification model for the NER stage from `onnx:<folder>`.
 *
 * @example
 * const ner = await loadNer('onnx:./models/bert-base-NER');
 * await ner.prepare(texts);
 * detect(texts[0], { ner });
 */
export async function loadNer(spec: string, opts: NerOptions = {}): Promise<NerStage> {
  return OnnxNerStage.load(spec, opts);
}

export class OnnxNerStage implements NerStage {
  private prepared = new Map<string, Finding[]>();
  private readonly pieces = new Map<string, number[]>();
  private readonly prefix: number[];
  private readonly suffix: number[];
  private readonly maxTokens: number;
  private readonly batchSize: number;

  /** Loads `onnx:<folder>` (see loadNer). The constructor is private, so no public type names the optional runtime's types. */
  static async load(spec: string, opts: NerOptions = {}): Promise<OnnxNerStage> {
    if (!spec.startsWith('onnx:') || spec.length <= 5) {
      throw new UsageError(`--ner takes onnx:<folder> (a local token-classification model in the Hugging Face layout), got '${spec}'.`, 'bad_ner');
    }
    const dir = resolve(spec.slice(5));
    const missing = ['config.json', 'tokenizer.json'].filter((f) => !existsSync(join(dir, f)));
    const file = modelFile(dir);
    if (missing.length || !file) {
      throw new UsageError(
        `The NER model folder ${dir} lacks ${[...missing, ...(file ? [] : ['onnx/model.onnx (or onnx/model_quantized.onnx)'])].join(', ')}. ` +
          'Export a token-classification model with its tokenizer (e.g. `optimum-cli export onnx --task token-classification`) into that folder.',
        'bad_ner',
      );
    }
    const t = await loadTransformers();
    let tokenizer: Tokenizer;
    let model: Model;
    try {
      tokenizer = await t.AutoTokenizer.from_pretrained(dir, { local_files_only: true });
      model = await t.AutoModelForTokenClassification.from_pretrained(dir, { local_files_only: true, dtype: file.dtype });
    } catch (e) {
      throw new BackboneError(`Could not load the NER model in ${dir}: ${(e as Error).message.split('\n')[0]}. Check that it is a token-classification export.`, e);
    }
    const id2label = (model.config as unknown as { id2label?: Record<string, string> }).id2label ?? {};
    const labels: TagReading[] = [];
    for (const [k, v] of Object.entries(id2label)) labels[Number(k)] = readLabel(v);
    if (!labels.some((l) => l?.type !== undefined)) {
      throw new UsageError(`The NER model in ${dir} has labels ${Object.values(id2label).join(', ')}; none reads as a person, place or organization (PER, LOC, ORG…).`, 'bad_ner');
    }
    return new OnnxNerStage(spec, t, tokenizer, model, labels, opts);
  }

  private constructor(
    readonly id: string,
    private readonly t: Transformers,
    private readonly tokenizer: Tokenizer,
    private readonly model: Model,
    private readonly labels: readonly TagReading[],
    opts: NerOptions,
  ) {
    // The special tokens around a sequence: where "x" sits among them.
    const bare = tokenizer.encode('x', { add_special_tokens: false });
    const full = tokenizer.encode('x', { add_special_tokens: true });
    const at = full.findIndex((_, i) => bare.every((b, j) => full[i + j] === b));
    this.prefix = full.slice(0, Math.max(0, at));
    this.suffix = full.slice(Math.max(0, at) + bare.length);
    const limit = Number((model.config as unknown as { max_position_embeddings?: number }).max_position_embeddings ?? 512);
    this.maxTokens = Math.min(opts.maxTokens ?? 512, limit, 512);
    this.batchSize = opts.batchSize ?? 8;
    if (this.maxTokens <= this.prefix.length + this.suffix.length + 8) throw new UsageError(`maxTokens ${this.maxTokens} leaves no room for text in a window.`, 'bad_ner');
  }

  async prepare(texts: readonly string[], opts: NerPrepareOptions = {}): Promise<void> {
    const distinct = [...new Set(texts)];
    const ws = distinct.map((s) => words(s));
    const windows = distinct.flatMap((s, i) => this.windows(s, ws[i]!, i));
    const perWord = ws.map((w) => new Array<{ label: number; score: number } | undefined>(w.length));
    for (let b = 0; b < windows.length; b += this.batchSize) {
      if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('aborted');
      const batch = windows.slice(b, b + this.batchSize);
      const logits = await this.logits(batch.map((w) => w.ids));
      batch.forEach((w, k) => {
        const rows = logits[k]!;
        w.word.forEach((wi, pos) => {
          // A word takes its first token's label.
          if (wi < 0 || perWord[w.text]![wi] !== undefined) return;
          perWord[w.text]![wi] = argmaxSoftmax(rows[pos]!);
        });
      });
      opts.onProgress?.(Math.min(b + this.batchSize, windows.length), windows.length);
    }
    this.prepared = new Map(distinct.map((s, i) => [s, this.entities(s, ws[i]!, perWord[i]!)]));
  }

  findings(text: string): readonly Finding[] {
    const f = this.prepared.get(text);
    if (!f) {
      throw new PrivacyError(`The NER stage (${this.id}) has not seen this text: call prepare() with every text before detect() (the stage keeps the last prepare's texts).`, 'ner_not_prepared');
    }
    return f;
  }

  async dispose(): Promise<void> {
    this.prepared = new Map();
    await this.model.dispose();
  }

  /**
   * Logits for sequences of token ids (the special tokens are added here): one row of label
   * scores per token, special tokens included, padding dropped.
   */
  async logits(sequences: readonly number[][]): Promise<number[][][]> {
    const seqs = sequences.map((s) => [...this.prefix, ...s, ...this.suffix]);
    const len = Math.max(...seqs.map((s) => s.length));
    const ids = new BigInt64Array(seqs.length * len);
    const mask = new BigInt64Array(seqs.length * len);
    const pad = BigInt(this.tokenizer.pad_token_id ?? 0);
    seqs.forEach((s, i) => {
      for (let j = 0; j < len; j++) {
        ids[i * len + j] = j < s.length ? BigInt(s[j]!) : pad;
        mask[i * len + j] = j < s.length ? 1n : 0n;
      }
    });
    const dims = [seqs.length, len];
    const out = (await this.model({
      input_ids: new this.t.Tensor('int64', ids, dims),
      attention_mask: new this.t.Tensor('int64', mask, dims),
      token_type_ids: new this.t.Tensor('int64', new BigInt64Array(seqs.length * len), dims),
    })) as { logits: { data: Float32Array; dims: number[] } };
    const n = out.logits.dims[2]!;
    const data = out.logits.data;
    return seqs.map((s, i) => Array.from({ length: s.length }, (_, j) => Array.from(data.subarray((i * len + j) * n, (i * len + j + 1) * n))));
  }

  /** The token ids of one word, tokenized alone (cached: names and words repeat). */
  tokens(piece: string): number[] {
    let ids = this.pieces.get(piece);
    if (!ids) {
      ids = this.tokenizer.encode(piece, { add_special_tokens: false });
      if (this.pieces.size > 50_000) this.pieces.clear();
      this.pieces.set(piece, ids);
    }
    return ids;
  }

  /** The text's words cut into windows that fit the model, at word boundaries. The offsets of each token's word ride along. */
  private windows(text: string, ws: readonly Word[], index: number): Window[] {
    const room = this.maxTokens - this.prefix.length - this.suffix.length;
    const out: Window[] = [];
    let cur: Window = { text: index, ids: [], word: [] };
    ws.forEach((w, wi) => {
      const ids = this.tokens(text.slice(w.start, w.end)).slice(0, room);
      if (cur.ids.length + ids.length > room) {
        out.push(cur);
        cur = { text: index, ids: [], word: [] };
      }
      for (const id of ids) {
        cur.ids.push(id);
        cur.word.push(wi);
      }
    });
    if (cur.ids.length) out.push(cur);
    // Positions in the model's output include the prefix's special tokens.
    return out.map((w) => ({ ...w, word: [...this.prefix.map(() => -1), ...w.word, ...this.suffix.map(() => -1)] }));
  }

  /** Entities from the words' labels: a B (or S) starts one, an I or E of the same type continues it. */
  private entities(text: string, ws: readonly Word[], labels: ReadonlyArray<{ label: number; score: number } | undefined>): Finding[] {
    const out: Finding[] = [];
    let open: { type: PiiType; start: number; end: number; scores: number[] } | undefined;
    const close = (): void => {
      if (open) out.push({ type: open.type, start: open.start, end: open.end, confidence: round3(open.scores.reduce((a, b) => a + b, 0) / open.scores.length), rule: 'ner.model' });
      open = undefined;
    };
    ws.forEach((w, i) => {
      const l = labels[i];
      const r = l ? this.labels[l.label] : undefined;
      if (!l || !r || r.tag === 'O' || !r.type) return close();
      // Punctuation inside a name ("O'Neil", "Jean-Luc") continues it only when the model says so.
      if (open && open.type === r.type && (r.tag === 'I' || r.tag === 'E')) {
        open.end = w.end;
        open.scores.push(l.score);
      } else {
        close();
        open = { type: r.type, start: w.start, end: w.end, scores: [l.score] };
      }
      if (r.tag === 'E' || r.tag === 'S') close();
    });
    close();
    return out.filter((f) => /[\p{L}\p{N}]/u.test(text.slice(f.start, f.end)));
  }
}

function argmaxSoftmax(row: readonly number[]): { label: number; score: number } {
  let best = 0;
  for (let k = 1; k < row.length; k++) if (row[k]! > row[best]!) best = k;
  let sum = 0;
  for (const x of row) sum += Math.exp(x - row[best]!);
  return { label: best, score: 1 / sum };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
