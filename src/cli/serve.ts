import type { Command } from './command.js';
import { parse, int, str } from './args.js';
import { cliDetection, cliHome } from './workspace.js';
import { UsageError } from '../core/index.js';
import { BACKBONE_KINDS, formatBackboneSpec, parseBackboneList } from '../backbones/index.js';
import { openWorkspace } from '../pipeline/index.js';
import { openDb } from '../store/index.js';

const usage = `Usage: graft serve [--host 127.0.0.1] [--port 8080] [options]

Serves the workspace's tasks over HTTP: predictions, OpenAI-compatible embeddings, fits and
evaluations as jobs, scans, forget, audit (API at /docs, /openapi.json; metrics at /metrics).
Logs are JSON lines on stdout. SIGTERM or Ctrl-C drains: requests in flight finish, running
jobs get --grace seconds, then the store closes.

Without API keys the server listens on loopback only; to listen on another address, create
a key first (graft keys create --scope admin).

Options:
  --host HOST          address to listen on (default 127.0.0.1)
  --port N             port (default 8080; 0 picks a free one)
  --backbones LIST     backbones /v1/embeddings offers, the first loaded at start
                       (default use-lite,hashing; kinds ${BACKBONE_KINDS.join(', ')}, e.g. onnx:PATH);
                       the names /v1/embeddings takes as "model"
  --max-texts N        texts per request (default 256)
  --max-chars N        characters per text (default 20000)
  --max-body-mb N      JSON body size in MiB (default 4)
  --max-upload-mb N    uploaded file size in MiB (default 64)
  --rate N             requests a minute per API key without its own rate (default 600)
  --batch-wait MS      longest wait for concurrent requests to share a batch (default 2;
                       only for a backbone whose calls take longer than that)
  --batch-size N       most texts per embedding batch (default 64)
  --batch-tokens N     most tokens per embedding batch (default 16384)
  --jobs N             fits and evaluations running at once (default 1)
  --grace S            seconds running jobs may take to finish on shutdown (default 10)
  --log-level LEVEL    fatal, error, warn, info (default), debug`;

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug'];

/** The limits' defaults as the usage text gives them (a test holds them to DEFAULT_LIMITS). */
export const USAGE_LIMITS = { texts: 256, chars: 20_000, bodyMb: 4, uploadMb: 64 };

export const serveCommand: Command = {
  name: 'serve',
  usage,
  examples: [
    'graft serve                                        # http://127.0.0.1:8080, API at /docs',
    'graft serve --port 9000 --backbones hashing        # no model to load: starts at once',
    'graft keys create --scope admin && graft serve --host 0.0.0.0   # beyond loopback: keys first',
  ],
  async run(ctx) {
    const p = parse(ctx.argv, {
      host: { type: 'string' }, port: { type: 'string' }, backbones: { type: 'string' }, 'max-texts': { type: 'string' },
      'max-chars': { type: 'string' }, 'max-body-mb': { type: 'string' }, 'max-upload-mb': { type: 'string' }, rate: { type: 'string' },
      'batch-wait': { type: 'string' }, 'batch-size': { type: 'string' }, 'batch-tokens': { type: 'string' }, jobs: { type: 'string' },
      grace: { type: 'string' }, 'log-level': { type: 'string' },
    }, usage);
    if (p.positionals.length > 0) throw new UsageError(`graft serve takes no arguments.\n\n${usage}`);
    const level = str(p, 'log-level') ?? 'info';
    if (!LEVELS.includes(level)) throw new UsageError(`--log-level must be one of ${LEVELS.join(', ')}, got "${level}".`);
    const backbones = parseBackboneList(str(p, 'backbones') ?? 'use-lite,hashing').map(formatBackboneSpec);
    // Loaded here, not with the CLI: the HTTP stack is not needed by any other command.
    const [{ EmbedBatching, listen }, { default: pino }] = await Promise.all([import('../serve/index.js'), import('pino')]);
    const batching = new EmbedBatching({
      maxWaitMs: int(p, 'batch-wait', 2, 0, 1000), maxBatchTexts: int(p, 'batch-size', 64, 1, 4096), maxBatchTokens: int(p, 'batch-tokens', 16_384, 1, 1 << 20),
    });
    const logger = pino({ level, base: { pid: process.pid } }, ctx.stdout);
    const home = cliHome(ctx).home;
    // The same detection settings as every other command (GRAFT_PII_REGIONS, GRAFT_NER), in the server and its job threads:
    // a task fitted from the CLI and served here cleans its inputs as its training texts were cleaned.
    const detection = cliDetection(ctx);
    // The server reads each task's head and novelty rows once into its task cache: through the store's memory map
    // those file pages would stay in its RSS beside the decoded copy (~1 MB a task), so its connection reads without one.
    const db = openDb(home);
    db.pragma('mmap_size = 0');
    const ws = openWorkspace({ home, db, detection, backbones: batching.factory(), onEmbed: batching.observe, logger: logger.child({ component: 'workspace' }) });
    const mib = (name: string, def: number) => int(p, name, def, 1, 4096) * 2 ** 20;
    let server;
    try {
      server = await listen(ws, {
        host: str(p, 'host') ?? '127.0.0.1', port: int(p, 'port', 8080, 0, 65535), logger, backbones, batching,
        limits: {
          texts: int(p, 'max-texts', USAGE_LIMITS.texts, 1, 100_000), chars: int(p, 'max-chars', USAGE_LIMITS.chars, 1, 10_000_000),
          bodyBytes: mib('max-body-mb', USAGE_LIMITS.bodyMb), uploadBytes: mib('max-upload-mb', USAGE_LIMITS.uploadMb),
        },
        ratePerMinute: int(p, 'rate', 600, 1, 1_000_000),
        // Jobs in worker threads on this store: requests are answered while a fit computes, and a cancel is immediate.
        jobs: { concurrency: int(p, 'jobs', 1, 1, 64), graceMs: int(p, 'grace', 10, 0, 3600) * 1000, thread: { home, detection } },
      });
    } catch (e) {
      await ws.close();
      throw e;
    }
    ctx.stderr.write(`graft serve: listening on ${server.url} (API at ${server.url}/docs); store ${home}\n`);
    if (!server.keysRequired) ctx.stderr.write('graft serve: no API keys exist, so requests need none; only this machine can connect (loopback).\n');
    await new Promise<void>((resolve) => {
      const stop = (): void => resolve();
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      ctx.signal.addEventListener('abort', stop, { once: true });
    });
    ctx.stderr.write('graft serve: stopping: finishing requests in flight and running jobs…\n');
    await server.close();
    await ws.close();
    logger.info('stopped');
    ctx.stderr.write('graft serve: stopped.\n');
    return 0;
  },
};
