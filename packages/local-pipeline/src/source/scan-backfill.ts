import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ScanCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { createOrdersTable } from '@org/order-generator';
import { type AttributeMap, ORDER_KEY_ATTRIBUTE } from '@org/order-schema';
import { LocalPipelineError } from '../errors';
import { runBackfill, timed } from './backfill';
import type { BackfillPlan } from './embedded-backfill';

/** Segments of the parallel Scan: each is read page by page, concurrently with the others. */
export const SCAN_SEGMENTS = 4;

/**
 * Creates the orders table with its stream off, awaits `writeBefore` (the orders that exist before
 * the pipeline), then turns the stream on (UpdateTable) and resolves to the new stream's ARN.
 */
export async function createTableWithStreamAfter(
  client: DynamoDBClient,
  tableName: string,
  writeBefore: () => Promise<void>,
): Promise<string> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [{ AttributeName: ORDER_KEY_ATTRIBUTE, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: ORDER_KEY_ATTRIBUTE, KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  // Waits for ACTIVE; an existing table is left as it is.
  await createOrdersTable(client, tableName);
  await writeBefore();
  await client.send(
    new UpdateTableCommand({
      TableName: tableName,
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  const { streamArn } = await createOrdersTable(client, tableName);
  if (streamArn) return streamArn;
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  throw new LocalPipelineError(`table ${tableName} has no stream after UpdateTable (${Table?.TableStatus})`);
}

/** The items of one Scan segment, one page (at most 1 MB) at a time. */
export async function* scanSegment(
  client: DynamoDBClient,
  tableName: string,
  segment: number,
  totalSegments: number,
): AsyncGenerator<AttributeMap> {
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        Segment: segment,
        TotalSegments: totalSegments,
        ExclusiveStartKey: exclusiveStartKey as never,
      }),
    );
    for (const item of page.Items ?? []) yield item as AttributeMap;
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
}

/**
 * The backfill of a table without an export (DynamoDB Local has none): a parallel Scan whose segments
 * each feed the same snapshot function and sink. A Scan is not a point in time: an order changed
 * while it runs may be read at either version, and its snapshot is then equal to or older than a
 * change the stream carries, which the current-state rule (highest version wins) absorbs. The Scan's
 * start is the snapshots' `event_time`.
 */
export async function runScanBackfill(
  client: DynamoDBClient,
  tableName: string,
  plan: BackfillPlan,
  segments = SCAN_SEGMENTS,
): Promise<void> {
  const startedMs = Date.now();
  const exportId = `scan-${startedMs}`;
  const exportTime = new Date(startedMs).toISOString();
  for (let pass = 0; pass < plan.passes; pass++) {
    await timed(plan.counts.durationsMs, 'backfill', () =>
      Promise.all(
        Array.from({ length: segments }, (_, segment) =>
          runBackfill(
            { items: scanSegment(client, tableName, segment, segments), exportId, exportTime },
            plan.sink,
            plan.counts,
          ),
        ),
      ),
    );
  }
}
