/**
 * A token bucket: `burst` requests at once, refilled at `perMinute`. One
 * bucket per server process (every request counts, authorised or not: the
 * limit is what makes guessing the token hopeless). The clock is injected so
 * tests do not depend on how fast they run.
 */
export interface RateLimit {
  perMinute: number;
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { perMinute: 60, burst: 20 };

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = limit.burst;
    this.last = now();
  }

  /** Takes one token; when none is left, returns the seconds until one is. */
  take(): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.now();
    const perMs = this.limit.perMinute / 60_000;
    this.tokens = Math.min(this.limit.burst, this.tokens + Math.max(0, now - this.last) * perMs);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: perMs > 0 ? Math.max(1, Math.ceil((1 - this.tokens) / perMs / 1000)) : 60 };
  }
}
