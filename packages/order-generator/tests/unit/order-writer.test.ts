import { describe, expect, it } from 'vitest';
import {
  finalOrderState,
  generateOperations,
  type OrderOperation,
  OrderWriter,
  type WriteFailure,
  type WriteProgress,
} from '../../src/index';
import { MemoryOrderTable } from '../helpers/memory-order-table';

const operationsOf = (orders: number, seed = 'writer', deleteRate = 0.1) => [
  ...generateOperations({ orders, seed, deleteRate }),
];

/** A clock that only moves when the writer sleeps, so rate and backoff are checked without waiting. */
function fakeClock() {
  let now = 0;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    slept,
  };
}

function versionsPerOrder(applied: readonly OrderOperation[]) {
  const seen = new Map<string, number[]>();
  for (const operation of applied) {
    const orderId = operation.type === 'delete' ? operation.orderId : operation.order.orderId;
    const version = operation.type === 'delete' ? operation.expectedVersion + 0.5 : operation.order.version;
    seen.set(orderId, [...(seen.get(orderId) ?? []), version]);
  }
  return seen;
}

describe.each(['conditional', 'batch'] as const)('OrderWriter (%s inserts)', (insertMode) => {
  it('applies every operation, in order per order, leaving the implied final state', async () => {
    const operations = operationsOf(400);
    const table = new MemoryOrderTable({ delayMs: 1 });
    const summary = await new OrderWriter(table, { insertMode, concurrency: 8 }).write(operations);
    expect(summary.failed).toBe(0);
    expect(summary.failures).toEqual([]);
    expect(summary.operations).toBe(operations.length);
    expect(summary.inserts).toBe(400);
    expect(summary.orders).toBe(400);
    expect(summary.updates).toBe(operations.filter((o) => o.type === 'update').length);
    expect(summary.deletes).toBe(operations.filter((o) => o.type === 'delete').length);
    expect(table.items).toEqual(finalOrderState(operations));
    for (const versions of versionsPerOrder(table.applied).values()) {
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
    }
    if (insertMode === 'batch') expect(table.batchCalls).toBeLessThan(400);
    else expect(table.batchCalls).toBe(0);
  });

  it('retries throttled writes and unprocessed batch items with growing backoff, losing nothing', async () => {
    const operations = operationsOf(300, 'throttle');
    // Every first attempt of every third order's writes is throttled or left unprocessed.
    const table = new MemoryOrderTable({
      fault: ({ kind, orderId, attempt }) =>
        attempt <= 2 && Number(orderId.slice(4)) % 3 === 0
          ? kind === 'batch'
            ? 'unprocessed'
            : 'throttle'
          : undefined,
    });
    const clock = fakeClock();
    const summary = await new OrderWriter(table, {
      insertMode,
      concurrency: 4,
      ...clock,
      random: () => 0.5,
    }).write(operations);
    expect(summary.failed).toBe(0);
    expect(summary.retries).toBeGreaterThan(0);
    expect(summary.throttles).toBeGreaterThan(0);
    expect(table.items).toEqual(finalOrderState(operations));
    // Backoff of attempt 1 and 2 with base 50 ms and jitter 0.5: 37.5 and 75 ms.
    expect(new Set(clock.slept)).toEqual(new Set([37.5, 75]));
  });

  it('reports writes still throttled after maxAttempts as failures, and skips the rest of those orders', async () => {
    const operations = operationsOf(60, 'exhaust', 0);
    const table = new MemoryOrderTable({
      fault: ({ orderId }) =>
        orderId === 'ord-000007' ? (insertMode === 'batch' ? 'unprocessed' : 'throttle') : undefined,
    });
    const failures: WriteFailure[] = [];
    const summary = await new OrderWriter(table, {
      insertMode,
      maxAttempts: 3,
      ...fakeClock(),
      onFailure: (failure) => failures.push(failure),
    }).write(operations);
    const ofOrder7 = operations.filter(
      (o) => (o.type === 'delete' ? o.orderId : o.order.orderId) === 'ord-000007',
    );
    expect(summary.failed).toBe(ofOrder7.length);
    expect(failures).toEqual(summary.failures);
    expect(failures[0]).toMatchObject({
      orderId: 'ord-000007',
      type: 'insert',
      attempts: 3,
      errorName: 'RetriesExhaustedError',
    });
    expect(failures[0]?.reason).toMatch(/^gave up after 3 attempts: /);
    for (const skipped of failures.slice(1)) {
      expect(skipped).toMatchObject({ orderId: 'ord-000007', errorName: 'OrderSkippedError', attempts: 0 });
      expect(skipped.reason).toBe('skipped: an earlier operation of order ord-000007 failed');
    }
    expect(summary.inserts + summary.updates + summary.deletes + summary.failed).toBe(operations.length);
    expect(table.items.has('ord-000007')).toBe(false);
    expect(table.items.size).toBe(59);
  });
});

