import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LakeRow } from '../../src/index';
import { currentStateMergeSql } from '../../src/sql/index';
import { change } from '../helpers/factories';
import { StateDatabase } from '../helpers/state-database';

/** 2026-11-25 at `hh:mm` UTC. */
const at = (time: string, day = '2026-11-25'): string => `${day}T${time}:00.000Z`;

describe('currentStateMergeSql folding the lake into orders_state (DuckDB)', () => {
  let db: StateDatabase;

  beforeAll(async () => {
    db = await StateDatabase.open();
  });
  beforeEach(async () => {
    await db.clear();
  });
  afterAll(() => db.close());

  const orderIds = async (): Promise<unknown[]> => (await db.stateRows()).map((row) => row['order_id']);

  /** The table must hold what the view shows over the same lake, column for column. */
  const expectTableEqualsView = async (): Promise<void> => {
    expect(await db.stateRows()).toEqual(await db.viewRows());
  };

  it('full pass: keeps each order’s winning change and leaves deleted orders out, as the view does', async () => {
    await db.land([
      change({ orderId: 'A', version: 1, at: at('08:00') }),
      change({ orderId: 'A', version: 2, at: at('09:00') }),
      change({ orderId: 'B', version: 1, at: at('08:30') }),
      change({ orderId: 'B', version: 1, at: at('10:00'), deleted: true }),
      change({ orderId: 'C', version: 1, at: at('11:00') }),
    ]);

    expect(await db.refresh({ full: true })).toBe(2);

    expect(await orderIds()).toEqual(['A', 'C']);
    expect((await db.stateRows())[0]).toMatchObject({ version: '2', status: 'PAID', order_total: '102.00' });
    await expectTableEqualsView();
  });

  it('the same window twice: the second refresh changes no row', async () => {
    await db.land([
      change({ orderId: 'A', version: 1, at: at('08:00') }),
      change({ orderId: 'A', version: 2, at: at('09:10') }),
      change({ orderId: 'B', version: 1, at: at('09:20') }),
    ]);
    const window = { windowHours: 3, at: at('10:30') };

    expect(await db.refresh(window)).toBe(2);
    const first = await db.stateRows();
    expect(await db.refresh(window)).toBe(0);

    expect(await db.stateRows()).toEqual(first);
    await expectTableEqualsView();
  });

  it('overlapping windows, then a full pass: the overlap and the full pass change nothing more', async () => {
    await db.land([
      change({ orderId: 'A', version: 1, at: at('06:10') }),
      change({ orderId: 'A', version: 2, at: at('09:40') }),
      change({ orderId: 'B', version: 1, at: at('07:00') }),
      change({ orderId: 'B', version: 2, at: at('10:00') }),
      change({ orderId: 'B', version: 3, at: at('11:05') }),
      change({ orderId: 'C', version: 1, at: at('10:15') }),
    ]);

    expect(await db.refresh({ windowHours: 2, at: at('11:30') })).toBe(3); // hours 09-11: A, B, C
    expect(await db.refresh({ windowHours: 6, at: at('11:45') })).toBe(0); // hours 05-11: the same winners
    expect(await db.refresh({ full: true })).toBe(0);
    await expectTableEqualsView();
  });

  it('a window holding older versions after the newest was merged changes nothing', async () => {
    await db.land([
      change({ orderId: 'A', version: 1, at: at('07:00') }),
      change({ orderId: 'A', version: 2, at: at('08:00') }),
      change({ orderId: 'A', version: 3, at: at('10:00') }),
    ]);

    expect(await db.refresh({ windowHours: 1, at: at('10:30') })).toBe(1); // only version 3
    expect(await db.refresh({ windowHours: 5, at: at('10:30') })).toBe(0); // versions 1, 2 and 3
    // A late copy of version 2 changes nothing either.
    await db.land([change({ orderId: 'A', version: 2, at: at('08:00'), ingestAt: at('10:40') })]);
    expect(await db.refresh({ windowHours: 5, at: at('10:45') })).toBe(0);

    expect((await db.stateRows())[0]).toMatchObject({ version: '3' });
    await expectTableEqualsView();
  });

  it('an older change landing after a newer one was merged never replaces it', async () => {
    await db.land([change({ orderId: 'A', version: 2, at: at('09:00') })]);
    expect(await db.refresh({ windowHours: 3, at: at('10:00') })).toBe(1);

    await db.land([change({ orderId: 'A', version: 1, at: at('08:00'), ingestAt: at('09:59') })]);
    expect(await db.refresh({ windowHours: 3, at: at('10:00') })).toBe(0);

    expect((await db.stateRows())[0]).toMatchObject({ version: '2' });
    await expectTableEqualsView();
  });

  it('a delete removes the order, and no later window, late copy or full pass brings it back', async () => {
    await db.land([
      change({ orderId: 'A', version: 1, at: at('08:00') }),
      change({ orderId: 'A', version: 2, at: at('09:00') }),
    ]);
    expect(await db.refresh({ windowHours: 3, at: at('09:30') })).toBe(1);

    await db.land([change({ orderId: 'A', version: 2, at: at('10:00'), deleted: true })]);
    expect(await db.refresh({ windowHours: 1, at: at('10:30') })).toBe(1);
    expect(await orderIds()).toEqual([]);

    expect(await db.refresh({ windowHours: 5, at: at('10:30') })).toBe(0);
    await db.land([change({ orderId: 'A', version: 1, at: at('08:00'), ingestAt: at('10:50') })]);
    expect(await db.refresh({ windowHours: 5, at: at('11:00') })).toBe(0);
    expect(await db.refresh({ full: true })).toBe(0);
    expect(await orderIds()).toEqual([]);
    await expectTableEqualsView();
  });

  it('a delete that lands before the order’s insert keeps the order out', async () => {
    await db.land([change({ orderId: 'A', version: 1, at: at('09:00'), deleted: true })]);
    expect(await db.refresh({ windowHours: 3, at: at('09:30') })).toBe(0);

    await db.land([change({ orderId: 'A', version: 1, at: at('08:00'), ingestAt: at('09:40') })]);
    expect(await db.refresh({ windowHours: 3, at: at('10:00') })).toBe(0);

    expect(await orderIds()).toEqual([]);
    await expectTableEqualsView();
  });

  describe.each<[string, LakeRow, LakeRow]>([
    [
      'a delete wins over an update of the same version',
      change({ orderId: 'A', version: 2, at: at('09:00') }),
      change({ orderId: 'A', version: 2, at: at('09:00'), deleted: true }),
    ],
    [
      'then the later event_time wins, whichever arrived first',
      change({ orderId: 'A', version: 2, at: at('09:00'), eventId: 'early', ingestAt: at('09:10') }),
      change({ orderId: 'A', version: 2, at: at('09:05'), eventId: 'late', ingestAt: at('09:06') }),
    ],
    [
      'then the higher sequence wins, compared as a number (1000 > 999)',
      change({ orderId: 'A', version: 2, at: at('09:00'), eventId: 'lower', sequence: '999' }),
      change({ orderId: 'A', version: 2, at: at('09:00'), eventId: 'higher', sequence: '1000' }),
    ],
  ])('the tie rule: %s', (_rule, loser, winner) => {
    const expected = async (): Promise<void> => {
      const rows = await db.stateRows();
      if (winner.is_deleted) expect(rows).toEqual([]);
      else expect(rows.map((row) => row['event_id'])).toEqual([winner.event_id]);
      await expectTableEqualsView();
    };

    it.each([
      ['the loser lands first', [loser], [winner]],
      ['the winner lands first', [winner], [loser]],
      ['both land together', [loser, winner], []],
    ])('%s', async (_order, first, second) => {
      await db.land(first);
      await db.refresh({ windowHours: 2, at: at('10:00') });
      await db.land(second);
      await db.refresh({ windowHours: 2, at: at('10:00') });
      await expected();
      expect(await db.refresh({ windowHours: 2, at: at('10:00') })).toBe(0);
    });
  });

  it('copies of one change: the table keeps the copy that arrived first, even when it lands last', async () => {
    const first = change({
      orderId: 'A',
      version: 1,
      at: at('08:00'),
      ingestAt: at('08:01'),
      sequence: '200',
    });
    const second = { ...first, ingest_time: at('08:07'), sequence: '100' };
    await db.land([second]);
    expect(await db.refresh({ windowHours: 3, at: at('09:00') })).toBe(1);
    expect((await db.stateRows())[0]).toMatchObject({ ingest_time: second.ingest_time });

    await db.land([first]);
    expect(await db.refresh({ windowHours: 3, at: at('09:00') })).toBe(1);
    expect((await db.stateRows())[0]).toMatchObject({ ingest_time: first.ingest_time, sequence: '200' });
    expect(await db.refresh({ windowHours: 3, at: at('09:00') })).toBe(0);
    await expectTableEqualsView();
  });

  it('identical copies (a retried delivery) fold into one row', async () => {
    const row = change({ orderId: 'A', version: 1, at: at('08:00') });
    await db.land([row, row]);
    await db.land([row]);

    expect(await db.refresh({ windowHours: 3, at: at('09:00') })).toBe(1);
    expect(await db.refresh({ windowHours: 3, at: at('09:00') })).toBe(0);
    expect(await orderIds()).toEqual(['A']);
    await expectTableEqualsView();
  });

  it('a row that lands in a partition older than the window waits for the full pass', async () => {
    await db.land([change({ orderId: 'A', version: 1, at: at('02:00'), ingestAt: at('09:55') })]);

    expect(await db.refresh({ windowHours: 3, at: at('10:00') })).toBe(0);
    expect(await orderIds()).toEqual([]);
    expect(await db.refresh({ full: true })).toBe(1);
    expect(await orderIds()).toEqual(['A']);
  });

  it('reads every partition from the hour of (refresh time - windowHours), across midnight, in any session time zone', async () => {
    await db.land([
      change({ orderId: 'before', version: 1, at: '2026-11-25T21:59:59.999Z' }),
      change({ orderId: 'first-hour', version: 1, at: '2026-11-25T22:00:00.000Z' }),
      change({ orderId: 'next-day', version: 1, at: '2026-11-26T01:10:00.000Z' }),
    ]);

    expect(await db.refresh({ windowHours: 3, at: '2026-11-26T01:30:00.000Z' })).toBe(2);
    expect(await orderIds()).toEqual(['first-hour', 'next-day']);
  });
});

