/**
 * Per-key rate limits: a token bucket per key that refills at the key's rate and holds ten
 * seconds of it, so a client may burst briefly but not sustain more than its rate. Written
 * here rather than taken from @fastify/rate-limit because the limit belongs to the API key
 * (its own rate, stored with it), which is known only after authentication.
 */

interface Bucket { tokens: number; at: number; perMinute: number }

/** Seconds of a key's rate that it may spend at once. */
const BURST_SECONDS = 10;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /**
   * Takes one request from `id`'s bucket. Returns 0 when allowed, else the whole seconds to
   * wait before the next request would be.
   */
  take(id: string, perMinute: number): number {
    const now = this.clock();
    const capacity = Math.max(1, (perMinute * BURST_SECONDS) / 60);
    let b = this.buckets.get(id);
    if (!b || b.perMinute !== perMinute) {
      b = { tokens: capacity, at: now, perMinute };
      this.buckets.set(id, b);
    }
    const perMs = perMinute / 60_000;
    b.tokens = Math.min(capacity, b.tokens + (now - b.at) * perMs);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
  }
}
