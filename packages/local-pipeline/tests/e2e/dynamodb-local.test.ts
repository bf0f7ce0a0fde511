import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { type DynamoDBLocal, startDynamoDBLocal } from '@org/dynamodb-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalPipeline } from '../../src/run-local-pipeline';
import type { RunSummary } from '../../src/run-summary';
import { readDynamoDBStream } from '../../src/source/dynamodb-stream-reader';
import type { TableChange } from '../../src/source/table-change';
import { filesUnder, jsonLines, sourceState } from '../helpers/lake-files';

let local: DynamoDBLocal;
const root = mkdtempSync(join(tmpdir(), 'cdc-local-ddb-'));

beforeAll(async () => {
  local = await startDynamoDBLocal();
}, 120_000);

afterAll(async () => {
  await local?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('against DynamoDB Local through the DynamoDB Streams API', () => {
  it.each(['eventbridge-pipe', 'kinesis-destination'] as const)(
    'captures every write (%s) and reconciles with 0 differences',
    async (capture) => {
      const outDir = join(root, capture);
      const summary: RunSummary = await runLocalPipeline({
        orders: 40,
        seed: 3,
        outDir,
        capture,
        chaos: capture === 'kinesis-destination',
        dynamodbEndpoint: local.endpoint,
      });
      expect(summary.run.source).toBe('dynamodb');
      expect(summary.writes?.failed).toBe(0);
      expect(summary.changes.total).toBe(summary.writes?.operations);
      expect(summary.changes.insert).toBe(40);
      expect(summary.reconciliation).toMatchObject({ missing: 0, extra: 0, mismatched: 0, differences: 0 });
      expect(summary.reconciliation.sourceOrders).toBe(sourceState(outDir).length);
      expect(summary.reconciliation.sourceOrders).toBeGreaterThan(0);
      const rows = filesUnder(join(outDir, 'lake')).flatMap((f) =>
        jsonLines<{ event_time: string; sequence: string }>(f),
      );
      expect(rows.length).toBe(summary.lake.rows);
      // DynamoDB Local rounds ApproximateCreationDateTime down to the minute; the row keeps what the stream said.
      for (const row of rows) expect(row.event_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      if (capture === 'eventbridge-pipe') for (const row of rows) expect(row.sequence).toMatch(/^\d{21,40}$/);
    },
    120_000,
  );
});

describe('a backfill against DynamoDB Local (no export: a parallel Scan)', () => {
  it('brings the orders written before the stream to the lake as snapshots, twice without a new current row', async () => {
    const outDir = join(root, 'backfill');
    const summary = await runLocalPipeline({
      orders: 20,
      preexisting: 60,
      seed: 9,
      outDir,
      dynamodbEndpoint: local.endpoint,
      backfillTwice: true,
    });
    expect(summary.reconciliation).toMatchObject({ missing: 0, extra: 0, mismatched: 0, differences: 0 });
    // Only the live writes reach the stream: the pre-existing orders were written before it was on.
    expect(summary.changes.total).toBe(summary.writes?.operations);
    expect(summary.changes.insert).toBe(20);
    const rows = filesUnder(join(outDir, 'lake')).flatMap((f) =>
      jsonLines<{ change_type: string; order_id: string; event_id: string }>(f),
    );
    const snapshots = rows.filter((row) => row.change_type === 'snapshot');
    const backfill = summary.backfill!;
    expect(backfill.snapshotRows).toBe(snapshots.length);
    expect(backfill.items).toBe(snapshots.length);
    // Each Scan pass reads every pre-existing order still there (and any live order inserted before it).
    const scanned = new Set(snapshots.map((row) => row.order_id));
    const preexisting = [...scanned].filter((id) => Number(id.slice(4)) <= 60);
    expect(preexisting.length).toBeGreaterThan(50);
    expect(backfill.duplicatesDropped).toBeGreaterThan(0);
    expect(backfill.duplicatesDropped).toBe(
      snapshots.length - new Set(snapshots.map((row) => row.event_id)).size,
    );
  }, 180_000);
});

describe('reading a DynamoDB Local stream', () => {
  it('keeps the records as DynamoDB sent them: the StreamViewType of the stream, no userIdentity for a client write', async () => {
    const dynamodb = new DynamoDBClient(local.clientConfig);
    const streams = new DynamoDBStreamsClient(local.clientConfig);
    try {
      const created = await dynamodb.send(
        new CreateTableCommand({
          TableName: 'NewImagesOnly',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
        }),
      );
      await dynamodb.send(
        new PutItemCommand({ TableName: 'NewImagesOnly', Item: { orderId: { S: 'ord-000001' } } }),
      );
      const changes: TableChange[] = [];
      await readDynamoDBStream({
        client: streams,
        streamArn: created.TableDescription!.LatestStreamArn!,
        expected: 1,
        sink: async (change) => {
          changes.push(change);
        },
      });
      expect(changes).toHaveLength(1);
      const record = JSON.parse(JSON.stringify(changes[0]!.record));
      expect(record.dynamodb.StreamViewType).toBe('NEW_IMAGE');
      expect(record).not.toHaveProperty('userIdentity');
      expect(record.dynamodb.NewImage).toEqual({ orderId: { S: 'ord-000001' } });
    } finally {
      dynamodb.destroy();
      streams.destroy();
    }
  }, 60_000);
});
