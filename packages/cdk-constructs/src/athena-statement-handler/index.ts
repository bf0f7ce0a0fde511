/**
 * The deploy-time handlers of `AthenaStatement`, for the CDK custom-resource Provider framework:
 * `onEvent` starts the statement on create and update, `isComplete` reports whether it has finished,
 * and throws Athena's own reason when it failed, which CloudFormation shows as why the resource failed.
 * Nothing runs on delete. Bundled to `dist/athena-statement-handler/index.mjs`.
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  QueryExecutionState,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { AthenaStatementFailedError } from '../errors';

/** The custom resource's properties, as `AthenaStatement` sets them. */
export interface AthenaStatementProperties {
  readonly Sql: string;
  readonly Database: string;
  readonly WorkGroup: string;
}

/** The parts of a Provider-framework event the handlers read. */
export interface AthenaStatementEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: AthenaStatementProperties;
  /** What `onEvent` returned as `Data`: the framework passes it on to `isComplete`. */
  readonly Data?: { readonly QueryExecutionId?: string };
}

export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: { readonly QueryExecutionId: string };
}

export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: { readonly QueryExecutionId: string };
}

export interface AthenaStatementHandlerOptions {
  readonly client?: AthenaClient;
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

/** IAM's refusal (`AccessDeniedException`) or an Athena error saying access was denied. */
export function isAccessDenied(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'AccessDeniedException' || /access denied/i.test(error.message);
}

export function athenaStatementHandlers(options: AthenaStatementHandlerOptions = {}) {
  const client = options.client ?? new AthenaClient({});
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

  async function onEvent(event: AthenaStatementEvent): Promise<OnEventResponse> {
    if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId ?? 'none' };
    const queryExecutionId = await start(event.ResourceProperties);
    console.log(JSON.stringify({ message: 'statement started', queryExecutionId }));
    return { PhysicalResourceId: queryExecutionId, Data: { QueryExecutionId: queryExecutionId } };
  }

  async function isComplete(event: AthenaStatementEvent): Promise<IsCompleteResponse> {
    if (event.RequestType === 'Delete') return { IsComplete: true };
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
    return { IsComplete: false };
  }

  return { onEvent, isComplete };
}

const handlers = athenaStatementHandlers();

export const onEvent = handlers.onEvent;
export const isComplete = handlers.isComplete;
