/**
 * A model named on the Hugging Face hub, `hf:ORG/NAME`: fetched once into graft's models
 * folder (`$GRAFT_HOME/models/ORG/NAME`) when the machine has network access, then run exactly
 * as `onnx:` runs that folder (same id, so both share cached vectors).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BackboneError, Matrix } from '../../core/index.js';
import type { Backbone, EmbedOptions } from '../backbone.js';
import { OnnxBackbone } from '../onnx/index.js';
import { downloadModel, downloadModelFile, offlineFix } from './download.js';
import { modelFileOf } from '../../runtime/index.js';
import type { HfOptions } from './options.js';

export interface HfEnvironment {
  /** Folder holding fetched models, `$GRAFT_HOME/models`. */
  modelsDir: string;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * @example
 * const b = new HfBackbone({ model: 'Xenova/all-MiniLM-L6-v2' }, { modelsDir: '.graft/models', env: process.env });
 * await b.open(); // fetches the folder the first time
 */
export class HfBackbone implements Backbone {
  readonly folder: string;
  private readonly local: OnnxBackbone;
  private opening: Promise<void> | undefined;

  constructor(private readonly opts: HfOptions, private readonly where: HfEnvironment) {
    const { model, revision, ...modelOpts } = opts;
    this.folder = join(where.modelsDir, ...model.split('/'), ...(revision && revision !== 'main' ? [`@${revision}`] : []));
    this.local = new OnnxBackbone(this.folder, modelOpts);
  }

  /** The folder's id, as `onnx:` gives it; known once the folder is here (after `open()`). */
  get id(): string {
    this.requireFolder();
    return this.local.id;
  }

  get dim(): number {
    this.requireFolder();
    return this.local.dim;
  }

  open(opts: EmbedOptions = {}): Promise<void> {
    this.opening ??= (async () => {
      if (!existsSync(this.folder)) await this.fetch(opts);
      // A folder fetched for one dtype lacks the other's weights: fetch just that file.
      else if (!existsSync(join(this.folder, modelFileOf(this.dtype)))) await this.fetch(opts, modelFileOf(this.dtype));
      await this.local.open();
    })().catch((e: unknown) => {
      this.opening = undefined;
      throw e;
    });
    return this.opening;
  }

  /** The fetched folder's, as `onnx:` reads it (after `open()`). */
  weightsBytes(): number {
    this.requireFolder();
    return this.local.weightsBytes();
  }

  countTruncated(texts: readonly string[]): number {
    return this.local.countTruncated(texts);
  }

  async embed(texts: readonly string[], opts: EmbedOptions = {}): Promise<Matrix> {
    await this.open(opts);
    return this.local.embed(texts, opts);
  }

  close(): Promise<void> {
    return this.local.close();
  }

  private get dtype(): NonNullable<HfOptions['dtype']> {
    return this.opts.dtype ?? 'fp32';
  }

  /** Fetches the whole folder, or only `file` into the folder already here. */
  private async fetch(opts: EmbedOptions, file?: string): Promise<void> {
    const env = this.where.env;
    if (env.HF_HUB_OFFLINE === '1' || env.TRANSFORMERS_OFFLINE === '1') {
      const what = file ? `${file} of ${this.opts.model}` : this.opts.model;
      throw new BackboneError(`${what} is not in ${this.folder} and HF_HUB_OFFLINE is set, so graft will not fetch it. ${offlineFix(this.opts.model, this.folder)}`);
    }
    const how = {
      endpoint: env.HF_ENDPOINT || 'https://huggingface.co',
      revision: this.opts.revision ?? 'main',
      dtype: this.dtype,
      token: env.HF_TOKEN || undefined,
      signal: opts.signal,
    };
    if (file) await downloadModelFile(this.opts.model, this.folder, file, how);
    else await downloadModel(this.opts.model, this.folder, how);
  }

  private requireFolder(): void {
    if (!existsSync(this.folder)) {
      throw new BackboneError(`${this.opts.model} has not been fetched yet (no ${this.folder}); open() the backbone first, which fetches it.`);
    }
  }
}
