import { join, resolve } from 'node:path';
import { UsageError } from '../../core/index.js';
import { defineKind, flagsFor, requireArgument } from '../kind.js';
import { HfBackbone } from './index.js';
import { HF_MODEL_ID, HF_SCHEMA } from './options.js';
import type { HfOptions } from './options.js';

export const hfKind = defineKind<'hf'>({
  usage: 'hf:ORG/NAME',
  summary: 'a model on the Hugging Face hub with an ONNX export, fetched once into $GRAFT_HOME/models',
  remote: false,
  cache: 'store',
  schema: HF_SCHEMA,
  parse(arg, flags) {
    const model = requireArgument('hf:ORG/NAME (a Hugging Face repository)', arg);
    return { ...flagsFor(HF_SCHEMA, flags), model } as HfOptions;
  },
  create(options, ctx) {
    if (!HF_MODEL_ID.test(options.model)) {
      throw new UsageError(`"${options.model}" is not a Hugging Face repository id; write hf:ORG/NAME, e.g. hf:Xenova/all-MiniLM-L6-v2.`, 'bad_backbone');
    }
    const env = ctx.env ?? process.env;
    const home = ctx.home ?? resolve(env.GRAFT_HOME && env.GRAFT_HOME.length > 0 ? env.GRAFT_HOME : '.graft');
    return new HfBackbone(options, { modelsDir: join(home, 'models'), env });
  },
});
