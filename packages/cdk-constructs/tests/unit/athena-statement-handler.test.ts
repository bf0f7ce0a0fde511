import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  type GetQueryExecutionCommandOutput,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AthenaStatementEvent,
  athenaStatementHandlers,
  START_RETRY_DELAYS_MS,
} from '../../src/athena-statement-handler/index';
import { AthenaStatementFailedError, athenaStatementHandlerDir } from '../../src/index';

const athena = mockClient(AthenaClient);

const PROPERTIES = {
  Sql: 'CREATE OR REPLACE VIEW orders_current AS SELECT 1 AS x',
  Database: 'sales_lake',
  WorkGroup: 'sales-analytics',
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

/** Handlers with a clock that does not wait, recording each wait. */
function handlers() {
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
  };
  return { waits, ...athenaStatementHandlers({ client: new AthenaClient({ region: 'eu-west-1' }), sleep }) };
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
