/** Token vectors → one vector per text: CLS, mean or max over the real (unpadded) tokens, then optional L2 normalisation. */
import type { Pooling } from './options.js';

/**
 * Pools row `r` of a `[rows, cols, width]` output into `out`, reading only the first `length`
 * tokens (the rest is padding). Accumulates in float64 so the batch's padding length cannot
 * change the sum's rounding.
 */
export function poolRow(
  data: Float32Array, r: number, cols: number, width: number, length: number,
  pooling: Pooling, normalize: boolean, out: Float32Array,
): void {
  const base = r * cols * width;
  const acc = new Float64Array(width);
  if (pooling === 'cls' || length === 0) {
    for (let j = 0; j < width; j++) acc[j] = data[base + j]!;
  } else if (pooling === 'mean') {
    for (let t = 0; t < length; t++) for (let j = 0; j < width; j++) acc[j]! += data[base + t * width + j]!;
    for (let j = 0; j < width; j++) acc[j]! /= length;
  } else {
    acc.fill(-Infinity);
    for (let t = 0; t < length; t++) for (let j = 0; j < width; j++) acc[j] = Math.max(acc[j]!, data[base + t * width + j]!);
  }
  let scale = 1;
  if (normalize) {
    let sq = 0;
    for (let j = 0; j < width; j++) sq += acc[j]! * acc[j]!;
    scale = sq > 0 ? 1 / Math.sqrt(sq) : 1;
  }
  for (let j = 0; j < width; j++) out[j] = acc[j]! * scale;
}
