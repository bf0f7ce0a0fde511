import { type AttributeMap, type AttributeValue, type Order, orderToAttributeMap } from '@org/order-schema';
import { SAMPLE_ORDER, UNKNOWN_ATTRIBUTES } from './capture-stream-records';

/** DynamoDB trims trailing zeros of numbers in what it returns: `"129.90"` comes back as `"129.9"`. */
function trimmed(value: AttributeValue): AttributeValue {
  if ('N' in value) return { N: value.N.includes('.') ? value.N.replace(/\.?0+$/, '') : value.N };
  if ('M' in value) return { M: trimmedMap(value.M) };
  if ('L' in value) return { L: value.L.map(trimmed) };
  return value;
}

function trimmedMap(map: AttributeMap): AttributeMap {
  return Object.fromEntries(Object.entries(map).map(([name, value]) => [name, trimmed(value)]));
}

/** The item image as the service would put it in a change record. */
function image(order: Order): AttributeMap {
  return { ...trimmedMap(orderToAttributeMap(order)), ...UNKNOWN_ATTRIBUTES };
}

interface KinesisChange {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  time: number;
  precision?: 'MILLISECOND' | 'MICROSECOND';
  newImage?: AttributeMap;
  oldImage?: AttributeMap;
  sizeBytes: number;
}

/**
 * One Kinesis Data Streams for DynamoDB record, keys in the order real records have them: public
 * captures such as Powertools' test event (aws-powertools/powertools-lambda-typescript,
 * packages/parser/tests/events/kinesis/dynamodb-stream.json, milliseconds, no precision field) read
 * awsRegion, eventID, eventName, userIdentity, recordFormat, tableName, dynamodb, eventSource; inside
 * `dynamodb`, ApproximateCreationDateTime, Keys, NewImage, OldImage, SizeBytes, and where the
 * destination sets a precision, ApproximateCreationDateTimePrecision last.
 */
function kinesisRecord(change: KinesisChange): unknown {
  return {
    awsRegion: 'eu-west-1',
    eventID: change.eventID,
    eventName: change.eventName,
    userIdentity: null,
    recordFormat: 'application/json',
    tableName: 'OrdersRawTable',
    dynamodb: {
      ApproximateCreationDateTime: change.time,
      Keys: { orderId: { S: SAMPLE_ORDER.orderId } },
      ...(change.newImage ? { NewImage: change.newImage } : {}),
      ...(change.oldImage ? { OldImage: change.oldImage } : {}),
      SizeBytes: change.sizeBytes,
      ...(change.precision ? { ApproximateCreationDateTimePrecision: change.precision } : {}),
    },
    eventSource: 'aws:dynamodb',
  };
}

/**
 * The sample order's lifecycle as Kinesis Data Streams for DynamoDB records, one per way the time is
 * written: MICROSECOND, MILLISECOND, and no precision field in milliseconds and in microseconds (as
 * from destinations enabled without the precision setting; https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/kds.html).
 */
export function kinesisRecords(): unknown[] {
  const placed = image(SAMPLE_ORDER);
  const paid = image({ ...SAMPLE_ORDER, status: 'PAID', updatedAt: '2026-11-25T10:17:02.456Z', version: 2 });
  const shipped = image({
    ...SAMPLE_ORDER,
    status: 'SHIPPED',
    updatedAt: '2026-11-25T10:45:30.789Z',
    version: 3,
  });
  return [
    kinesisRecord({
      eventID: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
      eventName: 'INSERT',
      time: 1_795_601_730_123_456,
      precision: 'MICROSECOND',
      newImage: placed,
      sizeBytes: 512,
    }),
    kinesisRecord({
      eventID: '7a2b3c4d-5e6f-4a7b-9c8d-0e1f2a3b4c5d',
      eventName: 'MODIFY',
      time: 1_795_601_822_456,
      precision: 'MILLISECOND',
      newImage: paid,
      oldImage: placed,
      sizeBytes: 1_010,
    }),
    kinesisRecord({
      eventID: '9c4d5e6f-7a8b-4c9d-9e0f-2a3b4c5d6e7f',
      eventName: 'MODIFY',
      time: 1_795_603_530_789,
      newImage: shipped,
      oldImage: paid,
      sizeBytes: 1_024,
    }),
    kinesisRecord({
      eventID: '8b3c4d5e-6f7a-4b8c-8d9e-1f2a3b4c5d6e',
      eventName: 'REMOVE',
      time: 1_795_605_330_789_012,
      oldImage: shipped,
      sizeBytes: 505,
    }),
  ];
}

/** A Firehose transformation event from a Kinesis data stream source; `arrival` is the first record's. */
export function firehoseEvent(changeRecords: unknown[], arrival: number): unknown {
  return {
    invocationId: '2a6f8b4c-1d3e-4f5a-9b7c-0d1e2f3a4b5c',
    deliveryStreamArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/orders-changes',
    sourceKinesisStreamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders-changes',
    region: 'eu-west-1',
    records: changeRecords.map((change, index) => {
      const sequenceNumber = `4965893761830497162083725619403857261940385726194038${String(index).padStart(4, '0')}`;
      return {
        recordId: `${sequenceNumber}000000000000`,
        approximateArrivalTimestamp: arrival + index,
        data: Buffer.from(JSON.stringify(change)).toString('base64'),
        kinesisRecordMetadata: {
          shardId: 'shardId-000000000000',
          partitionKey: SAMPLE_ORDER.orderId,
          approximateArrivalTimestamp: arrival + index,
          sequenceNumber,
          subsequenceNumber: 0,
        },
      };
    }),
  };
}
