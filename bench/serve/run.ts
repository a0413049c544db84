/**
 * bench/serve: `graft serve` under load from this process (a second process, 127.0.0.1 only).
 *
 *   npm run bench serve                   # the issue's rows: 10 s per load row, 100 tasks, 2-minute
 *                                         # soak; writes the `## serve` section of bench/RESULTS.md
 *   npx tsx bench/serve/run.ts --quick    # the same rows at small scale (2 s, 10 tasks, 10 s soak),
 *                                         # printed only: a check that the benchmark runs
 *   ... --datasets DIR                    # the upload row reads DIR/sst2 (else demo mails cut short)
 *   ... --home DIR --tasks N              # reuse a store an earlier run prepared (its path is printed)
 *   ... --only load,memory,upload         # some of the rows (default all)
 *   ... --compiled                        # the servers run dist/ (`npm run build` first), as an
 *                                         # installed graft runs; default: src/ under tsx, as a checkout runs
 *
 * Rows: (1) one short text per request at 1, 10 and 50 clients, hashing and use-lite, on
 * /v1/embeddings and on a task's /predict, closed loop (plus, for hashing's embeddings, 50
 * connections open loop at 2,000 requests/s due): requests/s, p50, p99, and the CPU the server and the
 * load generator spent per request (CPU-seconds over requests: unlike latency, meaningful on a
 * busy machine), with the load average as the row ended; (2) the server's texts/s at 50
 * clients over raw `backbone.embed` at the batch sizes the server formed (from its metrics), in
 * this run; (3) a 1,000-row file uploaded to a fresh server, fitted with defaults on use-lite,
 * first prediction answered, with where its time went (the server's CPU-seconds per phase of the
 * job, from its event stream, and per thread); (4) RSS with every task loaded, and over the soak
 * at 50 clients.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { createBackbone } from '../../src/backbones/index.js';
import { COMPILED, serveProcess } from '../../test/serve/process.js';
import type { ServerProcess } from '../../test/serve/process.js';
import { load } from './load.js';
import type { LoadResult } from './load.js';
import { prepareHome, uploadFile } from './setup.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean' }, seconds: { type: 'string' }, soak: { type: 'string' }, tasks: { type: 'string' },
    datasets: { type: 'string' }, home: { type: 'string' }, only: { type: 'string' }, compiled: { type: 'boolean' },
  },
});
const ROWS = ['load', 'memory', 'upload'] as const;
const only = new Set((values.only ?? ROWS.join(',')).split(',').map((r) => r.trim()));
const unknownRow = [...only].find((r) => !(ROWS as readonly string[]).includes(r));
if (unknownRow !== undefined) throw new Error(`--only takes ${ROWS.join(', ')} (comma-separated), not "${unknownRow}"`);
/** The datasets folder (bench/run.ts passes it first): its sst2 is the upload row's file. */
const DATASETS = values.datasets ?? positionals[0];
const quick = values.quick === true;
const SECONDS = Number(values.seconds ?? (quick ? 2 : 10));
const SOAK = Number(values.soak ?? (quick ? 10 : 120));
const TASKS = Number(values.tasks ?? (quick ? 10 : 100));
const CLIENTS = [1, 10, 50];
/** The open-loop row's rate: the issue's goal for hashing at 50 clients (its p99 is read on the closed-loop row). */
const OPEN_LOOP_RATE = 2000;
/** How the servers run: compiled, as an installed graft, or the sources under tsx (~115 MB more RSS: tsx in every thread). */
const RUNS = values.compiled === true ? 'compiled (node dist/cli/main.js)' : 'under tsx (src/)';
if (values.compiled === true && !existsSync(new URL('../../dist/cli/main.js', import.meta.url))) throw new Error('--compiled runs dist/cli/main.js: run `npm run build` first');
const serve = (home: string, args: string[]) => serveProcess(home, args, undefined, {}, values.compiled === true ? COMPILED : undefined);
const log = (s: string) => process.stderr.write(`${s}\n`);

const WORDS = 'meeting invoice account offer free money click deadline project review schedule budget customer order shipping delivery refund discount urgent thanks'.split(' ');
/** A short text, different for every i (so the embedding cache never answers). */
const shortText = (i: number) => `${WORDS[i % WORDS.length]} ${WORDS[(i * 7 + 3) % WORDS.length]} please reply ${i}`;

