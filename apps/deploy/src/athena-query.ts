import { setTimeout as realSleep } from 'node:timers/promises';
import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { AthenaQueryError } from './errors';

export interface AthenaQueryOptions {
  readonly sql: string;
  readonly workgroup: string;
  readonly database: string;
  /** Wait between two status checks. @default 1000 */
  readonly pollMs?: number;
  /** Give up after this long. @default 120000 */
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/**
 * Runs one statement in the workgroup (which sets the results location and encryption) and returns
 * the result rows, header row excluded, as text. Throws `AthenaQueryError` with Athena's reason.
 */
export async function runAthenaQuery(client: AthenaClient, options: AthenaQueryOptions): Promise<string[][]> {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const started = await client.send(
    new StartQueryExecutionCommand({
      QueryString: options.sql,
      WorkGroup: options.workgroup,
      QueryExecutionContext: { Database: options.database },
    }),
  );
  const id = started.QueryExecutionId;
  if (!id) throw new AthenaQueryError('Athena returned no query execution id');
  const deadline = now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    const { QueryExecution } = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    const state = QueryExecution?.Status?.State;
    if (state === 'SUCCEEDED') break;
    if (state === 'FAILED' || state === 'CANCELLED') {
      const reason = QueryExecution?.Status?.StateChangeReason ?? 'no reason given';
      throw new AthenaQueryError(`Athena query ${id} ${state.toLowerCase()}: ${reason}`);
    }
    if (now() > deadline)
      throw new AthenaQueryError(`Athena query ${id} still ${state ?? 'unknown'} after the timeout`);
    await sleep(options.pollMs ?? 1_000);
  }
  const rows: string[][] = [];
  let nextToken: string | undefined;
  let header = true;
  do {
    const page = await client.send(
      new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: nextToken }),
    );
    for (const row of page.ResultSet?.Rows ?? []) {
      if (header) {
        header = false;
        continue;
      }
      rows.push((row.Data ?? []).map((datum) => datum.VarCharValue ?? ''));
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return rows;
}
