/**
 * A local sentence-embedding model folder (Hugging Face layout) run on onnxruntime-node:
 * tokenised by the folder's own tokenizer.json, batched shortest-first so each batch pads
 * little, pooled and normalised as the folder's sentence-transformers config says.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { BackboneError, CancelledError, Matrix, sha256, throwIfAborted } from '../../core/index.js';
import { loadModel, loadTokenizer } from '../../runtime/index.js';
import type { ModelTokenizer, OnnxModel } from '../../runtime/index.js';
import type { Backbone, EmbedOptions } from '../backbone.js';
import { inspectFolder } from './folder.js';
import type { ModelFolder } from './folder.js';
import type { OnnxModelOptions } from './options.js';
import { poolRow } from './pooling.js';

export type { OnnxOptions, OnnxModelOptions, Pooling } from './options.js';

/** Graph inputs graft feeds; a graph that needs any other input is not a plain encoder. */
const FED_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids'];
/** Outputs holding one vector per token, in the order tried. */
const TOKEN_OUTPUTS = ['last_hidden_state', 'token_embeddings'];

/**
 * @example
 * const b = new OnnxBackbone('/models/all-MiniLM-L6-v2');
 * await b.open();
 * const X = await b.embed(['hello world']); // 1 × 384
 * await b.close();
 */
export class OnnxBackbone implements Backbone {
  readonly threads: number;
  readonly batchSize: number;
  private folder: ModelFolder | undefined;
  private tokenizer: ModelTokenizer | undefined;
  private model: Promise<{ model: OnnxModel; output: string }> | undefined;
  private opening: Promise<void> | undefined;

  constructor(readonly dir: string, private readonly opts: OnnxModelOptions = {}) {
    // Intra-op threads over every core (not spinning while idle: see the runtime), rather than a
    // pool of single-threaded worker sessions: the pool was no faster on the shared 2-core
    // machine (bench/backbones threads) and holds one copy of the weights per worker.
    this.threads = opts.threads ?? availableParallelism();
    // A dynamically quantized export (DynamicQuantizeLinear, as optimum and Xenova's
    // model_quantized.onnx are) picks one activation scale per call, over the whole padded
    // batch: a text's vector would depend on its batch mates. One text per call keeps q8
    // vectors the same alone and in any batch; a larger batchSize trades that for speed.
    this.batchSize = opts.batchSize ?? (opts.dtype === 'q8' ? 1 : 32);
  }

  /** Reads the folder (sync, cheap after the first time: the file hashes are kept). */
  private get info(): ModelFolder {
    this.folder ??= inspectFolder(this.dir, this.opts);
    return this.folder;
  }

  get id(): string {
    const f = this.info;
    const recipe = { v: 1, weights: f.fingerprint, pooling: f.pooling, normalize: f.normalize, maxTokens: f.maxTokens, prefix: this.opts.prefix ?? '' };
    return `onnx@${sha256(JSON.stringify(recipe)).slice(0, 16)}`;
  }

  get dim(): number {
    return this.info.dim;
  }

  /** Token limit in force (special tokens included). */
  get maxTokens(): number {
    return this.info.maxTokens;
  }

  /** One session, whatever its threads: the weights file of the chosen dtype, once. */
  weightsBytes(): number {
    return statSync(this.info.modelFile).size;
  }

  open(): Promise<void> {
    this.opening ??= (async () => {
      const f = this.info;
      this.tokenizer = await loadTokenizer(f.dir);
    })().catch((e: unknown) => {
      this.opening = undefined;
      throw e;
    });
    return this.opening;
  }

  countTruncated(texts: readonly string[]): number {
    const tok = this.requireTokenizer();
    const prefix = this.opts.prefix ?? '';
    let n = 0;
    for (const t of texts) if (tok.length(prefix + t) > this.info.maxTokens) n++;
    return n;
  }

