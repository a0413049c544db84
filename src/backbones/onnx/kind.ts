import { isAbsolute, resolve } from 'node:path';
import { defineKind, flagsFor, requireArgument } from '../kind.js';
import { OnnxBackbone } from './index.js';
import { ONNX_SCHEMA } from './options.js';
import type { OnnxOptions } from './options.js';

export const onnxKind = defineKind<'onnx'>({
  usage: 'onnx:PATH',
  summary: 'a local model folder in the Hugging Face layout (tokenizer.json, onnx/model.onnx), run on onnxruntime',
  remote: false,
  cache: 'store',
  schema: ONNX_SCHEMA,
  parse(arg, flags, ctx) {
    const path = requireArgument('onnx:PATH (a model folder)', arg);
    return { ...flagsFor(ONNX_SCHEMA, flags), path: isAbsolute(path) ? path : resolve(ctx.cwd ?? process.cwd(), path) } as OnnxOptions;
  },
  create: ({ path, ...options }) => new OnnxBackbone(path, options),
});
