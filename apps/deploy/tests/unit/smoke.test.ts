import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DeleteItemCommand, DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { finalOrderState, generateOperations } from '@org/order-generator';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { runSmoke } from '../../src/commands/smoke';
import { fakeClock } from '../helpers/fake-clock';
import { describeStacksResponse, recordingReporter, STACK, stackOutputs } from '../helpers/outputs';

const athena = mockClient(AthenaClient);
const cloudFormation = mockClient(CloudFormationClient);
const dynamodb = mockClient(DynamoDBClient);

const NOW = Date.parse('2026-11-25T16:00:00.000Z');
const RUN = 'abc123';
const PREFIX = `smoke-${RUN}-`;
const generated = [
  ...generateOperations({ orders: 20, seed: 'seed', orderIdPrefix: PREFIX, startTime: new Date(NOW) }),
];
const expectedOrders = finalOrderState(generated).size;

/** Athena that answers each count with what `answer(sql)` says, after one RUNNING status per query. */
function athenaAnswering(answer: (sql: string) => number) {
  const sqlById = new Map<string, string>();
  const seen = new Set<string>();
  athena.on(StartQueryExecutionCommand).callsFake((input: { QueryString: string }) => {
    const id = `q${sqlById.size + 1}`;
    sqlById.set(id, input.QueryString);
    return { QueryExecutionId: id };
  });
  athena.on(GetQueryExecutionCommand).callsFake(({ QueryExecutionId }: { QueryExecutionId: string }) => {
    const first = !seen.has(QueryExecutionId);
    seen.add(QueryExecutionId);
    return { QueryExecution: { Status: { State: first ? 'RUNNING' : 'SUCCEEDED' } } };
  });
  athena.on(GetQueryResultsCommand).callsFake(({ QueryExecutionId }: { QueryExecutionId: string }) => ({
    ResultSet: {
      Rows: [
        { Data: [{ VarCharValue: '_col0' }] },
        { Data: [{ VarCharValue: String(answer(sqlById.get(QueryExecutionId)!)) }] },
      ],
    },
  }));
  return sqlById;
}

/** A run of 20 orders that polls every 30 s on the fake clock until `timeoutMs`. */
const smokeOptions = (clock: ReturnType<typeof fakeClock>, timeoutMs: number) => ({
  stackName: STACK,
  orders: 20,
  seed: 'seed',
  runId: RUN,
  timeoutMs,
  pollMs: 30_000,
  ...clock,
});

const clients = () => ({
  athena: new AthenaClient({ region: 'eu-west-1' }),
  cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
  dynamodb: new DynamoDBClient({ region: 'eu-west-1' }),
});

beforeEach(() => {
  for (const mock of [athena, cloudFormation, dynamodb]) mock.reset();
  cloudFormation.on(DescribeStacksCommand).resolves(describeStacksResponse(stackOutputs()));
  dynamodb.on(PutItemCommand).resolves({});
  dynamodb.on(DeleteItemCommand).resolves({});
  // Two pages, as a real Scan of a bigger table returns.
  dynamodb
    .on(ScanCommand)
    .resolvesOnce({ Count: 5, LastEvaluatedKey: { orderId: { S: `${PREFIX}000005` } } })
    .resolves({ Count: expectedOrders - 5 });
});

describe('smoke', () => {
  it('writes the generated run to the deployed table and waits until the lake and the view agree', async () => {
    const clock = fakeClock(NOW);
    let polls = 0;
    const sqlById = athenaAnswering((sql) => {
      // The lake catches up on the second poll.
      if (sql.includes('count(DISTINCT event_id)')) return ++polls === 1 ? 3 : generated.length;
      return polls === 1 ? 1 : expectedOrders;
    });
    const recorded = recordingReporter();
    const report = await runSmoke(clients(), smokeOptions(clock, 600_000), recorded.reporter);
    expect(report).toMatchObject({
      ok: true,
      orderIdPrefix: PREFIX,
      operations: generated.length,
      failedOperations: 0,
      expectedOrders,
      tableOrders: expectedOrders,
      lakeCurrentOrders: expectedOrders,
      expectedChanges: generated.length,
      lakeChanges: generated.length,
    });
    const writes =
      dynamodb.commandCalls(PutItemCommand).length + dynamodb.commandCalls(DeleteItemCommand).length;
    expect(writes).toBe(generated.length);
    expect(dynamodb.commandCalls(PutItemCommand)[0]!.args[0].input.TableName).toBe('OrdersRawTable-test');
    expect(dynamodb.commandCalls(ScanCommand)[0]!.args[0].input).toMatchObject({
      FilterExpression: 'begins_with(orderId, :prefix)',
      ExpressionAttributeValues: { ':prefix': { S: PREFIX } },
      Select: 'COUNT',
    });
    const sql = [...sqlById.values()];
    expect(sql).toContain(
      `SELECT count(DISTINCT event_id) FROM orders_changes WHERE dt >= '2026-11-25' AND order_id LIKE '${PREFIX}%'`,
    );
    expect(sql).toContain(`SELECT count(*) FROM orders_current WHERE order_id LIKE '${PREFIX}%'`);
    for (const call of athena.commandCalls(StartQueryExecutionCommand)) {
      expect(call.args[0].input).toMatchObject({
        WorkGroup: 'cdc-sales-test',
        QueryExecutionContext: { Database: 'cdc_sales_test' },
      });
    }
    expect(clock.sleeps).toContain(30_000);
    expect(recorded.lines.at(-1)).toBe('smoke test passed');
    expect(recorded.summaries).toEqual([report]);
  });

  it('fails after the timeout when the view never shows the orders', async () => {
    const clock = fakeClock(NOW);
    athenaAnswering((sql) => (sql.includes('count(DISTINCT event_id)') ? generated.length : 0));
    const recorded = recordingReporter();
    const report = await runSmoke(clients(), smokeOptions(clock, 120_000), recorded.reporter);
    expect(report.ok).toBe(false);
    expect(report.lakeCurrentOrders).toBe(0);
    expect(report.waitedMs).toBeGreaterThanOrEqual(120_000);
    expect(recorded.lines.at(-1)).toBe('smoke test FAILED: the counts differ');
  });
});
