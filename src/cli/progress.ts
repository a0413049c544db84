/**
 * A progress bar on stderr (rate and ETA), drawn only when stderr is a terminal; silent
 * otherwise so logs and pipes stay clean. `--progress json` writes JSON lines on stderr
 * instead, for a server or a script to follow a long fit or evaluation.
 */
import { UsageError } from '../core/index.js';
import type { Progress, ProgressFn } from '../core/index.js';

/** The `--progress` option of the long commands (fit, eval). */
export const PROGRESS_OPTION = { progress: { type: 'string' } } as const;
export const PROGRESS_USAGE = '  --progress MODE      bar (default on a terminal), json (JSON lines on stderr: phase, done, total, unit,\n' +
  '                       elapsed and ETA seconds) or none';

export interface ProgressBar {
  update: ProgressFn;
  /** Clears the bar line. */
  done(): void;
}

export function progressBar(stream: NodeJS.WritableStream, enabled: boolean, now: () => number = Date.now): ProgressBar {
  if (!enabled) return { update: () => {}, done: () => {} };
  let phase = '';
  let start = now();
  let last = 0;
  let drawn = false;
  return {
    update(p: Progress) {
      const t = now();
      if (p.phase !== phase) {
        phase = p.phase;
        start = t;
      }
      if (t - last < 100 && p.done < p.total) return;
      last = t;
      stream.write('\r\x1b[2K' + renderBar(p, (t - start) / 1000));
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

/** One line: phase, bar, counts, rate and ETA. */
export function renderBar(p: Progress, elapsedSeconds: number, width = 28): string {
  const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const full = Math.round(frac * width);
  const bar = '█'.repeat(full) + '░'.repeat(width - full);
  const rate = elapsedSeconds > 0 ? p.done / elapsedSeconds : 0;
  const eta = rate > 0 ? (p.total - p.done) / rate : NaN;
  const unit = p.unit ?? 'items';
  const etaText = Number.isFinite(eta) ? `ETA ${formatDuration(eta)}` : 'ETA --';
  return `${p.phase} ${bar} ${p.done}/${p.total} ${unit} ${rate.toFixed(1)}/s ${etaText}`;
}

export function formatDuration(s: number): string {
  if (s < 60) return `${Math.ceil(s)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
}

/**
 * The progress reporter `--progress` asks for: `bar` (the default; drawn only on a terminal),
 * `json` (one JSON object a line on stderr: at most every 250 ms per phase, and the first and
 * last update of each), or `none`.
 */
export function progressReporter(stream: NodeJS.WritableStream, interactive: boolean, mode: string | undefined, now: () => number = Date.now): ProgressBar {
  if (mode === undefined || mode === 'bar') return progressBar(stream, interactive, now);
  if (mode === 'none') return progressBar(stream, false, now);
  if (mode !== 'json') throw new UsageError(`--progress must be bar, json or none, got "${mode}".`, 'bad_option');
  let phase = '';
  let start = now();
  let last = -Infinity;
  return {
    update(p: Progress) {
      const t = now();
      if (p.phase !== phase) {
        phase = p.phase;
        start = t;
        last = -Infinity;
      }
      if (t - last < 250 && p.done > 0 && p.done < p.total) return;
      last = t;
      const elapsed = (t - start) / 1000;
      const rate = elapsed > 0 ? p.done / elapsed : 0;
      const eta = p.done >= p.total ? 0 : rate > 0 ? (p.total - p.done) / rate : null;
      const line = { type: 'progress', phase: p.phase, done: p.done, total: p.total, unit: p.unit ?? 'items', elapsed: round(elapsed), eta: eta === null ? null : round(eta) };
      stream.write(JSON.stringify(line) + '\n');
    },
    done() {},
  };
}

function round(s: number): number {
  return Math.round(s * 10) / 10;
}
