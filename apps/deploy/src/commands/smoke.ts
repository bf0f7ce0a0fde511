import { setTimeout as realSleep } from 'node:timers/promises';
import type { AthenaClient } from '@aws-sdk/client-athena';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { type DynamoDBClient, ScanCommand, type ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import { DynamoDBOrderTable, finalOrderState, generateOperations, OrderWriter } from '@org/order-generator';
import { runAthenaQuery } from '../athena-query';
import type { Reporter } from '../reporter';
import { readStackOutputs } from '../stack-outputs';

export interface SmokeClients {
  readonly athena: AthenaClient;
  readonly cloudFormation: CloudFormationClient;
  readonly dynamodb: DynamoDBClient;
}

export interface SmokeOptions {
  readonly stackName: string;
  /** Orders to generate (each with its lifecycle). */
  readonly orders: number;
  readonly seed: string;
  /** Marks this run's orders: their ids start with `smoke-<runId>-`. */
  readonly runId: string;
  /** How long to wait for the lake to catch up. */
  readonly timeoutMs: number;
  /** Wait between two lake queries. */
  readonly pollMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

export interface SmokeReport {
  readonly stackName: string;
  readonly ok: boolean;
  readonly orderIdPrefix: string;
  readonly operations: number;
  readonly failedOperations: number;
  /** Orders that should exist now: generated, not deleted, every write succeeded. */
  readonly expectedOrders: number;
  readonly tableOrders: number;
  readonly lakeCurrentOrders: number;
  readonly expectedChanges: number;
  readonly lakeChanges: number;
  readonly waitedMs: number;
}

/**
 * End-to-end check of a deployed stage: writes a seeded run of order lifecycles to the deployed
 * table, counts this run's orders in the table, then queries Athena until the current-state view
 * holds the same orders and the lake every change, or the timeout passes.
 */
export async function runSmoke(
  clients: SmokeClients,
  options: SmokeOptions,
  reporter: Reporter,
): Promise<SmokeReport> {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const outputs = await readStackOutputs(clients.cloudFormation, options.stackName);
  const orderIdPrefix = `smoke-${options.runId}-`;
  const startedAt = new Date(now());
  const operations = generateOperations({
    orders: options.orders,
    seed: options.seed,
    orderIdPrefix,
    startTime: startedAt,
  });

  reporter.progress(`writing ${options.orders} orders to ${outputs.ordersTableName}`);
  const writer = new OrderWriter(new DynamoDBOrderTable(clients.dynamodb, outputs.ordersTableName), {
    onProgress: (progress) =>
      reporter.progress(`written ${progress.operations} operations (${progress.failed} failed)`),
  });
  const written = await writer.write(operations);
  // Orders with a failed write are left out of the expectation: their later state is unknown.
  const failedOrders = new Set(written.failures.map((failure) => failure.orderId));
  const expected = [...finalOrderState(operations).keys()].filter(
    (orderId) => !failedOrders.has(orderId),
  ).length;
  const expectedChanges = written.operations - written.failed;
  reporter.line(
    `wrote ${written.operations} operations for ${written.orders} orders, ${written.failed} failed`,
  );

  const tableOrders = await countTableOrders(clients.dynamodb, outputs.ordersTableName, orderIdPrefix);
  reporter.line(
    `table ${outputs.ordersTableName} holds ${tableOrders} of this run's orders (expected ${expected})`,
  );

  const query = (sql: string) =>
    runAthenaQuery(clients.athena, {
      sql,
      workgroup: outputs.workgroupName,
      database: outputs.glueDatabaseName,
      sleep,
      now,
    }).then((rows) => Number(rows[0]?.[0] ?? 0));
  const like = `'${orderIdPrefix}%'`;
  const fromDay = startedAt.toISOString().slice(0, 10);
  const waitStart = now();
  let lakeCurrentOrders = 0;
  let lakeChanges = 0;
  for (;;) {
    lakeChanges = await query(
      `SELECT count(DISTINCT event_id) FROM ${outputs.lakeTableName} WHERE dt >= '${fromDay}' AND order_id LIKE ${like}`,
    );
    lakeCurrentOrders = await query(
      `SELECT count(*) FROM ${outputs.currentStateViewName} WHERE order_id LIKE ${like}`,
    );
    const waited = now() - waitStart;
    reporter.progress(
      `lake: ${lakeChanges}/${expectedChanges} changes, ${lakeCurrentOrders}/${expected} current orders after ${Math.round(waited / 1000)} s`,
    );
    if ((lakeChanges >= expectedChanges && lakeCurrentOrders === expected) || waited >= options.timeoutMs)
      break;
    await sleep(options.pollMs);
  }
  const report: SmokeReport = {
    stackName: options.stackName,
    ok: tableOrders === expected && lakeCurrentOrders === expected && lakeChanges >= expectedChanges,
    orderIdPrefix,
    operations: written.operations,
    failedOperations: written.failed,
    expectedOrders: expected,
    tableOrders,
    lakeCurrentOrders,
    expectedChanges,
    lakeChanges,
    waitedMs: now() - waitStart,
  };
  reporter.line(
    `lake holds ${lakeChanges} changes (expected ${expectedChanges}) and ${lakeCurrentOrders} current orders`,
  );
  reporter.line(report.ok ? 'smoke test passed' : 'smoke test FAILED: the counts differ');
  reporter.summary(report);
  return report;
}

/** Counts this run's orders in the table (a filtered Scan: fine for a test stage, costly for a big table). */
async function countTableOrders(client: DynamoDBClient, tableName: string, prefix: string): Promise<number> {
  let count = 0;
  let startKey: ScanCommandOutput['LastEvaluatedKey'];
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        Select: 'COUNT',
        FilterExpression: 'begins_with(orderId, :prefix)',
        ExpressionAttributeValues: { ':prefix': { S: prefix } },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}
