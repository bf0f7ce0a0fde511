import { DeleteTableCommand, DynamoDBClient, ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { connectionError, createOrdersTable, type OrderWriteTarget } from '@org/order-generator';
import { type AttributeMap, attributeMapToOrder, type Order } from '@org/order-schema';
import { DynamoDBEndpointError, LocalPipelineError } from '../errors';
import { timed } from './backfill';
import { readDynamoDBStream } from './dynamodb-stream-reader';
import type { BackfillPlan } from './embedded-backfill';
import { createTableWithStreamAfter, runScanBackfill } from './scan-backfill';
import type { ChangeSink } from './table-change';
import type { Workload } from './workload';

export interface EndpointSourceOptions {
  endpoint: string;
  region: string;
  /** A fresh table of this name is created (with a NEW_AND_OLD_IMAGES stream) and deleted afterwards. */
  tableName: string;
  workload: Workload;
  /** The generator's DynamoDB write target for a client and table. */
  createTarget: (client: DynamoDBClient, tableName: string) => OrderWriteTarget;
  sink: ChangeSink;
  /** Orders written before the stream is on, backfilled by a parallel Scan while the workload runs. */
  backfill?: BackfillPlan;
}

/** Local endpoints accept any key; real credentials from the environment are used when present. */
function credentials() {
  if (process.env['AWS_ACCESS_KEY_ID'] && process.env['AWS_SECRET_ACCESS_KEY']) return undefined;
  return { accessKeyId: 'local', secretAccessKey: 'local' };
}

/** A throttle, a 5xx or a connection dropped after it was accepted: the endpoint is there, only busy. */
function busy(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const code = (error as { code?: unknown }).code;
  if (status !== undefined) return status >= 500 || /Throttl|ThroughputExceeded/.test(String(error));
  return code === 'ECONNRESET' || code === 'EPIPE';
}

/**
 * One quick call before the run, with the run's credentials but a short connection timeout and no
 * retries, so that an endpoint that does not answer fails at once with a clear message rather than
 * after the run's clients have used up their retries. An endpoint that answers but is busy gets two
 * more tries, as the run's own calls would.
 */
async function checkEndpoint(endpoint: string, region: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region,
    credentials: credentials(),
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000 },
  });
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (attempt >= 3 || !busy(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  } catch (error) {
    const clear = connectionError(error, { client, endpoint, dummyCredentials: false }, tableName);
    if (clear !== error) throw new DynamoDBEndpointError((clear as Error).message, { cause: error });
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const name = error instanceof Error ? error.name : String(error);
    throw new DynamoDBEndpointError(
      `${endpoint} did not answer ListTables as DynamoDB does (${status === undefined ? '' : `HTTP ${status}, `}${name}); is it a DynamoDB endpoint?`,
      { cause: error },
    );
  } finally {
    client.destroy();
  }
}

/**
 * The source as a real DynamoDB endpoint (such as DynamoDB Local): creates the table with a stream,
 * runs the workload through the generator's DynamoDB target, reads every change back through the
 * DynamoDB Streams API into the sink, and scans the final state. Returns that state.
 */
export async function runEndpointSource(options: EndpointSourceOptions): Promise<Map<string, Order>> {
  const { endpoint, region, tableName } = options;
  await checkEndpoint(endpoint, region, tableName);
  const client = new DynamoDBClient({ endpoint, region, credentials: credentials(), maxAttempts: 10 });
  const streams = new DynamoDBStreamsClient({
    endpoint,
    region,
    credentials: credentials(),
    maxAttempts: 10,
  });
  try {
    const { workload, backfill } = options;
    const target = options.createTarget(client, tableName);
    const streamArn = backfill
      ? await createTableWithStreamAfter(client, tableName, () =>
          timed(backfill.counts.durationsMs, 'preexistingWrites', async () =>
            workload.runBeforeStream?.(target),
          ),
        )
      : (await createOrdersTable(client, tableName)).streamArn;
    if (!streamArn) throw new LocalPipelineError(`table ${tableName} at ${endpoint} has no stream`);
    const live = async () => {
      const applied = await workload.run(target);
      await readDynamoDBStream({ client: streams, streamArn, expected: applied, sink: options.sink });
    };
    await Promise.all([live(), backfill && runScanBackfill(client, tableName, backfill)]);
    const state = new Map<string, Order>();
    let exclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({ TableName: tableName, ExclusiveStartKey: exclusiveStartKey as never }),
      );
      for (const item of page.Items ?? []) {
        const order = attributeMapToOrder(item as AttributeMap);
        state.set(order.orderId, order);
      }
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey);
    return state;
  } finally {
    await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
    client.destroy();
    streams.destroy();
  }
}
