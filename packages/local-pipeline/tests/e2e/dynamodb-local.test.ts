import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamoDBLocal, startDynamoDBLocal } from '@org/dynamodb-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunSummary, runPipeline } from '../../src/index';
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
  it.each(['pipe', 'kinesis'] as const)(
    'captures every write (%s) and reconciles with 0 differences',
    async (capture) => {
      const outDir = join(root, capture);
      const summary: RunSummary = await runPipeline({
        orders: 40,
        seed: 3,
        outDir,
        capture,
        chaos: capture === 'kinesis',
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
      if (capture === 'pipe') for (const row of rows) expect(row.sequence).toMatch(/^\d{21,40}$/);
    },
    120_000,
  );
});