async function json(s: ServerProcess, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${s.url}${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
  return res.json();
}

/** Sum and count of the server's embedding batch sizes for a backbone. */
async function batchSizes(s: ServerProcess, backbone: string): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(`${s.url}/metrics`)).text();
  const read = (k: string) => Number(new RegExp(`graft_embed_batch_size_${k}\\{backbone="${backbone}"\\} ([\\d.e+]+)`).exec(text)?.[1] ?? 0);
  return { sum: read('sum'), count: read('count') };
}

/** CPU seconds a process (all its threads), or one of its threads, has used (user + system), from /proc; NaN elsewhere. */
function cpuSeconds(pid: number, tid?: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}${tid === undefined ? '' : `/task/${tid}`}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Raw `backbone.embed` texts/s on back-to-back batches of `size` unique short texts, for `seconds`. */
async function rawThroughput(name: string, size: number, seconds: number): Promise<number> {
  const b = createBackbone(name);
  try {
    let i = 1e9;
    const batch = () => Array.from({ length: size }, () => shortText(i++));
    await b.embed(batch());
    let texts = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) texts += (await b.embed(batch())).rows;
    return texts / ((performance.now() - t0) / 1000);
  } finally {
    await b.close();
  }
}

const perRequestUs = (seconds: number, r: LoadResult) => (1e6 * seconds / Math.max(1, r.requests)).toFixed(0);
const fmt = (r: LoadResult, serverCpu: number) => `${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${perRequestUs(serverCpu, r)} | ${perRequestUs(r.cpuSeconds, r)} | ${r.gc.ms.toFixed(0)} (${r.gc.maxMs.toFixed(1)}) | ${loadavg()[0]!.toFixed(1)}${r.errors ? ` (${r.errors} errors: ${JSON.stringify(r.statuses)})` : ''}`;

