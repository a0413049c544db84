/**
 * Reads a model folder in the Hugging Face layout before anything runs: checks every file the
 * backbone needs, reads pooling, normalisation and the token limit from the folder's own
 * configuration, and fingerprints the weights and tokenizer for the backbone id. Every problem
 * is a BackboneError that names the file and says how to fix it.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { BackboneError } from '../../core/index.js';
import { modelFileOf } from '../../runtime/index.js';
import type { OnnxModelOptions, Pooling } from './options.js';

export interface ModelFolder {
  dir: string;
  /** Absolute path of the weights file for the chosen dtype. */
  modelFile: string;
  pooling: Pooling;
  normalize: boolean;
  /** Token limit, special tokens included. */
  maxTokens: number;
  /** Vector length (the model's hidden size). */
  dim: number;
  /** SHA-256 over the weights file, tokenizer.json and tokenizer_config.json. */
  fingerprint: string;
}

/** Used when neither options nor the folder give a limit (BERT's). */
const DEFAULT_MAX_TOKENS = 512;

export function inspectFolder(dir: string, opts: OnnxModelOptions): ModelFolder {
  checkIsFolder(dir);
  const config = readJson(dir, 'config.json', 'Copy config.json from the model\'s repository into the folder.') as Record<string, unknown>;
  for (const f of ['tokenizer.json', 'tokenizer_config.json']) {
    need(dir, f, `Copy ${f} from the model's repository into the folder (the tokenizer is part of the model).`);
  }
  const rel = modelFileOf(opts.dtype ?? 'fp32');
  const modelFile = need(dir, rel, opts.dtype === 'q8'
    ? 'There is no quantized export here: drop --dtype q8, or quantize the model with optimum (onnx/model_quantized.onnx).'
    : 'Export the model to ONNX first, e.g. `optimum-cli export onnx --model ORG/NAME FOLDER`, which writes onnx/model.onnx.');
  checkOnnxMagic(modelFile);

  const st = sentenceTransformersConfig(dir);
  const hidden = positiveInt(config.hidden_size) ?? positiveInt(config.d_model) ?? positiveInt(config.dim);
  const dim = st.dim ?? hidden;
  if (dim === undefined) {
    throw new BackboneError(`${join(dir, 'config.json')} has no hidden_size; graft reads the vector length from it. Use the config.json of the model's repository.`);
  }
  return {
    dir,
    modelFile,
    pooling: opts.pooling ?? st.pooling ?? 'mean',
    normalize: opts.normalize ?? st.normalize ?? true,
    maxTokens: opts.maxTokens ?? st.maxTokens ?? modelLimit(dir, config),
    dim,
    fingerprint: fingerprint([modelFile, join(dir, 'tokenizer.json'), join(dir, 'tokenizer_config.json')]),
  };
}

function checkIsFolder(dir: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new BackboneError(`No model folder at ${dir}. Give the folder that holds config.json, tokenizer.json and onnx/model.onnx (a model downloaded from Hugging Face).`);
  }
  if (!isDir) {
    const hint = dir.endsWith('.onnx') ? ' Give the folder two levels up (the one holding config.json and onnx/).' : '';
    throw new BackboneError(`${dir} is a file, not a model folder: onnx:PATH takes the folder that holds config.json, tokenizer.json and onnx/model.onnx.${hint}`);
  }
}

function need(dir: string, rel: string, fix: string): string {
  const p = join(dir, rel);
  let ok = false;
  try {
    ok = statSync(p).isFile();
  } catch {
    ok = false;
  }
  if (!ok) throw new BackboneError(`The model folder has no ${rel} (looked for ${p}). ${fix}`);
  return p;
}

function readJson(dir: string, rel: string, fix: string): unknown {
  const p = need(dir, rel, fix);
  try {
    return JSON.parse(readFileSync(p, 'utf8'));
  } catch (e) {
    throw new BackboneError(`${p} is not valid JSON (${(e as Error).message}). ${fix}`, e);
  }
}

/** An ONNX file is a protobuf ModelProto whose first field is ir_version (tag byte 0x08). */
function checkOnnxMagic(file: string): void {
  const head = Buffer.alloc(1);
  const fd = openSync(file, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, 1, 0);
  } finally {
    closeSync(fd);
  }
  if (n === 0 || head[0] !== 0x08) {
    throw new BackboneError(
      `${file} is not an ONNX model (${n === 0 ? 'it is empty' : `it starts with byte 0x${head[0]!.toString(16).padStart(2, '0')}`}). ` +
        'Download it again (a Git LFS pointer or an HTML error page is not the model), or export the model with optimum.',
    );
  }
}