describe('currentStateMergeSql options', () => {
  it('names the tables it is given', () => {
    const sql = currentStateMergeSql({ table: 'sales.orders_changes', stateTable: 'sales.orders_state' });
    expect(sql).toMatch(/^MERGE INTO sales\.orders_state AS t\n/);
    expect(sql).toContain('FROM sales.orders_changes\n');
  });

  it('reads every partition without a window, and only the window’s partitions with one', () => {
    expect(currentStateMergeSql()).not.toContain('now()');
    expect(currentStateMergeSql({ windowHours: 3 })).toContain(
      "WHERE dt >= date_format((now() AT TIME ZONE 'UTC') - INTERVAL '3' HOUR, '%Y-%m-%d')",
    );
  });

  it.each([[0], [-1], [1.5], [Number.NaN], [9000]])('refuses windowHours %s', (windowHours) => {
    expect(() => currentStateMergeSql({ windowHours })).toThrow(
      `windowHours must be a whole number of hours from 1 to 8784, got ${JSON.stringify(windowHours)}`,
    );
  });

  it.each([['orders_state; DROP TABLE x'], ['a.b.c']])('refuses the state table name %j', (stateTable) => {
    expect(() => currentStateMergeSql({ stateTable })).toThrow('stateTable must be an SQL identifier');
  });
});