describe('OrderWriter', () => {
  it('keeps at most `concurrency` target calls in flight', async () => {
    const table = new MemoryOrderTable({ delayMs: 2 });
    await new OrderWriter(table, { concurrency: 3 }).write(operationsOf(120, 'concurrency'));
    expect(table.maxInFlight).toBe(3);
  });

  it('reports a failed condition with its reason and skips the order’s later operations', async () => {
    const operations = operationsOf(50, 'conflict', 0);
    const table = new MemoryOrderTable();
    // Someone else already wrote ord-000003: the conditional insert must fail, not overwrite it.
    const foreign = operations.find((o) => o.type === 'insert' && o.order.orderId === 'ord-000003');
    if (foreign?.type !== 'insert') throw new Error('no insert of ord-000003');
    table.items.set('ord-000003', { ...foreign.order, status: 'PAID', version: 9 });
    const summary = await new OrderWriter(table).write(operations);
    const count = operations.filter((o) => o.type !== 'delete' && o.order.orderId === 'ord-000003').length;
    expect(summary.failed).toBe(count);
    expect(summary.failures[0]).toMatchObject({
      orderId: 'ord-000003',
      type: 'insert',
      errorName: 'ConditionFailedError',
    });
    expect(summary.failures[0]?.reason).toBe(
      'condition failed for order ord-000003: the order already exists',
    );
    expect(table.items.get('ord-000003')?.version).toBe(9);
  });

  it('validates orders before writing and never echoes the customer e-mail', async () => {
    const [insert] = operationsOf(1, 'invalid');
    if (insert?.type !== 'insert') throw new Error('expected an insert');
    const bad: OrderOperation = {
      type: 'insert',
      order: { ...insert.order, orderId: 'ord-bad', customerEmail: 'not-an-email', orderTotal: '1.00' },
    };
    const table = new MemoryOrderTable();
    const summary = await new OrderWriter(table).write([bad]);
    expect(summary.failed).toBe(1);
    expect(summary.failures[0]?.errorName).toBe('InvalidOrderError');
    expect(summary.failures[0]?.reason).toMatch(
      /^invalid order ord-bad: customerEmail: .*orderTotal: orderTotal must equal/,
    );
    expect(summary.failures[0]?.reason).not.toContain('not-an-email');
    expect(table.applyCalls).toBe(0);
  });

  it('keeps to the rate limit', async () => {
    const clock = fakeClock();
    const operations = operationsOf(100, 'rate', 0);
    const summary = await new OrderWriter(new MemoryOrderTable(), { ratePerSecond: 50, ...clock }).write(
      operations,
    );
    expect(summary.failed).toBe(0);
    // n operations at 50/s: the last one may start after (n - 1) / 50 seconds, not before.
    const sleptMs = clock.slept.reduce((sum, ms) => sum + ms, 0);
    expect(sleptMs).toBeCloseTo(((operations.length - 1) * 1000) / 50, 0);
  });

  it('calls onProgress with growing counts and a final call equal to the summary', async () => {
    const calls: WriteProgress[] = [];
    const summary = await new OrderWriter(new MemoryOrderTable(), {
      onProgress: (progress) => calls.push(progress),
      progressIntervalMs: 0,
    }).write(operationsOf(30, 'progress'));
    expect(calls.length).toBeGreaterThan(2);
    for (let i = 1; i < calls.length; i++)
      expect(calls[i]!.operations).toBeGreaterThanOrEqual(calls[i - 1]!.operations);
    expect(calls.at(-1)).toEqual(summary);
  });

  it('accepts an async source', async () => {
    const operations = operationsOf(40, 'async');
    async function* source() {
      for (const operation of operations) yield operation;
    }
    const table = new MemoryOrderTable();
    const summary = await new OrderWriter(table, { insertMode: 'batch' }).write(source());
    expect(summary.failed).toBe(0);
    expect(table.items).toEqual(finalOrderState(operations));
  });

  it.each([
    [{ concurrency: 0 }, 'invalid concurrency: expected a whole number >= 1, got 0'],
    [{ insertMode: 'fast' }, 'invalid insertMode: expected one of conditional, batch, got "fast"'],
    [{ ratePerSecond: -5 }, 'invalid ratePerSecond: expected a number of operations per second > 0, got -5'],
    [{ maxAttempts: 0 }, 'invalid maxAttempts: expected a whole number >= 1, got 0'],
  ])('rejects bad options %o', (options, message) => {
    expect(() => new OrderWriter(new MemoryOrderTable(), options as never)).toThrow(message);
  });
});

