import { startDynamoDBLocal as startLocal } from '@org/dynamodb-local';
import { connectDynamoDB, type DynamoDBConnection } from '../../src/index';

export { freePort } from '@org/dynamodb-local';

/** A DynamoDB Local process on a free port, with a client connected the way the CLI connects. */
export interface DynamoDBLocal {
  readonly endpoint: string;
  /** Process id of DynamoDB Local's JVM. */
  readonly pid: number | undefined;
  readonly connection: DynamoDBConnection;
  stop(): Promise<void>;
}

export async function startDynamoDBLocal(): Promise<DynamoDBLocal> {
  const local = await startLocal();
  const connection = connectDynamoDB({ endpoint: local.endpoint, env: {} });
  return {
    endpoint: local.endpoint,
    pid: local.pid,
    connection,
    stop: async () => {
      connection.client.destroy();
      await local.stop();
    },
  };
}
