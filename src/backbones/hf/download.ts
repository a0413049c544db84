/**
 * Fetches a model folder from the Hugging Face hub (or a mirror named by HF_ENDPOINT) into
 * graft's models folder, once, atomically: the files land in a temporary folder that is
 * renamed into place only when every required file has arrived, so an interrupted download
 * leaves nothing that looks like a model.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync, mkdtempSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BackboneError, CancelledError } from '../../core/index.js';
import { modelFileOf } from '../../runtime/index.js';
import type { OnnxModelOptions } from '../onnx/index.js';

export interface DownloadOptions {
  endpoint: string;
  revision: string;
  /** The onnx: backbone's dtype (not the runtime's type, which would put the optional runtime's types in the package's public .d.ts). */
  dtype: NonNullable<OnnxModelOptions['dtype']>;
  /** Sent as a bearer token for gated models; never logged or shown. */
  token?: string;
  signal?: AbortSignal;
}

const OPTIONAL = ['modules.json', 'sentence_bert_config.json', '1_Pooling/config.json', 'special_tokens_map.json'];

/** How to get a model onto a machine without network access, for every offline message. */
export function offlineFix(model: string, target: string): string {
  return `On a machine with network access, download the folder (\`git clone https://huggingface.co/${model}\`, ` +
    `or \`huggingface-cli download ${model} --local-dir ${model.split('/')[1]}\`), copy it here, and use ` +
    `--backbone onnx:PATH_TO_THAT_FOLDER (or put it at ${target}).`;
}

export async function downloadModel(model: string, target: string, opts: DownloadOptions): Promise<void> {
  const required = ['config.json', 'tokenizer.json', 'tokenizer_config.json', modelFileOf(opts.dtype)];
  mkdirSync(dirname(target), { recursive: true });
  const tmp = mkdtempSync(join(dirname(target), `.${model.split('/')[1]}-download-`));
  try {
    for (const file of [...required, ...OPTIONAL]) {
      const body = await fetchFile(model, file, opts, required.includes(file));
      if (body === undefined) continue;
      mkdirSync(dirname(join(tmp, file)), { recursive: true });
      writeFileSync(join(tmp, file), body);
    }
    if (!existsSync(target)) renameSync(tmp, target);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Adds one file to a model folder already here (the weights of another dtype): written beside
 * its place and renamed into it, so an interrupted download leaves the folder as it was.
 */
export async function downloadModelFile(model: string, target: string, file: string, opts: DownloadOptions): Promise<void> {
  const body = await fetchFile(model, file, opts, true);
  const dest = join(target, file);
  mkdirSync(dirname(dest), { recursive: true });
  const part = `${dest}.${process.pid}.part`;
  try {
    writeFileSync(part, body!);
    renameSync(part, dest);
  } finally {
    rmSync(part, { force: true });
  }
}

async function fetchFile(model: string, file: string, opts: DownloadOptions, required: boolean): Promise<Uint8Array | undefined> {
  const url = `${opts.endpoint.replace(/\/+$/, '')}/${model}/resolve/${encodeURIComponent(opts.revision)}/${file}`;
  let res: Response;
  try {
    res = await fetch(url, { headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {}, signal: opts.signal });
  } catch (e) {
    if (opts.signal?.aborted) throw new CancelledError();
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new BackboneError(
      `Cannot fetch ${model} from ${opts.endpoint} (${cause?.code ?? cause?.message ?? (e as Error).message}): this machine seems to be offline. ` +
        offlineFix(model, '$GRAFT_HOME/models/' + model),
      e,
    );
  }
  if (res.status === 404 && !required) return undefined;
  if (!res.ok) {
    const why = res.status === 401 || res.status === 403
      ? 'the repository is gated or private: set HF_TOKEN to a token that may read it'
      : res.status === 404 ? `the repository has no ${file}: pick one with an ONNX export (onnx-community/… or Xenova/…), or export it with optimum and use onnx:PATH`
      : 'try again later';
    throw new BackboneError(`Fetching ${url} answered HTTP ${res.status}; ${why}.`);
  }
  try {
    return new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    if (opts.signal?.aborted) throw new CancelledError();
    throw new BackboneError(`The download of ${url} broke off (${(e as Error).message}); run the command again.`, e);
  }
}
