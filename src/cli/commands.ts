/**
 * Every `graft` sub-command, in the order `graft help` lists them: its name and one line, and
 * how to load it. A command's module, and with it the libraries it needs (the pipeline, the
 * server, the advisor's schemas, …), is imported only when that command runs or shows its
 * help, so `graft --version` or `graft forget` do not pay for the rest. Add one line per command.
 */
import type { Command } from './command.js';

/** A sub-command as the table lists it; `load` imports its module. */
export interface CommandEntry {
  name: string;
  /** One line for `graft help`. */
  summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'eval', summary: 'bake-off of strategies × backbones on a labelled file: curves, significance, calibration, OOD', load: async () => (await import('./eval.js')).evalCommand },
  { name: 'advise', summary: 'should you fine-tune? measured alternatives, more labels, fine-tuning estimated, a decision', load: async () => (await import('./advise.js')).adviseCommand },
  { name: 'fit', summary: 'fit a head on a labelled file (or label names alone) and save it as the live version', load: async () => (await import('./fit.js')).fitCommand },
  { name: 'predict', summary: "predict labels for texts with a task's head", load: async () => (await import('./predict.js')).predictCommand },
  { name: 'tasks', summary: 'list, show, rename or delete tasks', load: async () => (await import('./tasks.js')).tasksCommand },
  { name: 'demo', summary: 'run the main job on the bundled SpamAssassin corpus', load: async () => (await import('./demo.js')).demoCommand },
  { name: 'deploy', summary: "make a saved version of a task's head live", load: async () => (await import('./deploy.js')).deployCommand },
  { name: 'rollback', summary: "go back to a task's previous head version", load: async () => (await import('./rollback.js')).rollbackCommand },
  { name: 'runs', summary: 'list stored runs (id, kind, date, seed, data hash)', load: async () => (await import('./runs.js')).runsCommand },
  { name: 'report', summary: 'show a stored bake-off or advice again (summary, --html FILE, --json)', load: async () => (await import('./report.js')).reportCommand },
  { name: 'scan', summary: 'find private data (PII, secrets) in a file; counts, masked samples, HTML report', load: async () => (await import('./scan.js')).scanCommand },
  { name: 'forget', summary: 'forget training examples exactly: refit, delete old weights and cache, audit', load: async () => (await import('./forget.js')).forgetCommand },
  { name: 'audit', summary: "list a task's audit log (fits, deployments, forget requests, ...)", load: async () => (await import('./audit.js')).auditCommand },
  { name: 'serve', summary: 'serve tasks over HTTP: predict, embeddings (OpenAI-compatible), fit and eval jobs', load: async () => (await import('./serve.js')).serveCommand },
  { name: 'keys', summary: 'create, list and revoke API keys for graft serve', load: async () => (await import('./keys.js')).keysCommand },
];
