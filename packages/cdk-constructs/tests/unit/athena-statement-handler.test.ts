import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  type GetQueryExecutionCommandOutput,
  GetTableMetadataCommand,
  MetadataException,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AthenaStatementEvent,
  athenaStatementHandlers,
  START_RETRY_DELAYS_MS,
} from '../../src/athena-statement-handler/index';
import {
  AddedColumnsPartlyPresentError,
  AthenaStatementFailedError,
  AthenaStatementTimedOutError,
  athenaStatementHandlerDir,
} from '../../src/index';

const athena = mockClient(AthenaClient);

const PROPERTIES = {
  Sql: 'CREATE OR REPLACE VIEW orders_current AS SELECT 1 AS x',
  Database: 'sales_lake',
  WorkGroup: 'sales-analytics',
  TimeoutSeconds: '600',
};
const created: AthenaStatementEvent = { RequestType: 'Create', ResourceProperties: PROPERTIES };
const QUERY_ID = '9a1b2c3d-0000-4000-8000-000000000001';

const withState = (
  State: string,
  extra: Record<string, unknown> = {},
): Partial<GetQueryExecutionCommandOutput> => ({
  QueryExecution: { QueryExecutionId: QUERY_ID, Status: { State, ...extra } as never },
});

/** An error as the SDK throws it: the service's error code is its `name`. */
const serviceError = (name: string, message: string) => Object.assign(new Error(message), { name });

const SUBMITTED = new Date('2026-11-25T10:00:00.000Z');

/** Handlers with a clock that does not wait, recording each wait; `now` is where the clock stands. */
function handlers(now = SUBMITTED.getTime()) {
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
  };
  return {
    waits,
    ...athenaStatementHandlers({
      client: new AthenaClient({ region: 'eu-west-1' }),
      sleep,
      now: () => now,
    }),
  };
}

beforeEach(() => athena.reset());
afterEach(() => athena.reset());

describe('onEvent', () => {
  it('starts the statement in the database and workgroup and returns its execution id', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID });
    const { onEvent, waits } = handlers();
    await expect(onEvent(created)).resolves.toEqual({
      PhysicalResourceId: QUERY_ID,
      Data: { QueryExecutionId: QUERY_ID },
    });
    expect(athena.commandCalls(StartQueryExecutionCommand).map((call) => call.args[0].input)).toEqual([
      {
        QueryString: PROPERTIES.Sql,
        QueryExecutionContext: { Database: 'sales_lake' },
        WorkGroup: 'sales-analytics',
      },
    ]);
    expect(waits).toEqual([]);
  });

  it('runs the statement again on update', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID });
    const { onEvent } = handlers();
    await onEvent({ ...created, RequestType: 'Update', PhysicalResourceId: 'earlier-query' });
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
  });

  it('retries a start refused while IAM propagates the new role, with backoff, then succeeds', async () => {
    athena
      .on(StartQueryExecutionCommand)
      .rejectsOnce(
        serviceError('AccessDeniedException', 'User is not authorized to perform athena:StartQueryExecution'),
      )
      .rejectsOnce(
        serviceError('InvalidRequestException', 'Access denied when writing output to url: s3://results/'),
      )
      .resolves({ QueryExecutionId: QUERY_ID });
    const { onEvent, waits } = handlers();
    await expect(onEvent(created)).resolves.toMatchObject({ PhysicalResourceId: QUERY_ID });
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(3);
    expect(waits).toEqual(START_RETRY_DELAYS_MS.slice(0, 2));
    expect(waits[1]).toBeGreaterThan(waits[0]!);
  });

  it('gives up with the access error after the last retry', async () => {
    const denied = serviceError('AccessDeniedException', 'User is not authorized');
    athena.on(StartQueryExecutionCommand).rejects(denied);
    const { onEvent, waits } = handlers();
    await expect(onEvent(created)).rejects.toThrow('User is not authorized');
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(START_RETRY_DELAYS_MS.length + 1);
    expect(waits).toEqual([...START_RETRY_DELAYS_MS]);
  });

  it('does not retry any other error', async () => {
    athena
      .on(StartQueryExecutionCommand)
      .rejects(serviceError('InvalidRequestException', 'line 1:8: mismatched input'));
    const { onEvent, waits } = handlers();
    await expect(onEvent(created)).rejects.toThrow('line 1:8: mismatched input');
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('runs nothing on delete and keeps the physical id', async () => {
    const { onEvent, isComplete } = handlers();
    const deleted: AthenaStatementEvent = { ...created, RequestType: 'Delete', PhysicalResourceId: QUERY_ID };
    await expect(onEvent(deleted)).resolves.toEqual({ PhysicalResourceId: QUERY_ID });
    await expect(isComplete(deleted)).resolves.toEqual({ IsComplete: true });
    expect(athena.calls()).toHaveLength(0);
  });
});

