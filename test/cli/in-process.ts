/** Runs the `graft` CLI inside the test process, capturing stdout and stderr. */
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/main.js';

function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } }) as Writable & { text: () => string };
  w.text = () => chunks.join('');
  return w;
}

/** `graft ARGV` in `cwd` with its state in `cwd/.graft` and `env` as the rest of its environment. */
export async function graftInProcess(cwd: string, argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const stdout = sink();
  const stderr = sink();
  const code = await runCli(argv, { stdout, stderr, env: { ...env, GRAFT_HOME: join(cwd, '.graft') }, interactive: false, signal: new AbortController().signal, cwd });
  return { code, out: stdout.text(), err: stderr.text() };
}
