import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { CHANGE_TYPE, ORDER_STATUSES, type Order } from '@org/order-schema';
import {
  currentStateViewSql,
  DUCKDB_TRINO_MACROS,
  duckdbColumnsArgument,
  duckdbCreateTableSql,
} from '@org/order-schema/sql';
import {
  exampleKinesisRecord,
  exampleOrder,
  exampleStreamRecord,
  storedImage,
} from '@org/order-schema/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { snapshotRecord, transformFirehoseEvent } from '../../src/index';
import { aFirehoseRecord, lineOf } from '../helpers/factories';

// The current-state rule with backfilled rows, checked with the view's own SQL in DuckDB over rows the
// transformer made. An order goes through versions 1..n (and is maybe deleted after n); the stream is
// turned on after version k, so the lake holds the changes after k; the export is taken at version v
// (k <= v <= n); the snapshot (maybe sent twice, as a rerun of the backfill does) arrives among the
// changes in EVERY order. The view must always show version n, or nothing after the delete: a snapshot
// never overwrites a newer change, and when the snapshot and the change of version v are both there,
// whichever wins carries the same item.

const BASE_MILLIS = Date.UTC(2026, 10, 25, 9, 0, 0);
const MINUTE = 60_000;
const CAPTURES = ['eventbridge-pipe', 'kinesis-destination'] as const;
type Capture = (typeof CAPTURES)[number];

interface Scenario {
  readonly id: string;
  readonly versions: number;
  readonly streamOnAfter: number;
  readonly exportAt: number;
  readonly deleted: boolean;
  readonly twice: boolean;
  readonly capture: Capture;
}

/** The order as it stands at `version`: its status moves along, so every version looks different. */
function orderAt(orderId: string, version: number): Order {
  const updatedAt = new Date(BASE_MILLIS + version * MINUTE).toISOString();
  return exampleOrder({
    orderId,
    version,
    status: ORDER_STATUSES[version - 1]!,
    updatedAt,
    createdAt: new Date(BASE_MILLIS + MINUTE).toISOString(),
  });
}

/** The change records the stream carries for the scenario, and the snapshot record(s) of its export. */
function recordsOf(scenario: Scenario, orderId: string): unknown[] {
  const records: unknown[] = [];
  const change = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', version: number, millis: number) => {
    const order = orderAt(orderId, version);
    const eventId = `${orderId}/${eventName}/${version}`;
    return scenario.capture === 'eventbridge-pipe'
      ? exampleStreamRecord({
          eventName,
          order,
          eventId,
          seconds: Math.floor(millis / 1000),
          sequenceNumber: String(100_000_000_000_000_000_000n + BigInt(millis)),
        })
      : exampleKinesisRecord({ eventName, order, eventId, time: millis });
  };
  for (let version = scenario.streamOnAfter + 1; version <= scenario.versions; version++) {
    records.push(change(version === 1 ? 'INSERT' : 'MODIFY', version, BASE_MILLIS + version * MINUTE));
  }
  if (scenario.deleted) {
    records.push(change('REMOVE', scenario.versions, BASE_MILLIS + (scenario.versions + 1) * MINUTE));
  }
  const exportTime = BASE_MILLIS + scenario.exportAt * MINUTE + MINUTE / 2;
  const item = storedImage(orderAt(orderId, scenario.exportAt));
  const snapshot = snapshotRecord(item, { exportTime, exportId: '01795600000000-2d8752fd' });
  records.push(snapshot);
  if (scenario.twice) records.push(snapshot);
  return records;
}

/** Every distinct order of a multiset: copies of one record (a snapshot sent twice) are not told apart. */
function* arrivalOrders(kinds: readonly string[]): Generator<string[]> {
  if (kinds.length <= 1) {
    yield [...kinds];
    return;
  }
  for (const kind of new Set(kinds)) {
    const index = kinds.indexOf(kind);
    const rest = [...kinds.slice(0, index), ...kinds.slice(index + 1)];
    for (const tail of arrivalOrders(rest)) yield [kind, ...tail];
  }
}

