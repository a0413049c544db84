/**
 * Starting a worker thread on a sibling module. Compiled, the sibling is plain JS. Under tsx
 * (tests, benches, `npm run demo`) it is TypeScript, and `execArgv: ['--import', 'tsx']` does
 * not reach a worker's entry module on Node 20, so a tiny bootstrap registers tsx inside the
 * thread before importing it.
 */
import { Worker } from 'node:worker_threads';

/**
 * A worker running `name` (without extension) next to the module at `from` (its
 * `import.meta.url`), whether that module runs compiled or under tsx.
 *
 * @example
 * const w = startModuleWorker(import.meta.url, './path-worker');
 */
export function startModuleWorker(from: string, name: string): Worker {
  if (!from.endsWith('.ts')) return new Worker(new URL(`${name}.js`, from));
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL(`${name}.ts`, from).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
}