interface StConfig {
  pooling?: Pooling;
  normalize?: boolean;
  maxTokens?: number;
  dim?: number;
}

/** sentence-transformers' own description: modules.json, the Pooling module's config, max_seq_length. */
function sentenceTransformersConfig(dir: string): StConfig {
  const out: StConfig = {};
  const maxSeq = optionalJson(dir, 'sentence_bert_config.json') as { max_seq_length?: unknown } | undefined;
  out.maxTokens = positiveInt(maxSeq?.max_seq_length);
  const modules = optionalJson(dir, 'modules.json');
  if (modules === undefined) return out;
  if (!Array.isArray(modules)) throw new BackboneError(`${join(dir, 'modules.json')} is not a list of modules; use the file from the model's repository.`);
  out.normalize = false;
  for (const m of modules as { type?: unknown; path?: unknown }[]) {
    const type = String(m.type ?? '');
    if (type.endsWith('.Normalize')) out.normalize = true;
    else if (type.endsWith('.Pooling')) Object.assign(out, poolingConfig(dir, String(m.path ?? '')));
    else if (!type.endsWith('.Transformer')) {
      throw new BackboneError(
        `${join(dir, 'modules.json')} lists a ${type.split('.').pop()} module; graft runs the Transformer, Pooling and ` +
          'Normalize modules only, so its vectors would differ from the model\'s. Pick a model without it.',
      );
    }
  }
  return out;
}

function poolingConfig(dir: string, rel: string): Pick<StConfig, 'pooling' | 'dim'> {
  const c = optionalJson(dir, join(rel, 'config.json')) as Record<string, unknown> | undefined;
  if (c === undefined) return {};
  const modes: [string, Pooling][] = [['pooling_mode_cls_token', 'cls'], ['pooling_mode_mean_tokens', 'mean'], ['pooling_mode_max_tokens', 'max']];
  const on = modes.filter(([k]) => c[k] === true).map(([, p]) => p);
  const other = ['pooling_mode_mean_sqrt_len_tokens', 'pooling_mode_weightedmean_tokens', 'pooling_mode_lasttoken'].filter((k) => c[k] === true);
  if (on.length !== 1 || other.length > 0) {
    throw new BackboneError(
      `${join(dir, rel, 'config.json')} asks for ${[...on, ...other].join(' + ') || 'no'} pooling; graft pools by exactly one of cls, mean or max.`,
    );
  }
  return { pooling: on[0], dim: positiveInt(c.word_embedding_dimension) };
}

function optionalJson(dir: string, rel: string): unknown {
  const p = join(dir, rel);
  let text: string;
  try {
    text = readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new BackboneError(`${p} is not valid JSON (${(e as Error).message}); use the file from the model's repository.`, e);
  }
}

/** The tokenizer's model_max_length (ignoring the "unlimited" sentinel), capped by the position table. */
function modelLimit(dir: string, config: Record<string, unknown>): number {
  const tok = optionalJson(dir, 'tokenizer_config.json') as { model_max_length?: unknown } | undefined;
  const fromTok = positiveInt(tok?.model_max_length);
  const positions = positiveInt(config.max_position_embeddings);
  const limits = [fromTok !== undefined && fromTok < 1e6 ? fromTok : undefined, positions].filter((v): v is number => v !== undefined);
  return limits.length > 0 ? Math.min(...limits) : DEFAULT_MAX_TOKENS;
}

function positiveInt(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
}

/** Hashes of files already read in this process, by path, size and modification time. */
const hashed = new Map<string, string>();

function fingerprint(files: readonly string[]): string {
  const h = createHash('sha256');
  for (const f of files) {
    const st = statSync(f);
    const key = `${f}\u0000${st.size}\u0000${st.mtimeMs}`;
    let fileHash = hashed.get(key);
    if (fileHash === undefined) {
      fileHash = createHash('sha256').update(readFileSync(f)).digest('hex');
      hashed.set(key, fileHash);
    }
    h.update(fileHash);
  }
  return h.digest('hex');
}
