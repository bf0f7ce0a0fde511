import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LakeRow } from '../../src/index';
import { change } from '../helpers/factories';
import { type Refresh, StateDatabase, type StateRow } from '../helpers/state-database';

// Property: fold any arrival of a lake (reordered, duplicated, late) with any sequence of windowed
// refreshes and full passes. Whenever every row of an order has been inside the window of a refresh
// that ran after the row landed, the table's row for that order equals the view's (both absent for a
// deleted order). A full pass at the end makes the whole table equal the view.

const DAY_START = Date.parse('2026-11-25T00:00:00.000Z');
const MINUTE = 60_000;
const BATCHES = 5;
const ORDERS = 4;
/** The insert, up to three updates and a delete. */
const EVENTS_PER_ORDER = 5;
const COPIES_PER_EVENT = 3;

const iso = (minute: number): string => new Date(DAY_START + minute * MINUTE).toISOString();
/** `YYYY-MM-DDTHH`: the lake partition of a time, comparable as text. */
const partitionOf = (isoTime: string): string => isoTime.slice(0, 13);

/** A copy of a change as it reached the lake: when Firehose received it, and its stream sequence. */
const copyArbitrary = fc.record({
  delaySeconds: fc.integer({ min: 1, max: 4 * 3600 }),
  sequence: fc.integer({ min: 1, max: 2000 }).map(String),
});

/** One order's life: event times never go back as the version grows (the source's writes are ordered). */
const orderArbitrary = fc.record({
  startMinute: fc.integer({ min: 0, max: 30 * 60 }),
  updateGapsMinutes: fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: EVENTS_PER_ORDER - 2 }),
  deleteGapMinutes: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
  copies: fc.array(fc.array(copyArbitrary, { minLength: 1, maxLength: COPIES_PER_EVENT }), {
    minLength: EVENTS_PER_ORDER,
    maxLength: EVENTS_PER_ORDER,
  }),
});

const refreshArbitrary: fc.Arbitrary<Refresh> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ full: true } as const) },
  {
    weight: 6,
    arbitrary: fc
      .record({ windowHours: fc.integer({ min: 1, max: 12 }), minute: fc.integer({ min: 0, max: 48 * 60 }) })
      .map(({ windowHours, minute }) => ({ windowHours, at: iso(minute) })),
  },
);

const scenarioArbitrary = fc.record({
  orders: fc.array(orderArbitrary, { minLength: 1, maxLength: ORDERS }),
  /** The batch each row lands in (rows of one batch land together), by row index. */
  batchOfRow: fc.array(fc.integer({ min: 0, max: BATCHES - 1 }), {
    minLength: ORDERS * EVENTS_PER_ORDER * COPIES_PER_EVENT,
    maxLength: ORDERS * EVENTS_PER_ORDER * COPIES_PER_EVENT,
  }),
  /** The refreshes run after each batch lands. */
  refreshesAfterBatch: fc.array(fc.array(refreshArbitrary, { maxLength: 2 }), {
    minLength: BATCHES,
    maxLength: BATCHES,
  }),
});

type Order = typeof orderArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** Every copy of every change of one order, as lake rows. */
function lakeRowsOf(order: Order, orderIndex: number): LakeRow[] {
  const orderId = `ord-${orderIndex}`;
  let minute = order.startMinute;
  const changes = [{ version: 1, minute, deleted: false }];
  for (const gap of order.updateGapsMinutes) {
    minute += gap;
    changes.push({ version: changes.length + 1, minute, deleted: false });
  }
  if (order.deleteGapMinutes !== undefined) {
    changes.push({ version: changes.length, minute: minute + order.deleteGapMinutes, deleted: true });
  }
  return changes.flatMap(({ version, minute: eventMinute, deleted }, event) =>
    order.copies[event]!.map((copy) =>
      change({
        orderId,
        version,
        deleted,
        at: iso(eventMinute),
        ingestAt: new Date(DAY_START + eventMinute * MINUTE + copy.delaySeconds * 1000).toISOString(),
        sequence: copy.sequence,
      }),
    ),
  );
}

const windowStart = (refresh: Refresh): string =>
  'full' in refresh
    ? ''
    : partitionOf(new Date(Date.parse(refresh.at) - refresh.windowHours * 3_600_000).toISOString());

const byOrder = (rows: readonly StateRow[]): Map<unknown, StateRow> =>
  new Map(rows.map((row) => [row['order_id'], row]));

describe('currentStateMergeSql against the view, over any arrival and any refreshes (DuckDB)', () => {
  let db: StateDatabase;

  beforeAll(async () => {
    db = await StateDatabase.open();
  });
  afterAll(() => db.close());

  it('equals the view for every order whose rows have all been inside a window since they landed', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async ({ orders, batchOfRow, refreshesAfterBatch }) => {
        await db.clear();
        const rows = orders.flatMap(lakeRowsOf).map((row, index) => ({ row, batch: batchOfRow[index]! }));
        const covered = new Set<number>();
        const landed = new Set<number>();

        for (let batch = 0; batch < BATCHES; batch++) {
          const landing = rows.flatMap((entry, index) => (entry.batch === batch ? [index] : []));
          await db.land(landing.map((index) => rows[index]!.row));
          for (const index of landing) landed.add(index);

          for (const refresh of refreshesAfterBatch[batch]!) {
            await db.refresh(refresh);
            const start = windowStart(refresh);
            for (const index of landed) {
              if (partitionOf(rows[index]!.row.event_time) >= start) covered.add(index);
            }
            const table = byOrder(await db.stateRows());
            const view = byOrder(await db.viewRows());
            const settled = new Set(rows.map((entry) => entry.row.order_id));
            for (const index of landed) if (!covered.has(index)) settled.delete(rows[index]!.row.order_id);
            for (const orderId of settled)
              expect(table.get(orderId), String(orderId)).toEqual(view.get(orderId));
          }
        }

        await db.refresh({ full: true });
        expect(await db.stateRows()).toEqual(await db.viewRows());
        expect(await db.refresh({ full: true })).toBe(0);
      }),
      { numRuns: 30 },
    );
    // Each run lands and refreshes a few hundred rows in DuckDB many times over: seconds per run when
    // the shared machine is busy, so the budget is generous and the number of runs modest.
  }, 300_000);
});