function scenarios(): Scenario[] {
  const all: Scenario[] = [];
  for (const capture of CAPTURES) {
    for (let versions = 1; versions <= 3; versions++) {
      for (let streamOnAfter = 0; streamOnAfter <= versions; streamOnAfter++) {
        for (let exportAt = Math.max(1, streamOnAfter); exportAt <= versions; exportAt++) {
          for (const deleted of [false, true]) {
            for (const twice of [false, true]) {
              const id = `${capture}-n${versions}-k${streamOnAfter}-v${exportAt}${deleted ? '-deleted' : ''}${twice ? '-twice' : ''}`;
              all.push({ id, versions, streamOnAfter, exportAt, deleted, twice, capture });
            }
          }
        }
      }
    }
  }
  return all;
}

/** Every arrival order of every scenario, one order id each, through the real transformer: the lake's lines. */
function lakeLines(): { lines: string[]; expected: Map<string, Order | undefined>; ties: Set<string> } {
  const lines: string[] = [];
  const expected = new Map<string, Order | undefined>();
  const ties = new Set<string>();
  let failures = 0;
  let arrival = 0;
  for (const scenario of scenarios()) {
    const kinds = recordsOf(scenario, 'template').map((_, index, all) =>
      index === all.length - 1 && scenario.twice ? String(index - 1) : String(index),
    );
    for (const order of arrivalOrders(kinds)) {
      const orderId = `${scenario.id}-${order.join('')}`;
      const records = recordsOf(scenario, orderId);
      const event = {
        invocationId: orderId,
        deliveryStreamArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/orders-changes',
        sourceKinesisStreamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders-changes',
        region: 'eu-west-1',
        records: order.map((kind, position) =>
          aFirehoseRecord(records[Number(kind)], {
            recordId: `${orderId}-${position}`,
            arrival: BASE_MILLIS + 10 * MINUTE + ++arrival,
            sequenceNumber: `4965893761830497162083725619403857261940385726${String(arrival).padStart(10, '0')}`,
          }),
        ),
      };
      const outcome = transformFirehoseEvent(event);
      failures += outcome.failures.length;
      for (const record of outcome.result.records) lines.push(lineOf(record));
      expected.set(orderId, scenario.deleted ? undefined : orderAt(orderId, scenario.versions));
      if (scenario.streamOnAfter < scenario.exportAt) ties.add(orderId);
    }
  }
  expect(failures).toBe(0);
  return { lines, expected, ties };
}

describe('the current-state view over stream changes and snapshot rows', () => {
  const directory = mkdtempSync(join(tmpdir(), 'snapshot-state-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('shows the newest version of every order in every arrival order, or nothing after a delete', async () => {
    const { lines, expected, ties } = lakeLines();
    const file = join(directory, 'lake.json');
    writeFileSync(file, lines.join(''));

    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(`SET TimeZone = 'UTC'`);
      for (const macro of DUCKDB_TRINO_MACROS) await connection.run(macro);
      await connection.run(duckdbCreateTableSql('orders_changes'));
      await connection.run(
        `INSERT INTO orders_changes SELECT * FROM read_json('${file}', format = 'newline_delimited', columns = ${duckdbColumnsArgument()})`,
      );
      await connection.run(currentStateViewSql());
      const reader = await connection.runAndReadAll(
        'SELECT order_id, change_type, status, version, updated_at, is_deleted FROM orders_current',
      );
      const state = new Map(reader.getRowObjectsJS().map((row) => [row['order_id'] as string, row]));

      const snapshotRows = lines.filter((line) => line.includes(`"change_type":"${CHANGE_TYPE.SNAPSHOT}"`));
      expect(snapshotRows.length).toBeGreaterThan(expected.size);
      let snapshotWonATie = 0;
      for (const [orderId, order] of expected) {
        const row = state.get(orderId);
        if (order === undefined) {
          expect(row, orderId).toBeUndefined();
          continue;
        }
        expect(row, orderId).toMatchObject({
          status: order.status,
          version: BigInt(order.version),
          updated_at: order.updatedAt,
          is_deleted: false,
        });
        if (ties.has(orderId) && row!['change_type'] === CHANGE_TYPE.SNAPSHOT) snapshotWonATie++;
      }
      expect(state.size).toBe([...expected.values()].filter(Boolean).length);
      // Ties were there to win: the snapshot of version v met the change of version v.
      expect(snapshotWonATie).toBeGreaterThan(0);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }, 120_000);
});