describe('OrderWriter with transactions (transactionSize > 1)', () => {
  it('sends conditional writes of different orders together, keeping per-order order', async () => {
    const operations = operationsOf(300, 'together');
    const table = new MemoryOrderTable({ delayMs: 1 });
    const summary = await new OrderWriter(table, { transactionSize: 10, concurrency: 4 }).write(operations);
    expect(summary.failures).toEqual([]);
    expect(table.items).toEqual(finalOrderState(operations));
    expect(Math.max(...table.groupSizes)).toBe(10);
    expect(table.togetherCalls).toBeLessThan(operations.length / 3);
    for (const versions of versionsPerOrder(table.applied).values()) {
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
    }
  });

  it('fails only the write whose condition failed and sends the cancelled ones again', async () => {
    const operations = operationsOf(40, 'together-conflict', 0);
    const table = new MemoryOrderTable();
    const foreign = operations.find((o) => o.type === 'insert' && o.order.orderId === 'ord-000005');
    if (foreign?.type !== 'insert') throw new Error('no insert of ord-000005');
    table.items.set('ord-000005', { ...foreign.order, version: 7 });
    const summary = await new OrderWriter(table, { transactionSize: 20, concurrency: 1 }).write(operations);
    const ofOrder5 = operations.filter((o) => o.type !== 'delete' && o.order.orderId === 'ord-000005');
    expect(summary.failed).toBe(ofOrder5.length);
    expect(summary.failures[0]).toMatchObject({ orderId: 'ord-000005', errorName: 'ConditionFailedError' });
    expect(summary.retries).toBeGreaterThan(0);
    const expected = finalOrderState(operations);
    expected.set('ord-000005', { ...foreign.order, version: 7 });
    expect(table.items).toEqual(expected);
  });

  it('retries throttled groups with backoff', async () => {
    const operations = operationsOf(100, 'together-throttle');
    const table = new MemoryOrderTable({
      fault: ({ orderId, attempt }) => (attempt === 1 && orderId.endsWith('7') ? 'throttle' : undefined),
    });
    const clock = fakeClock();
    const summary = await new OrderWriter(table, { transactionSize: 25, ...clock }).write(operations);
    expect(summary.failed).toBe(0);
    expect(summary.throttles).toBeGreaterThan(0);
    expect(clock.slept.length).toBeGreaterThan(0);
    expect(table.items).toEqual(finalOrderState(operations));
  });

  it('refuses transactionSize > 1 for a target without applyTogether', () => {
    const target = { batchInsert: async () => [], apply: async () => {} };
    expect(() => new OrderWriter(target, { transactionSize: 5 })).toThrow(
      'invalid transactionSize: expected 1 for a target without applyTogether, got 5',
    );
    expect(() => new OrderWriter(new MemoryOrderTable(), { transactionSize: 101 })).toThrow(
      'invalid transactionSize: expected a whole number from 1 to 100, got 101',
    );
  });
});