async function main(): Promise<void> {
  const rows: string[] = [];
  log(`bench/serve: ${quick ? 'quick' : 'full'}: ${SECONDS} s per load row, ${TASKS} tasks, ${SOAK} s soak; load ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);
  // The upload row needs neither the prepared store nor its server (a fresh one of its own).
  if (only.has('load') || only.has('memory')) await storeRows(rows);
  if (only.has('upload')) await upload(rows);
  const section = [`## serve`, '', `${new Date().toISOString().slice(0, 10)}, ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(1)} at the end; ${quick ? 'QUICK (small scale, not a measurement)' : 'full'} run: ${SECONDS} s per load row. Server: graft serve ${RUNS} --backbones use-lite,hashing --log-level warn, batch wait 2 ms (only for a backbone whose calls take longer), batch 64 texts; load from a second process on 127.0.0.1 (bench/serve/load.ts: raw-socket HTTP/1.1, keep-alive, closed loop: each client sends its next request when the last is answered; the one open-loop row sends requests as they fall due at a fixed rate on 50 connections and measures each from the time it was due); CPU-µs/request: CPU-seconds over requests answered, the server's from /proc (all its threads); generator GC: the load generator's own garbage-collection pauses in the row, in total and the longest (while one lasts no answer is read, so it adds to the latencies of the requests in flight); load: the 1-minute load average as the row ended.`, '', ...rows, ''].join('\n');
  process.stdout.write(`\n${section}\n`);
  // Like every benchmark `npm run bench` runs, a full run writes its section; a quick or partial one is no measurement.
  if (!quick && only.size === ROWS.length) {
    const path = new URL('../RESULTS.md', import.meta.url);
    const text = readFileSync(path, 'utf8');
    const re = /## serve\n[\s\S]*?(?=\n## |$)/;
    writeFileSync(path, re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n${section}`);
  }
}

/** Rows (1), (2) and (4): one server on a store of prepared tasks. */
async function storeRows(rows: string[]): Promise<void> {
  let home = values.home;
  if (home === undefined) {
    log('preparing the store (tasks from the demo corpus)…');
    home = await prepareHome(TASKS, log);
  }
  log(`store: ${home}`);
  const server = await serve(home, ['--backbones', 'use-lite,hashing', '--log-level', 'warn']);
  try {
    for (let i = 0; (await json(server, 'GET', '/readyz')).ready !== true; i++) await new Promise((r) => setTimeout(r, 200));

    // (1) and (2): one short text per request
    if (only.has('load')) rows.push('| backbone | route | clients | requests/s | p50 ms | p99 ms | server CPU-µs/request | generator CPU-µs/request | generator GC ms (longest) | load |', '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    const ratio: string[] = [];
    for (const backbone of only.has('load') ? ['hashing', 'use-lite'] : []) {
      for (const route of ['embeddings', 'predict'] as const) {
        // hashing's embeddings also get a second 50-connection row, open loop at the goal's 2,000 req/s
        const runs: { clients: number; rate?: number }[] = CLIENTS.map((clients) => ({ clients }));
        if (backbone === 'hashing' && route === 'embeddings') runs.push({ clients: 50, rate: OPEN_LOOP_RATE });
        for (const { clients, rate } of runs) {
          const before = await batchSizes(server, backbone);
          const cpu0 = cpuSeconds(server.child.pid!);
          const r = await load({
            url: server.url, clients, seconds: SECONDS, ...(rate === undefined ? {} : { rate }),
            path: route === 'embeddings' ? '/v1/embeddings' : `/v1/tasks/bench-${backbone}/predict`,
            // base64, as the official openai client asks by default
            body: route === 'embeddings' ? (i) => ({ model: backbone, input: shortText(i), encoding_format: 'base64' }) : (i) => ({ texts: [shortText(i)] }),
          });
          rows.push(`| ${backbone} | ${route}${rate === undefined ? '' : ` (open loop, ${rate.toLocaleString('en')} req/s due)`} | ${clients} | ${fmt(r, cpuSeconds(server.child.pid!) - cpu0)} |`);
          log(rows.at(-1)!);
          if (route === 'embeddings' && clients === 50 && rate === undefined && backbone === 'use-lite') {
            const after = await batchSizes(server, backbone);
            const mean = (after.sum - before.sum) / Math.max(1, after.count - before.count);
            const raw = await rawThroughput(backbone, Math.max(1, Math.round(mean)), SECONDS);
            ratio.push(`| ${backbone} | ${mean.toFixed(1)} | ${r.rps.toFixed(0)} | ${raw.toFixed(0)} | ${(r.rps / raw).toFixed(2)} |`);
            log(ratio.at(-1)!);
          }
        }
      }
    }
    if (only.has('load')) rows.push('', 'Server texts/s at 50 clients (one text per request) over raw `backbone.embed` on back-to-back batches of the mean size the server formed (goal ≥ 0.9 for use-lite):', '',
      '| backbone | mean batch | server texts/s | raw texts/s | ratio |', '| --- | ---: | ---: | ---: | ---: |', ...ratio);

    // (4) memory: every task loaded, then the soak
    if (only.has('memory')) await memory(server, rows);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

/** RSS of a process in MB: all of it, its anonymous memory, and file pages mapped (the binary, libraries, a memory-mapped file). */
function rss(pid: number): { all: number; anon: number; file: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(text)?.[1] ?? NaN) / 1024;
  return { all: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile') };
}

/** The server's main-thread V8 heap (total reserved) and external memory (typed arrays' buffers, ...) in MB, from its /metrics. */
async function heapParts(s: ServerProcess): Promise<{ heap: number; external: number }> {
  const text = await (await fetch(`${s.url}/metrics`)).text();
  const mb = (k: string) => Number(new RegExp(`^graft_${k} ([\\d.e+]+)`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20;
  return { heap: mb('nodejs_heap_size_total_bytes'), external: mb('nodejs_external_memory_bytes') };
}

/** Least-squares slope of `ys` against `xs`. */
function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n, my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) { sxy += (xs[i]! - mx) * (ys[i]! - my); sxx += (xs[i]! - mx) ** 2; }
  return sxx > 0 ? sxy / sxx : 0;
}

const median = (v: readonly number[]) => { const s = [...v].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2; };

/**
 * (4) RSS with every task loaded, then over the soak at 50 clients. The soak is measured on a
 * warmed server: a first 10 s at 50 clients lets what grows to a bound reach it (each use-lite
 * worker's wasm heap grows to the largest batch it has run and never shrinks; the memory caches
 * are bounded), and its RSS is reported beside. RSS is sampled every 5 s of the soak (the first
 * at 5 s), with the server's main-thread V8 heap and external memory beside it: RSS moves with
 * the garbage collector's young generation and malloc's free lists, so one sample against
 * another (the last against the first) says little; the spread (every sample's distance from
 * the samples' median) and the trend (the least-squares slope over the soak, as a share of the
 * median) say whether it is flat.
 */
async function memory(server: ServerProcess, rows: string[]): Promise<void> {
  const pid = server.child.pid!;
  for (let t = 0; t < TASKS; t++) await json(server, 'POST', `/v1/tasks/t${String(t).padStart(3, '0')}/predict`, { texts: ['load this task'] });
  const loaded = rss(pid);
  const body = (i: number) => ({ tasks: [`t${String(i % TASKS).padStart(3, '0')}`], texts: [shortText(i)] });
  await load({ url: server.url, clients: 50, seconds: Math.min(10, SOAK), path: '/v1/predict', body: (i) => body(i + 1e8) });
  const warmed = rss(pid);
  const samples: { s: number; rss: number; heap: number; external: number }[] = [];
  const t0 = performance.now();
  const sampler = setInterval(() => {
    const at = { s: (performance.now() - t0) / 1000, rss: rss(pid).all };
    void heapParts(server).then((h) => samples.push({ ...at, ...h }), () => samples.push({ ...at, heap: NaN, external: NaN }));
  }, 5000);
  const soak = await load({ url: server.url, clients: 50, seconds: SOAK, path: '/v1/predict', body });
  clearInterval(sampler);
  samples.sort((a, b) => a.s - b.s);
  const r = samples.map((x) => x.rss);
  const mid = median(r);
  const spread = Math.max(...r.map((v) => Math.abs(v - mid))) / mid;
  const trend = slope(samples.map((x) => x.s), r) * SOAK / mid;
  const first = r[0] ?? warmed.all;
  const last = r.at(-1) ?? warmed.all;
  const range = (k: 'heap' | 'external') => `${Math.min(...samples.map((x) => x[k])).toFixed(0)}–${Math.max(...samples.map((x) => x[k])).toFixed(0)}`;
  const pct = (v: number) => `${v >= 0 ? '+' : ''}${(100 * v).toFixed(1)}%`;
  const mb = (m: { all: number; anon: number; file: number }) => `${m.all.toFixed(0)} (${m.anon.toFixed(0)} + ${m.file.toFixed(0)})`;
  rows.push('', `Memory: ${TASKS} use-lite tasks loaded in one server (goal ≤ 600 MB for 100), then 10 s at 50 clients to warm it, then ${SOAK} s at 50 clients over them (goal: flat within ±5%), RSS sampled every 5 s of the soak (${samples.length} samples, the first at 5 s). RSS in MB as all (anonymous + file pages); spread: the farthest sample from the samples' median; trend: the least-squares slope over the ${SOAK} s, as a share of the median; last vs first: the two end samples; main heap and external: the server thread's V8 heap (reserved) and external memory over the samples:`, '',
    '| RSS loaded | RSS warmed | soak requests/s | soak p99 ms | soak RSS min | median | max | spread | trend | last vs first | main heap MB | external MB |', '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${mb(loaded)} | ${mb(warmed)} | ${soak.rps.toFixed(0)} | ${soak.p99.toFixed(1)} | ${Math.min(...r).toFixed(0)} | ${mid.toFixed(0)} | ${Math.max(...r).toFixed(0)} | ±${(100 * spread).toFixed(1)}% | ${pct(trend)} | ${pct((last - first) / first)} | ${range('heap')} | ${range('external')} |`);
  log(rows.at(-1)!);
}

/** CPU seconds of each thread of a process (by thread id; the process's own id is its main thread), from /proc. */
function threadCpu(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) out.set(Number(tid), cpuSeconds(pid, Number(tid)));
  } catch {
    // not Linux: no per-thread figures
  }
  return out;
}

