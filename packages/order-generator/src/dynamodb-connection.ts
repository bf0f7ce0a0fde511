import { DescribeTableCommand, DynamoDBClient, type TableDescription } from '@aws-sdk/client-dynamodb';
import {
  EndpointUnreachableError,
  InvalidOptionError,
  MissingCredentialsError,
  MissingRegionError,
  TableNotFoundError,
} from './errors';

export interface DynamoDBConnectionOptions {
  /** A custom endpoint such as DynamoDB Local's `http://localhost:8000`. @default the AWS endpoint of the region */
  readonly endpoint?: string;
  /** @default AWS_REGION, AWS_DEFAULT_REGION, the shared config, or `us-east-1` for a local endpoint */
  readonly region?: string;
  /** Sockets kept open, at least the writer's concurrency. @default 64 */
  readonly maxSockets?: number;
  /** The environment to read credentials hints from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface DynamoDBConnection {
  readonly client: DynamoDBClient;
  readonly endpoint: string | undefined;
  /** True when a local endpoint is used without credentials, so placeholders were put in. */
  readonly dummyCredentials: boolean;
}

// DynamoDB Local accepts any credentials; the SDK still needs some to sign the request.
const DUMMY_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0', 'host.docker.internal']);
const CREDENTIAL_HINTS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
];
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ECONNRESET',
]);

/** True for an endpoint on this machine (or a local container), where DynamoDB Local would run. */
export function isLocalEndpoint(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return LOCAL_HOSTS.has(host) || host.endsWith('.localhost') || host.startsWith('127.');
}

/**
 * A DynamoDB client for an endpoint and region. For a local endpoint with no credentials in the
 * environment, placeholder credentials are used (DynamoDB Local does not check them).
 */
export function connectDynamoDB(options: DynamoDBConnectionOptions = {}): DynamoDBConnection {
  const env = options.env ?? process.env;
  const { endpoint } = options;
  let local = false;
  if (endpoint !== undefined) {
    try {
      local = isLocalEndpoint(endpoint);
    } catch (error) {
      throw new InvalidOptionError('endpoint', endpoint, 'a URL such as http://localhost:8000', {
        cause: error,
      });
    }
  }
  const hasCredentials = CREDENTIAL_HINTS.some((name) => (env[name] ?? '') !== '');
  const dummyCredentials = local && !hasCredentials;
  const region =
    options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? (local ? 'us-east-1' : undefined);
  const maxSockets = options.maxSockets ?? 64;
  const client = new DynamoDBClient({
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(region === undefined ? {} : { region }),
    ...(dummyCredentials ? { credentials: DUMMY_CREDENTIALS } : {}),
    requestHandler: {
      connectionTimeout: 5_000,
      requestTimeout: 30_000,
      httpAgent: { keepAlive: true, maxSockets },
      httpsAgent: { keepAlive: true, maxSockets },
    },
  });
  return { client, endpoint, dummyCredentials };
}

/**
 * Describes the table, turning the usual first-call problems into clear errors: `TableNotFoundError`,
 * `EndpointUnreachableError`, `MissingCredentialsError`, `MissingRegionError`.
 */
export async function describeOrdersTable(
  connection: DynamoDBConnection,
  tableName: string,
): Promise<TableDescription> {
  try {
    const { Table } = await connection.client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table === undefined) throw new TableNotFoundError(tableName);
    return Table;
  } catch (error) {
    throw connectionError(error, connection, tableName);
  }
}

/** Maps an error of a first call onto a clear error (or returns it unchanged). */
export function connectionError(error: unknown, connection: DynamoDBConnection, tableName: string): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (error.name === 'ResourceNotFoundException') return new TableNotFoundError(tableName, { cause: error });
  if (error.name === 'CredentialsProviderError' || /could not load credentials/i.test(error.message)) {
    return new MissingCredentialsError(error.message, { cause: error });
  }
  if (/region is missing/i.test(error.message)) return new MissingRegionError({ cause: error });
  if ((typeof code === 'string' && UNREACHABLE_CODES.has(code)) || error.name === 'TimeoutError') {
    const where = connection.endpoint ?? 'the AWS endpoint';
    return new EndpointUnreachableError(
      where,
      typeof code === 'string' && !error.message.includes(code) ? `${code} ${error.message}` : error.message,
      {
        cause: error,
      },
    );
  }
  return error;
}
