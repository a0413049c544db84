/**
 * A progress bar on stderr (rate and ETA), drawn only when stderr is a terminal; silent
 * otherwise so logs and pipes stay clean.
 */
import type { Progress, ProgressFn } from '../core/index.js';

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
