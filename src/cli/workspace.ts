import type { CommandContext } from './command.js';
import { openWorkspace } from '../pipeline/index.js';
import type { Workspace, DetectionSettings } from '../pipeline/index.js';
import { resolve } from 'node:path';
import { resolveHome } from '../store/index.js';
import type { HomeChoice } from '../store/index.js';

/** Where this command's state lives: `$GRAFT_HOME`, an existing `./.graft`, or the platform's data folder. */
export function cliHome(ctx: Pick<CommandContext, 'env' | 'cwd'>): HomeChoice {
  return resolveHome(ctx.env, ctx.cwd);
}

/**
 * The privacy stage's detection settings from the environment, the same for every command so a
 * task's training texts and its later inputs are cleaned alike: `GRAFT_PII_REGIONS` (countries
 * whose national phone numbers and postal codes to read, e.g. `DE,AT,CH`) and `GRAFT_NER`
 * (`onnx:DIR`, a local token-classification model, relative to the working directory).
 */
export function cliDetection(ctx: Pick<CommandContext, 'env' | 'cwd'>): DetectionSettings {
  const regions = ctx.env.GRAFT_PII_REGIONS?.trim();
  const ner = ctx.env.GRAFT_NER?.trim();
  return {
    ...(regions ? { regions } : {}),
    ...(ner ? { ner: ner.startsWith('onnx:') ? `onnx:${resolve(ctx.cwd, ner.slice(5))}` : ner } : {}),
  };
}

/** The workspace for a command (see cliHome and cliDetection). */
export function openCliWorkspace(ctx: Pick<CommandContext, 'env' | 'cwd'>): Workspace {
  return openWorkspace({ home: cliHome(ctx).home, detection: cliDetection(ctx) });
}
