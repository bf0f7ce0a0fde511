import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamoDBLocal, startDynamoDBLocal } from '@org/dynamodb-local';
import { type FaultProxy, startFaultProxy } from '@org/fault-proxy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalPipeline } from '../../src/run-local-pipeline';
import type { RunSummary } from '../../src/run-summary';
import { sourceState } from '../helpers/lake-files';

let local: DynamoDBLocal;
let proxy: FaultProxy;
const root = mkdtempSync(join(tmpdir(), 'cdc-local-faults-'));
// Every request of the run goes through the proxy: the endpoint check, table creation, the writes, the
// stream reads, the scan. Writes are conditional PutItem/DeleteItem (no BatchWriteItem), so partial
// batches cannot occur here. The proxy seeds its decisions per operation and request number; this seed
// drops the connection of the first request (the endpoint check's ListTables) and fires each fault
// within the first 20 PutItem requests, whatever the timing.
const FAULTS = {
  seed: 'pipeline-16',
  throttle: 0.05,
  error5xx: 0.03,
  resetBefore: 0.03,
  resetAfterCommit: 0.03,
};

beforeAll(async () => {
  local = await startDynamoDBLocal();
  proxy = await startFaultProxy({ target: local.endpoint, ...FAULTS });
}, 120_000);

afterAll(async () => {
  await proxy?.stop();
  await local?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('against DynamoDB Local behind the fault proxy', () => {
  it('captures every write exactly once and reconciles with 0 differences, with every fault firing', async () => {
    const outDir = join(root, 'pipe');
    const summary: RunSummary = await runLocalPipeline({
      orders: 40,
      seed: 5,
      outDir,
      capture: 'eventbridge-pipe',
      chaos: true,
      dynamodbEndpoint: proxy.url,
    });
    const counts = proxy.counts();
    for (const fault of ['throttle', 'error5xx', 'resetBefore', 'resetAfterCommit'] as const) {
      expect(counts[fault], `${fault} fired`).toBeGreaterThan(0);
    }
    expect(summary.run.source).toBe('dynamodb');
    expect(summary.writes?.failed).toBe(0);
    // Writes whose answer was lost after they committed: the writer counts them as applied, and so
    // must the stream reader's count, which fails the run on a record more than the writes applied.
    expect(summary.writes?.ambiguousResolved).toBeGreaterThan(0);
    // One change per operation: a write re-sent after its answer was lost changed nothing twice.
    expect(summary.changes.total).toBe(summary.writes?.operations);
    expect(summary.changes.insert).toBe(40);
    expect(summary.reconciliation).toMatchObject({ missing: 0, extra: 0, mismatched: 0, differences: 0 });
    expect(summary.reconciliation.sourceOrders).toBe(sourceState(outDir).length);
    expect(summary.reconciliation.sourceOrders).toBeGreaterThan(0);
  }, 180_000);
});
