import type { CommandContext } from './command.js';
import { flag } from './args.js';
import type { Parsed } from './args.js';
import { openWorkspace } from '../pipeline/index.js';
import type { Workspace, DetectionSettings } from '../pipeline/index.js';
import { resolve } from 'node:path';
import { checkOutputPath } from '../store/index.js';
import { cliHome } from './home.js';

export { cliHome };

/**
 * The privacy stage's detection settings from the environment, the same for every command so a
 * task's training texts and its later inputs are cleaned alike: `GRAFT_PII_REGIONS` (countries
 * whose national phone numbers and postal codes to read, e.g. `DE,AT,CH`) and `GRAFT_NER`
 * (`onnx:DIR`, a local token-classification model, relative to the working directory).
 */
export function cliDetection(ctx: Pick<CommandContext, 'env' | 'cwd'>): DetectionSettings & { regions?: string; ner?: string } {
  const regions = ctx.env.GRAFT_PII_REGIONS?.trim();
  const ner = ctx.env.GRAFT_NER?.trim();
  return {
    ...(regions ? { regions } : {}),
    ...(ner ? { ner: ner.startsWith('onnx:') ? `onnx:${resolve(ctx.cwd, ner.slice(5))}` : ner } : {}),
  };
}

/**
 * An output file given on the command line, checked before any work: its folder exists and is
 * writable, and it is not one of the store's own files. Returns the absolute path.
 */
export function cliOutputPath(ctx: Pick<CommandContext, 'env' | 'cwd'>, path: string, flag: string): string {
  return checkOutputPath(path, { home: cliHome(ctx).home, flag, cwd: ctx.cwd });
}

/**
 * The workspace for a command (see cliHome and cliDetection). Read commands pass `readOnly`:
 * `'auto'` opens a store on a read-only volume for reading.
 */
export function openCliWorkspace(ctx: Pick<CommandContext, 'env' | 'cwd'>, readOnly: boolean | 'auto' = false): Workspace {
  return openWorkspace({ home: cliHome(ctx).home, detection: cliDetection(ctx), readOnly });
}

/** The option of the commands that only read the store. */
export const READ_ONLY_OPTION = { 'read-only': { type: 'boolean' } } as const;
export const READ_ONLY_USAGE = '  --read-only          open the store for reading only (automatic on a read-only volume)';

/** `true` with --read-only, else `'auto'`. */
export function readOnlyMode(p: Parsed): true | 'auto' {
  return flag(p, 'read-only') ? true : 'auto';
}
