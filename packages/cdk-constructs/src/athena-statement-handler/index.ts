/**
 * The deploy-time handlers of `AthenaStatement`, for the CDK custom-resource Provider framework:
 * `onEvent` starts the statement on create and update, `isComplete` reports whether it has finished,
 * throws Athena's own reason when it failed, which CloudFormation shows as why the resource failed, and
 * stops a statement that outlived its timeout. A statement that adds columns is skipped when the table
 * already has them. Nothing runs on delete. Bundled to `dist/athena-statement-handler/index.mjs`.
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetTableMetadataCommand,
  QueryExecutionState,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import {
  AddedColumnsPartlyPresentError,
  AthenaStatementFailedError,
  AthenaStatementTimedOutError,
} from '../errors';

/** The custom resource's properties, as `AthenaStatement` sets them (CloudFormation passes strings). */
export interface AthenaStatementProperties {
  readonly Sql: string;
  readonly Database: string;
  readonly WorkGroup: string;
  /** How long the statement may run before `isComplete` stops it. */
  readonly TimeoutSeconds: string;
  /** The columns the statement adds: it is skipped when the table already has them all. */
  readonly AddsColumns?: { readonly Table: string; readonly Columns: readonly string[] };
}

/** What `onEvent` returns as `Data`: the framework passes it on to `isComplete`. */
export interface AthenaStatementData {
  readonly QueryExecutionId?: string;
  /** Set when the statement was not run because the table already had its columns. */
  readonly Skipped?: string;
}

/** The parts of a Provider-framework event the handlers read. */
export interface AthenaStatementEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: AthenaStatementProperties;
  readonly Data?: AthenaStatementData;
}

export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: AthenaStatementData;
}

export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: AthenaStatementData;
}

export interface AthenaStatementHandlerOptions {
  readonly client?: AthenaClient;
  /** The clock a timeout is measured with; injectable so tests control it. */
  readonly now?: () => number;
  /** Waits between attempts to start the statement; injectable so tests do not wait. */
  readonly sleep?: (milliseconds: number) => Promise<void>;
  /**
   * Waits before each retry of a start refused with access denied: a new role's policy can take
   * seconds to reach every service after CloudFormation created it.
   */
  readonly startRetryDelaysMs?: readonly number[];
}

export const START_RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000, 16_000];

const FINISHED_BADLY: readonly string[] = [QueryExecutionState.FAILED, QueryExecutionState.CANCELLED];

/** The Glue Data Catalog as Athena names it. */
const DATA_CATALOG = 'AwsDataCatalog';

/** IAM's refusal (`AccessDeniedException`) or an Athena error saying access was denied. */
export function isAccessDenied(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'AccessDeniedException' || /access denied/i.test(error.message);
}

export function athenaStatementHandlers(options: AthenaStatementHandlerOptions = {}) {
  const client = options.client ?? new AthenaClient({});
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const retryDelays = options.startRetryDelaysMs ?? START_RETRY_DELAYS_MS;

  async function start(properties: AthenaStatementProperties): Promise<string> {
    const command = new StartQueryExecutionCommand({
      QueryString: properties.Sql,
      QueryExecutionContext: { Database: properties.Database },
      WorkGroup: properties.WorkGroup,
    });
    for (let attempt = 0; ; attempt++) {
      try {
        const { QueryExecutionId } = await client.send(command);
        if (!QueryExecutionId) throw new Error('Athena StartQueryExecution returned no QueryExecutionId');
        return QueryExecutionId;
      } catch (error) {
        const delay = retryDelays[attempt];
        if (delay === undefined || !isAccessDenied(error)) throw error;
        console.log(JSON.stringify({ message: 'access denied, retrying', attempt: attempt + 1, delay }));
        await sleep(delay);
      }
    }
  }

  /** Whether the table already has every column the statement adds (none: run it; some: refuse). */
  async function columnsPresent(properties: AthenaStatementProperties): Promise<boolean> {
    const adds = properties.AddsColumns;
    if (!adds) return false;
    let existing: Set<string>;
    try {
      const { TableMetadata } = await client.send(
        new GetTableMetadataCommand({
          CatalogName: DATA_CATALOG,
          DatabaseName: properties.Database,
          TableName: adds.Table,
          WorkGroup: properties.WorkGroup,
        }),
      );
      existing = new Set(
        [...(TableMetadata?.Columns ?? []), ...(TableMetadata?.PartitionKeys ?? [])].map((column) =>
          (column.Name ?? '').toLowerCase(),
        ),
      );
    } catch (error) {
      // A table that does not exist yet: the statement runs, and fails with Athena's own reason.
      if ((error as { name?: string }).name === 'MetadataException') return false;
      throw error;
    }
    const missing = adds.Columns.filter((column) => !existing.has(column.toLowerCase()));
    if (missing.length === 0) return true;
    if (missing.length === adds.Columns.length) return false;
    throw new AddedColumnsPartlyPresentError(adds.Table, missing);
  }

  async function onEvent(event: AthenaStatementEvent): Promise<OnEventResponse> {
    if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId ?? 'none' };
    const properties = event.ResourceProperties;
    if (await columnsPresent(properties)) {
      const skipped = `${properties.AddsColumns!.Table} has ${properties.AddsColumns!.Columns.join(', ')}`;
      console.log(JSON.stringify({ message: 'columns already present, statement skipped', skipped }));
      return { PhysicalResourceId: `skipped: ${skipped}`.slice(0, 1024), Data: { Skipped: skipped } };
    }
    const queryExecutionId = await start(properties);
    console.log(JSON.stringify({ message: 'statement started', queryExecutionId }));
    return { PhysicalResourceId: queryExecutionId, Data: { QueryExecutionId: queryExecutionId } };
  }

  async function isComplete(event: AthenaStatementEvent): Promise<IsCompleteResponse> {
    if (event.RequestType === 'Delete') return { IsComplete: true };
    if (event.Data?.Skipped) return { IsComplete: true, Data: event.Data };
    const queryExecutionId = event.Data?.QueryExecutionId ?? event.PhysicalResourceId;
    if (!queryExecutionId) throw new Error('isComplete got no QueryExecutionId from onEvent');
    const { QueryExecution } = await client.send(
      new GetQueryExecutionCommand({ QueryExecutionId: queryExecutionId }),
    );
    const status = QueryExecution?.Status;
    const state = status?.State ?? 'UNKNOWN';
    if (state === QueryExecutionState.SUCCEEDED) {
      return { IsComplete: true, Data: { QueryExecutionId: queryExecutionId } };
    }
    if (FINISHED_BADLY.includes(state)) {
      const reason =
        status?.StateChangeReason ?? status?.AthenaError?.ErrorMessage ?? 'Athena gave no reason';
      throw new AthenaStatementFailedError(queryExecutionId, state, reason);
    }
    const timeoutSeconds = Number(event.ResourceProperties.TimeoutSeconds);
    const submitted = status?.SubmissionDateTime?.getTime();
    if (submitted !== undefined && now() - submitted > timeoutSeconds * 1000) {
      await client.send(new StopQueryExecutionCommand({ QueryExecutionId: queryExecutionId }));
      throw new AthenaStatementTimedOutError(queryExecutionId, state, timeoutSeconds);
    }
    return { IsComplete: false };
  }

  return { onEvent, isComplete };
}

const handlers = athenaStatementHandlers();

export const onEvent = handlers.onEvent;
export const isComplete = handlers.isComplete;