  async embed(texts: readonly string[], opts: EmbedOptions = {}): Promise<Matrix> {
    throwIfAborted(opts.signal);
    await this.open();
    const { maxTokens, pooling, normalize, dim } = this.info;
    const out = new Matrix(texts.length, dim);
    if (texts.length === 0) return out;
    const tok = this.requireTokenizer();
    const prefix = this.opts.prefix ?? '';
    const ids = texts.map((t) => tok.encode(prefix + t, maxTokens).ids);
    const { model, output } = await this.loadModel();

    // Shortest first, ties in input order: every batch pads to nearly its own length.
    const order = Array.from(ids.keys()).sort((a, b) => ids[a]!.length - ids[b]!.length || a - b);
    let done = 0;
    opts.onProgress?.({ phase: 'embed', done, total: texts.length, unit: 'texts' });
    for (let start = 0; start < order.length; start += this.batchSize) {
      // The session runs synchronously: yield so an abort or a progress redraw can run.
      await new Promise((r) => setImmediate(r));
      if (opts.signal?.aborted) throw new CancelledError();
      const rows = order.slice(start, start + this.batchSize);
      const cols = Math.max(...rows.map((i) => ids[i]!.length));
      const batch = { rows: rows.length, cols, ids: new BigInt64Array(rows.length * cols), mask: new BigInt64Array(rows.length * cols) };
      rows.forEach((i, r) => {
        const list = ids[i]!;
        for (let t = 0; t < cols; t++) {
          batch.ids[r * cols + t] = BigInt(t < list.length ? list[t]! : tok.padId);
          batch.mask[r * cols + t] = t < list.length ? 1n : 0n;
        }
      });
      const y = await model.run(batch, output);
      const width = y.dims[2];
      if (y.dims.length !== 3 || width !== dim) {
        throw new BackboneError(`${model.file} gave ${output} of shape [${y.dims.join(', ')}]; expected [batch, tokens, ${dim}] (hidden_size in config.json).`);
      }
      rows.forEach((i, r) => poolRow(y.data, r, cols, dim, ids[i]!.length, pooling, normalize, out.row(i)));
      done += rows.length;
      opts.onProgress?.({ phase: 'embed', done, total: texts.length, unit: 'texts' });
    }
    return out;
  }

  async close(): Promise<void> {
    const loading = this.model;
    this.model = undefined;
    if (loading === undefined) return;
    const loaded = await loading.catch(() => undefined);
    await loaded?.model.dispose();
  }

  private requireTokenizer(): ModelTokenizer {
    if (this.tokenizer === undefined) throw new BackboneError(`The model in ${this.dir} is not open yet; call open() before countTruncated().`);
    return this.tokenizer;
  }

  private loadModel(): Promise<{ model: OnnxModel; output: string }> {
    this.model ??= (async () => {
      const model = await loadModel(this.dir, { dtype: this.opts.dtype, threads: this.threads });
      try {
        return { model, output: checkNames(model) };
      } catch (e) {
        await model.dispose();
        throw e;
      }
    })().catch((e: unknown) => {
      this.model = undefined;
      throw e;
    });
    return this.model;
  }
}

/** The graph must take token ids and a mask and give token vectors; returns the output to read. */
function checkNames(model: OnnxModel): string {
  const missing = ['input_ids', 'attention_mask'].filter((n) => !model.inputNames.includes(n));
  const extra = model.inputNames.filter((n) => !FED_INPUTS.includes(n));
  if (missing.length > 0 || extra.length > 0) {
    throw new BackboneError(
      `${model.file} takes inputs ${model.inputNames.join(', ')}; a sentence encoder takes input_ids and attention_mask ` +
        `(and optionally token_type_ids)${extra.length > 0 ? `, not ${extra.join(', ')}` : ''}. Export the model's encoder with optimum's feature-extraction task.`,
    );
  }
  const output = TOKEN_OUTPUTS.find((n) => model.outputNames.includes(n));
  if (output === undefined) {
    throw new BackboneError(
      `${model.file} gives outputs ${model.outputNames.join(', ')}; graft pools token vectors named last_hidden_state ` +
        '(or token_embeddings). Export the model with optimum\'s feature-extraction task.',
    );
  }
  return output;
}
