import { DEFAULT_TABLE_NAME, ORDER_KEY_ATTRIBUTE } from '@org/order-schema';
import type { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type { Construct } from 'constructs';
import { InvalidPropError } from './errors';

export interface OrdersTableOptions {
  readonly existingTableObj?: dynamodb.ITable;
  readonly dynamoTableProps?: Partial<dynamodb.TableProps>;
  /** Set in `kinesis-destination` mode: the table writes its changes to this stream itself. */
  readonly kinesisDestination?: kinesis.IStream;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The orders table (`OrdersRawTable`): `orderId` key, on-demand, point-in-time recovery, encrypted,
 * NEW_AND_OLD_IMAGES stream. The L1 `Table` (not `TableV2`) because only it sets the Kinesis
 * destination's timestamp precision; we never call its stream grants (which would allow
 * `dynamodb:ListStreams` on `*`), the Pipe role names the stream ARN itself.
 */
export function buildOrdersTable(scope: Construct, options: OrdersTableOptions): dynamodb.ITable {
  if (options.existingTableObj) {
    if (!options.existingTableObj.tableStreamArn) {
      throw new InvalidPropError(
        'existingTableObj',
        options.existingTableObj.tableName,
        'must have a NEW_AND_OLD_IMAGES stream (import it with tableStreamArn)',
      );
    }
    return options.existingTableObj;
  }
  const props: dynamodb.TableProps = {
    tableName: DEFAULT_TABLE_NAME,
    partitionKey: { name: ORDER_KEY_ATTRIBUTE, type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
    removalPolicy: options.removalPolicy,
    ...options.dynamoTableProps,
    ...(options.kinesisDestination
      ? {
          kinesisStream: options.kinesisDestination,
          kinesisPrecisionTimestamp: dynamodb.ApproximateCreationDateTimePrecision.MILLISECOND,
        }
      : {}),
  };
  const key = props.partitionKey;
  if (
    !key ||
    key.name !== ORDER_KEY_ATTRIBUTE ||
    key.type !== dynamodb.AttributeType.STRING ||
    props.sortKey
  ) {
    throw new InvalidPropError(
      'dynamoTableProps.partitionKey',
      `${key ? `${key.name} (${key.type})` : 'none'}${props.sortKey ? ` with sort key ${props.sortKey.name}` : ''}`,
      `must be ${ORDER_KEY_ATTRIBUTE} (S) with no sort key, as the order item contract pins`,
    );
  }
  if (props.stream !== dynamodb.StreamViewType.NEW_AND_OLD_IMAGES) {
    throw new InvalidPropError(
      'dynamoTableProps.stream',
      props.stream,
      'must be NEW_AND_OLD_IMAGES: the lake needs the old image of updates and deletes',
    );
  }
  return new dynamodb.Table(scope, 'OrdersTable', props);
}
