export type { DynamoDBLocal, DynamoDBLocalClientConfig } from './start-dynamodb-local';
export { freePort, startDynamoDBLocal } from './start-dynamodb-local';
