/** What serving a head costs, measured: its saved size and the time to apply it to one text's embedding. */
import { throwIfAborted } from '../core/index.js';
import type { Matrix } from '../core/index.js';
import type { Strategy } from '../heads/index.js';
import type { HeadCost } from './alternatives.js';

/** Single-text predictions timed per head (the median is kept: one slow call on a busy machine does not count). */
export const LATENCY_PROBES = 21;

/** The median of some numbers. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Fits the strategy on the rows given and measures the head: bytes of its saved JSON, and the
 * median milliseconds of predicting one row of `probe` at a time (as a request for one text does).
 * The fit is only measured, so it may stop at a score's precision (`FitOptions.scoreOnly`).
 *
 * @example
 * const cost = await measureHead(createStrategy('logistic'), X, y, labels, 42, Xheld);
 */
export async function measureHead(
  strategy: Strategy, X: Matrix, y: Int32Array, labels: readonly string[], seed: number, probe: Matrix, signal?: AbortSignal,
): Promise<HeadCost> {
  // Only measured, then dropped: its size and speed are a served head's, whatever precision its fit stopped at (scoreOnly)
  const head = await strategy.fit(X, y, { seed, labels, signal, scoreOnly: true });
  throwIfAborted(signal);
  const bytes = Buffer.byteLength(JSON.stringify(head.toJSON()));
  const times: number[] = [];
  const rows = Math.max(1, Math.min(probe.rows, LATENCY_PROBES));
  head.predictProba(probe.selectRows([0])); // first call pays one-off set-up (wasm, caches)
  for (let i = 0; i < rows; i++) {
    const one = probe.selectRows([i % probe.rows]);
    const t0 = performance.now();
    head.predictProba(one);
    times.push(performance.now() - t0);
  }
  return { bytes, msPerText: median(times), rows: X.rows };
}