interface PhaseMark { phase: string; seconds: number; cpu: number }

const FINISHED = ['succeeded', 'failed', 'cancelled', 'interrupted'];

/**
 * Follows a job's event stream, marking the wall time and the server's CPU-seconds when each
 * phase of its progress begins; resolves with the marks and the final state when the job ends.
 */
async function followJob(s: ServerProcess, id: string, t0: number, cpu0: number): Promise<{ state: string; marks: PhaseMark[] }> {
  const res = await fetch(`${s.url}/v1/jobs/${id}/events`);
  const marks: PhaseMark[] = [];
  let state = '';
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const data = buffer.slice(0, end).split('\n').find((l) => l.startsWith('data: '));
      buffer = buffer.slice(end + 2);
      if (data === undefined) continue;
      const job = JSON.parse(data.slice(6)) as { state: string; progress?: { phase: string } | null };
      state = job.state;
      const phase = FINISHED.includes(state) ? state : job.progress?.phase ?? state;
      if (marks.at(-1)?.phase !== phase) marks.push({ phase, seconds: (performance.now() - t0) / 1000, cpu: cpuSeconds(s.child.pid!) - cpu0 });
    }
  }
  return { state, marks };
}

/** (3) file to live endpoint, on a fresh store and server. */
async function upload(rows: string[]): Promise<void> {
  const file = await uploadFile(1000, DATASETS);
  const fresh = await serve(mkdtempSync(join(tmpdir(), 'graft-bench-cold-')), ['--backbones', 'use-lite', '--log-level', 'warn']);
  try {
    const pid = fresh.child.pid!;
    for (; (await json(fresh, 'GET', '/readyz')).ready !== true;) await new Promise((r) => setTimeout(r, 200));
    const threads0 = threadCpu(pid);
    const t0 = performance.now();
    const cpu0 = cpuSeconds(pid);
    const form = new FormData();
    form.set('file', new Blob([readFileSync(file.path)]), 'data.jsonl');
    const job = await (await fetch(`${fresh.url}/v1/tasks/mail/fit`, { method: 'POST', body: form })).json() as { id: string };
    const accepted = { seconds: (performance.now() - t0) / 1000, cpu: cpuSeconds(pid) - cpu0 };
    const { state, marks } = await followJob(fresh, job.id, t0, cpu0);
    const p = await json(fresh, 'POST', '/v1/tasks/mail/predict', { texts: ['Click here for free money, limited offer!'] });
    const seconds = (performance.now() - t0) / 1000;
    // CPU-seconds of the server (every thread: its own, the job's, use-lite's workers) survive a busy machine; seconds do not.
    const cpu = cpuSeconds(pid) - cpu0;
    rows.push('', `File to live endpoint: ${file.rows} labelled texts (${file.what}) uploaded to a fresh server (use-lite loaded, empty cache), fitted with defaults (logistic, 5-fold CV), first prediction answered (goal ≤ 15 s on 2 cores):`, '',
      `| rows | job | seconds | server CPU-s | load | first prediction |`, '| ---: | --- | ---: | ---: | ---: | --- |',
      `| ${file.rows} | ${state} | ${seconds.toFixed(1)} | ${cpu.toFixed(1)} | ${loadavg()[0]!.toFixed(1)} | ${p.predictions?.[0]?.label ?? JSON.stringify(p)} |`);
    log(rows.at(-1)!);
    // Where it went: each span from one mark to the next (the job's events mark its phases; its end, the first prediction).
    const starts = [{ phase: 'upload read and checked (until the 202)', seconds: 0, cpu: 0 }, ...marks.map((m) => (m.phase === state ? { ...m, phase: `${state}: first prediction (head loaded)` } : m))];
    const stops = [accepted, ...marks.slice(1), { seconds, cpu }];
    rows.push('', 'Where the file-to-live time went: each phase from the job event that began it to the next (wall seconds are no figures under load; CPU-seconds are, all the server\'s threads):', '',
      '| phase | seconds | server CPU-s |', '| --- | ---: | ---: |',
      ...starts.map((m, i) => `| ${m.phase} | ${(Math.max(stops[i]!.seconds, m.seconds) - m.seconds).toFixed(2)} | ${(Math.max(stops[i]!.cpu, m.cpu) - m.cpu).toFixed(2)} |`));
    const threads1 = threadCpu(pid);
    const byThread = [...threads1].map(([tid, c]) => ({ tid, cpu: c - (threads0.get(tid) ?? 0), isNew: !threads0.has(tid) })).filter((t) => t.cpu >= 0.05).sort((a, b) => b.cpu - a.cpu);
    rows.push('', `Server CPU-s by thread: ${byThread.map((t) => `${t.tid === pid ? 'main' : t.isNew ? 'new' : 'old'} ${t.cpu.toFixed(2)}`).join(', ')} (main: the server's thread; new: started during the upload, as the job thread; old: running before it, as use-lite's workers).`);
    log(rows.slice(-12).join('\n'));
  } finally {
    fresh.child.kill('SIGTERM');
    await fresh.exited;
  }
}

await main();