describe('isComplete', () => {
  const started: AthenaStatementEvent = {
    ...created,
    PhysicalResourceId: QUERY_ID,
    Data: { QueryExecutionId: QUERY_ID },
  };

  it('waits while the query is queued or running, and completes when it SUCCEEDED', async () => {
    athena
      .on(GetQueryExecutionCommand, { QueryExecutionId: QUERY_ID })
      .resolvesOnce(withState('QUEUED'))
      .resolvesOnce(withState('RUNNING'))
      .resolves(withState('SUCCEEDED'));
    const { isComplete } = handlers();
    await expect(isComplete(started)).resolves.toEqual({ IsComplete: false });
    await expect(isComplete(started)).resolves.toEqual({ IsComplete: false });
    await expect(isComplete(started)).resolves.toEqual({
      IsComplete: true,
      Data: { QueryExecutionId: QUERY_ID },
    });
  });

  it.each([
    ['FAILED', 'FAILED: SemanticException [Error 10001]: line 1:25: Table orders_changes does not exist'],
    ['CANCELLED', 'Query cancelled by user'],
  ])('fails the resource with Athena’s own reason when the query %s', async (state, reason) => {
    athena.on(GetQueryExecutionCommand).resolves(withState(state, { StateChangeReason: reason }));
    const { isComplete } = handlers();
    const checked = isComplete(started);
    await expect(checked).rejects.toThrow(AthenaStatementFailedError);
    await expect(checked).rejects.toThrow(`Athena query ${QUERY_ID} ${state}: ${reason}`);
  });

  it('stops a query still running after the statement’s timeout and fails with the timeout', async () => {
    athena.on(GetQueryExecutionCommand).resolves(withState('RUNNING', { SubmissionDateTime: SUBMITTED }));
    athena.on(StopQueryExecutionCommand).resolves({});
    const inTime = handlers(SUBMITTED.getTime() + 600_000);
    await expect(inTime.isComplete(started)).resolves.toEqual({ IsComplete: false });
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(0);
    const late = handlers(SUBMITTED.getTime() + 600_001);
    const checked = late.isComplete(started);
    await expect(checked).rejects.toThrow(AthenaStatementTimedOutError);
    await expect(checked).rejects.toThrow(
      `Athena query ${QUERY_ID} was still RUNNING after the statement's timeout of 600 s: it was stopped`,
    );
    expect(athena.commandCalls(StopQueryExecutionCommand).map((call) => call.args[0].input)).toEqual([
      { QueryExecutionId: QUERY_ID },
    ]);
  });

  it('falls back to the Athena error message when there is no state change reason', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolves(withState('FAILED', { AthenaError: { ErrorMessage: 'Insufficient permissions' } }));
    const { isComplete } = handlers();
    await expect(isComplete(started)).rejects.toThrow(
      `Athena query ${QUERY_ID} FAILED: Insufficient permissions`,
    );
  });
});

describe('a statement that adds columns', () => {
  const ALTER = 'ALTER TABLE orders_state ADD COLUMNS (coupon_code string, discount_total decimal(12,2))';
  const adding: AthenaStatementEvent = {
    RequestType: 'Create',
    ResourceProperties: {
      ...PROPERTIES,
      Sql: ALTER,
      AddsColumns: { Table: 'orders_state', Columns: ['coupon_code', 'discount_total'] },
    },
  };
  const tableWith = (...names: string[]) => ({
    TableMetadata: { Name: 'orders_state', Columns: names.map((Name) => ({ Name, Type: 'string' })) },
  });

  it('runs when the table has none of the columns, after looking in the statement’s database', async () => {
    athena.on(GetTableMetadataCommand).resolves(tableWith('order_id', 'version'));
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID });
    const { onEvent } = handlers();
    await expect(onEvent(adding)).resolves.toEqual({
      PhysicalResourceId: QUERY_ID,
      Data: { QueryExecutionId: QUERY_ID },
    });
    expect(athena.commandCalls(GetTableMetadataCommand).map((call) => call.args[0].input)).toEqual([
      {
        CatalogName: 'AwsDataCatalog',
        DatabaseName: 'sales_lake',
        TableName: 'orders_state',
        WorkGroup: 'sales-analytics',
      },
    ]);
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input.QueryString).toBe(ALTER);
  });

  it('is skipped, and completes at once, when the table already has every column (in any case)', async () => {
    athena.on(GetTableMetadataCommand).resolves(tableWith('order_id', 'COUPON_CODE', 'discount_total'));
    const { onEvent, isComplete } = handlers();
    const response = await onEvent(adding);
    expect(response).toEqual({
      PhysicalResourceId: 'skipped: orders_state has coupon_code, discount_total',
      Data: { Skipped: 'orders_state has coupon_code, discount_total' },
    });
    await expect(isComplete({ ...adding, ...response })).resolves.toEqual({
      IsComplete: true,
      Data: response.Data,
    });
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(0);
  });

  it('refuses to run or skip when the table has only some of the columns, naming the missing ones', async () => {
    athena.on(GetTableMetadataCommand).resolves(tableWith('order_id', 'coupon_code'));
    const { onEvent } = handlers();
    const started = onEvent(adding);
    await expect(started).rejects.toThrow(AddedColumnsPartlyPresentError);
    await expect(started).rejects.toThrow(
      'Table orders_state has some of the columns the statement adds but not discount_total',
    );
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });

  it('runs when the table does not exist, so that Athena gives its own reason', async () => {
    athena
      .on(GetTableMetadataCommand)
      .rejects(new MetadataException({ message: 'Entity Not Found', $metadata: {} }));
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID });
    const { onEvent } = handlers();
    await expect(onEvent(adding)).resolves.toMatchObject({ PhysicalResourceId: QUERY_ID });
  });
});

describe('the built handler bundle', () => {
  const bundle = join(athenaStatementHandlerDir(), 'index.mjs');

  it('is small, imports the AWS SDK from the runtime instead of bundling it', () => {
    const text = readFileSync(bundle, 'utf8');
    expect(text).toMatch(/from ["']@aws-sdk\/client-athena["']/);
    expect(text).not.toMatch(/@smithy\//);
    expect(statSync(bundle).size).toBeLessThan(16 * 1024);
  });

  it('exports onEvent and isComplete that run a statement to completion', async () => {
    const built = (await import(bundle)) as ReturnType<typeof athenaStatementHandlers>;
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID });
    athena.on(GetQueryExecutionCommand).resolves(withState('SUCCEEDED'));
    const started = await built.onEvent(created);
    await expect(built.isComplete({ ...created, ...started })).resolves.toMatchObject({ IsComplete: true });
  });
});
