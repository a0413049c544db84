/** Running `graft` in another process, as a user would: one command, or a server on a free port. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDb } from '../../src/store/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARGS = ['--import', 'tsx', 'src/cli/main.ts'];
/** `graft` as an installed package runs it: the compiled CLI (`npm run build` first). */
export const COMPILED = ['dist/cli/main.js'];

/** Runs `graft ARGS` with GRAFT_HOME=home; resolves with its exit code and output. */
export function graft(home: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...ARGS, ...args], { cwd: ROOT, env: { ...process.env, GRAFT_HOME: home } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Log lines (stdout) and messages (stderr) so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
}

/**
 * Starts `graft serve --port 0 --backbones hashing ARGS` (a later --backbones wins), with `env`
 * added to this process's environment, and resolves once it listens. `entry`: the sources
 * under tsx (default), or COMPILED.
 */
export function serveProcess(home: string, args: string[] = [], timeoutMs = 120_000, env: NodeJS.ProcessEnv = {}, entry: readonly string[] = ARGS): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...entry, 'serve', '--port', '0', '--backbones', 'hashing', ...args], {
      cwd: ROOT, env: { ...process.env, ...env, GRAFT_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<number | string>((r) => child.on('exit', (code, signal) => r(code ?? signal ?? 'unknown')));
    const timer = setTimeout(() => reject(new Error(`graft serve did not start in ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => {
      stderr += c;
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => ({ stdout, stderr }), exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`graft serve exited (${code}) before listening:\n${stderr}`));
    });
  });
}

/** A JSON request to the server; its status and parsed answer. `timeoutMs`: fail (TimeoutError) when not answered by then. */
export async function request(s: ServerProcess, method: string, path: string, payload?: unknown, timeoutMs?: number): Promise<{ status: number; json: any }> {
  const res = await fetch(`${s.url}${path}`, {
    method, ...(payload === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }),
    ...(timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(timeoutMs) }),
  });
  return { status: res.status, json: await res.json() };
}

/** Every row the store holds about tasks, versions and their examples. */
export function storeRows(home: string): unknown {
  const db = openDb(home);
  try {
    return {
      tasks: db.prepare('SELECT * FROM tasks').all(),
      versions: db.prepare('SELECT task, version, kind, data_hash, deleted_at FROM head_versions ORDER BY task, version').all(),
      examples: db.prepare('SELECT task, version, COUNT(*) AS n FROM training_examples GROUP BY task, version').all(),
      novelty: db.prepare('SELECT task, version FROM novelty_detectors').all(),
      audit: db.prepare('SELECT task, action, detail FROM audit ORDER BY id').all(),
    };
  } finally {
    db.close();
  }
}
