/**
 * Spaces operations out to at most `perSecond` on average. Callers are served in call order; a batch
 * of n operations takes n slots. There is no burst credit: idle time is not saved up.
 */
export class RateLimiter {
  private nextFreeAt = 0;
  private readonly intervalMs: number;

  public constructor(
    perSecond: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    this.intervalMs = 1000 / perSecond;
  }

  public async acquire(operations: number): Promise<void> {
    const now = this.now();
    if (this.nextFreeAt < now) this.nextFreeAt = now;
    const waitMs = this.nextFreeAt - now;
    this.nextFreeAt += operations * this.intervalMs;
    if (waitMs > 0) await this.sleep(waitMs);
  }
}
