/** An ONNX model of a Hugging Face folder, run by onnxruntime-node through transformers.js. */
import { BackboneError } from '../core/index.js';
import { firstLine } from './tokenizer.js';
import { loadTransformers } from './transformers.js';

/** Which weights file: `onnx/model.onnx` (fp32) or `onnx/model_quantized.onnx` (q8). */
export type ModelDtype = 'fp32' | 'q8';

export interface ModelOptions {
  dtype?: ModelDtype;
  /**
   * onnxruntime's intra-op threads for this session (matrix products split across cores).
   * Default 1; the caller chooses (see the onnx backbone for the measured choice).
   */
  threads?: number;
}

/** A padded batch: `rows × cols` token ids and the attention mask (1 = token, 0 = padding). */
export interface TokenBatch {
  rows: number;
  cols: number;
  ids: BigInt64Array;
  mask: BigInt64Array;
}

export interface OutputTensor {
  data: Float32Array;
  dims: readonly number[];
}

/**
 * @example
 * const model = await loadModel('/models/minilm', { dtype: 'fp32', threads: 2 });
 * const out = await model.run(batch, 'last_hidden_state'); // dims [rows, cols, hidden]
 * await model.dispose();
 */
export interface OnnxModel {
  readonly file: string;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Runs a batch (token_type_ids are zeros when the graph asks for them) and returns one output. */
  run(batch: TokenBatch, output: string): Promise<OutputTensor>;
  dispose(): Promise<void>;
}

/** Relative path of a dtype's weights file inside the folder. */
export function modelFileOf(dtype: ModelDtype): string {
  return dtype === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
}

/** Loads the folder's ONNX graph (`config.json` + `onnx/model*.onnx`) into an inference session. */
export async function loadModel(dir: string, opts: ModelOptions = {}): Promise<OnnxModel> {
  const t = await loadTransformers();
  const dtype = opts.dtype ?? 'fp32';
  const file = `${dir}/${modelFileOf(dtype)}`;
  let model: Awaited<ReturnType<Transformers['AutoModel']['from_pretrained']>>;
  try {
    model = await t.AutoModel.from_pretrained(dir, {
      local_files_only: true,
      dtype,
      device: 'cpu',
      session_options: {
        intraOpNumThreads: opts.threads ?? 1,
        // One graph node at a time: the parallelism is inside each matrix product.
        interOpNumThreads: 1,
        executionMode: 'sequential',
        // Idle intra-op threads sleep instead of spinning. On 2 cores shared with other work,
        // spinning threads made 2 threads slower than 1 (about 50 against 90 short texts/s,
        // MiniLM-shaped model); without spinning 2 threads gave about 125 (bench/backbones threads).
        extra: { session: { intra_op: { allow_spinning: '0' } } },
      },
    });
  } catch (e) {
    throw new BackboneError(
      `Cannot load the ONNX model ${file} (${firstLine(e)}). Give a folder whose onnx/ holds an ONNX export of the ` +
        'model (Hugging Face layout, as the optimum exporter writes it).',
      e,
    );
  }
  const session = (model as unknown as { sessions: Record<string, { inputNames: string[]; outputNames: string[] }> }).sessions.model;
  if (session === undefined) {
    await model.dispose();
    throw new BackboneError(`${file} did not load as a single encoder session; graft runs encoder models (BERT-like) only.`);
  }
  const call = model as unknown as (feeds: Record<string, unknown>) => Promise<Record<string, { data: unknown; dims: number[] }>>;
  return {
    file,
    inputNames: [...session.inputNames],
    outputNames: [...session.outputNames],
    async run(batch, output) {
      const shape = [batch.rows, batch.cols];
      const feeds: Record<string, unknown> = {
        input_ids: new t.Tensor('int64', batch.ids, shape),
        attention_mask: new t.Tensor('int64', batch.mask, shape),
      };
      let out: Record<string, { data: unknown; dims: number[] }>;
      try {
        out = await call(feeds);
      } catch (e) {
        throw new BackboneError(`Running ${file} failed (${firstLine(e)}).`, e);
      }
      const o = out[output];
      if (o === undefined || !(o.data instanceof Float32Array)) {
        throw new BackboneError(`${file} gave no float output "${output}" (it gives ${Object.keys(out).join(', ')}).`);
      }
      return { data: o.data, dims: o.dims };
    },
    async dispose() {
      await model.dispose();
    },
  };
}

type Transformers = import('./transformers.js').Transformers;
