import { describe, expect, it } from 'vitest';
import type { WriteProgress } from '../../src/index';
import { ProgressDisplay } from '../../src/progress-display';

const progress = (orders: number): WriteProgress => ({
  operations: orders * 4,
  orders,
  inserts: orders,
  updates: orders * 3,
  deletes: 0,
  retries: 1,
  throttles: 2,
  ambiguousResolved: 0,
  failed: 0,
  elapsedMs: 1000,
  operationsPerSecond: orders * 4,
});

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (text: string) => writes.push(text) };
}

describe('ProgressDisplay', () => {
  it('rewrites one line in place on a terminal and ends it when done', () => {
    const tty = stream(true);
    const display = new ProgressDisplay(tty, 10);
    display.update(progress(5));
    display.update(progress(10));
    display.done();
    expect(tty.writes).toEqual([
      '\r\u001b[2Kprogress: orders 5/10 (50%), operations 20, 20 ops/s, retries 1, throttles 2, failed 0',
      '\r\u001b[2Kprogress: orders 10/10 (100%), operations 40, 40 ops/s, retries 1, throttles 2, failed 0',
      '\n',
    ]);
  });

  it('writes a plain line at most every two seconds otherwise', () => {
    const plain = stream(false);
    let now = 10_000;
    const display = new ProgressDisplay(plain, 10, () => now);
    display.update(progress(1));
    now += 500;
    display.update(progress(2));
    now += 2_000;
    display.update(progress(3));
    display.done();
    expect(plain.writes).toEqual([
      'progress: orders 1/10 (10%), operations 4, 4 ops/s, retries 1, throttles 2, failed 0\n',
      'progress: orders 3/10 (30%), operations 12, 12 ops/s, retries 1, throttles 2, failed 0\n',
    ]);
  });
});
