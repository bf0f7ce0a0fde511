import type { WriteProgress } from './write-summary';

/** Where progress goes: a stream with an optional `isTTY`. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const PLAIN_INTERVAL_MS = 2_000;

/**
 * Shows a run's progress: one line rewritten in place on a terminal, a plain line every two seconds
 * otherwise (logs and CI keep readable output).
 */
export class ProgressDisplay {
  private lastPlainAt = 0;
  private shown = false;

  public constructor(
    private readonly stream: ProgressStream,
    private readonly totalOrders: number,
    private readonly now: () => number = Date.now,
  ) {}

  public update(progress: WriteProgress): void {
    const line = this.describe(progress);
    if (this.stream.isTTY === true) {
      this.stream.write(`\r\u001b[2K${line}`);
      this.shown = true;
      return;
    }
    const at = this.now();
    if (at - this.lastPlainAt < PLAIN_INTERVAL_MS) return;
    this.lastPlainAt = at;
    this.stream.write(`${line}\n`);
  }

  /** Ends the in-place line so that what follows starts on a fresh line. */
  public done(): void {
    if (this.shown) this.stream.write('\n');
    this.shown = false;
  }

  private describe(p: WriteProgress): string {
    const percent = this.totalOrders === 0 ? 100 : Math.floor((p.orders * 100) / this.totalOrders);
    return (
      `progress: orders ${p.orders}/${this.totalOrders} (${percent}%), operations ${p.operations}, ` +
      `${Math.round(p.operationsPerSecond)} ops/s, retries ${p.retries}, throttles ${p.throttles}, failed ${p.failed}`
    );
  }
}
