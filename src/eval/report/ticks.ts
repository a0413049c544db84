/**
 * Axis ticks people can read: round numbers (1, 2 or 5 times a power of ten) and labels that
 * differ, for linear and log axes. The linear routine is d3-array's `ticks`/`tickIncrement` and
 * d3-scale's `nice` (ISC licence, Mike Bostock), written again here for the report's few
 * needs; the log routine picks 1-2-5 (or 1…9) multiples of each decade as d3's log scale does.
 */

const E10 = Math.sqrt(50);
const E5 = Math.sqrt(10);
const E2 = Math.sqrt(2);

/** [first index, last index, increment]: ticks are i·inc (inc > 0) or i/−inc (inc < 0, exact for decimals). */
function tickSpec(start: number, stop: number, count: number): [number, number, number] {
  const step = (stop - start) / Math.max(0, count);
  const power = Math.floor(Math.log10(step));
  const error = step / 10 ** power;
  const factor = error >= E10 ? 10 : error >= E5 ? 5 : error >= E2 ? 2 : 1;
  let i1: number, i2: number, inc: number;
  if (power < 0) {
    inc = 10 ** -power / factor;
    i1 = Math.round(start * inc);
    i2 = Math.round(stop * inc);
    if (i1 / inc < start) ++i1;
    if (i2 / inc > stop) --i2;
    inc = -inc;
  } else {
    inc = 10 ** power * factor;
    i1 = Math.round(start / inc);
    i2 = Math.round(stop / inc);
    if (i1 * inc < start) ++i1;
    if (i2 * inc > stop) --i2;
  }
  if (i2 < i1 && count >= 0.5 && count < 2) return tickSpec(start, stop, count * 2);
  return [i1, i2, inc];
}

/** The tick step for about `count` ticks over [start, stop], as d3's tickIncrement (negative: 1/step). */
function tickIncrement(start: number, stop: number, count: number): number {
  return tickSpec(start, stop, count)[2];
}

/**
 * About `count` round ticks inside [start, stop] (start ≤ stop).
 *
 * @example
 * niceTicks(0.23, 0.96, 5); // [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
 */
export function niceTicks(start: number, stop: number, count = 5): number[] {
  if (!(count > 0) || !Number.isFinite(start) || !Number.isFinite(stop)) return [];
  if (start === stop) return [start];
  const [i1, i2, inc] = tickSpec(start, stop, count);
  if (!(i2 >= i1)) return [];
  return Array.from({ length: i2 - i1 + 1 }, (_, i) => (inc < 0 ? (i1 + i) / -inc : (i1 + i) * inc));
}

/** The step between `niceTicks(start, stop, count)`. */
export function tickStep(start: number, stop: number, count = 5): number {
  const inc = tickIncrement(start, stop, count);
  return inc < 0 ? 1 / -inc : inc;
}

/**
 * [start, stop] widened to round ticks at both ends (d3's `linear.nice`).
 *
 * @example
 * niceDomain(0.23, 0.96, 5); // [0.2, 1]
 */
export function niceDomain(start: number, stop: number, count = 5): [number, number] {
  if (!Number.isFinite(start) || !Number.isFinite(stop) || start === stop) return [start, stop];
  let prestep: number | undefined;
  for (let i = 0; i < 10; i++) {
    const step = tickIncrement(start, stop, count);
    if (step === prestep) break;
    if (step > 0) {
      start = Math.floor(start / step) * step;
      stop = Math.ceil(stop / step) * step;
    } else if (step < 0) {
      start = Math.ceil(start * step) / step;
      stop = Math.floor(stop * step) / step;
    } else break;
    prestep = step;
  }
  return [start, stop];
}

/**
 * Ticks of a base-10 log axis over [start, stop] (both > 0): the powers of ten when they give at
 * least three, else 1-2-5 multiples, else every multiple 1…9 of each decade.
 *
 * @example
 * logTicks(0.001, 100); // [0.001, 0.01, 0.1, 1, 10, 100]
 * logTicks(24, 600);    // [50, 100, 200, 500]
 */
export function logTicks(start: number, stop: number): number[] {
  if (!(start > 0) || !(stop >= start)) return [];
  for (const multiples of [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(start)); e <= Math.ceil(Math.log10(stop)); e++) {
      for (const m of multiples) {
        // Decimal powers by division, so that 0.001 is 0.001 and not 0.0010000000000000002.
        const v = e < 0 ? m / 10 ** -e : m * 10 ** e;
        if (v >= start * (1 - 1e-12) && v <= stop * (1 + 1e-12)) out.push(v);
      }
    }
    if (out.length >= 3 || multiples.length === 9) return out;
  }
  return [];
}

/**
 * A tick label: as many decimals as `step` needs (d3's precisionFixed), thousands as `k` and
 * millions as `M` on count axes.
 *
 * @example
 * formatTick(0.25, 0.05); // "0.25"
 * formatTick(2000, 1000, { si: true }); // "2k"
 */
export function formatTick(v: number, step: number, o: { si?: boolean } = {}): string {
  if (o.si && Math.abs(v) >= 1000) {
    const [div, unit] = Math.abs(v) >= 1e6 ? [1e6, 'M'] : [1e3, 'k'];
    return `${formatTick(v / div, step / div)}${unit}`;
  }
  const digits = Math.max(0, -Math.floor(Math.log10(Math.abs(step) || 1) + 1e-9));
  return (Object.is(v, -0) ? 0 : v).toFixed(Math.min(digits, 12));
}

/**
 * A log tick's label: the decimals of its own decade (0.001, 0.02, …, 1, 10, and 2k with `si`).
 *
 * @example
 * logTicks(0.001, 100).map((v) => formatLogTick(v)); // ["0.001", "0.01", "0.1", "1", "10", "100"]
 */
export function formatLogTick(v: number, o: { si?: boolean } = {}): string {
  return formatTick(v, 10 ** Math.floor(Math.log10(v) + 1e-9), o);
}
