import type { AttributeMap, Order, TimestampPrecision } from '@org/order-schema';
import { type ExampleChangeOptions, exampleKinesisRecord, storedImage } from '@org/order-schema/testing';
import { SAMPLE_ORDER, UNKNOWN_ATTRIBUTES } from './capture-stream-records';

/** The item image as the service would put it in a change record. */
function image(order: Order): AttributeMap {
  return storedImage(order, UNKNOWN_ATTRIBUTES);
}

type KinesisChange = Pick<ExampleChangeOptions, 'eventId' | 'eventName' | 'images' | 'sizeBytes'> & {
  time: number;
  precision?: TimestampPrecision;
};

/**
 * One Kinesis Data Streams for DynamoDB record of the sample order, keys in the order real records
 * have them (`exampleKinesisRecord`): public captures such as Powertools' test event
 * (aws-powertools/powertools-lambda-typescript, packages/parser/tests/events/kinesis/dynamodb-stream.json,
 * milliseconds, no precision field) read awsRegion, eventID, eventName, userIdentity, recordFormat,
 * tableName, dynamodb, eventSource; inside `dynamodb`, ApproximateCreationDateTime, Keys, NewImage,
 * OldImage, SizeBytes, and where the destination sets a precision, ApproximateCreationDateTimePrecision last.
 */
function kinesisRecord(change: KinesisChange): unknown {
  return exampleKinesisRecord({ ...change, order: SAMPLE_ORDER, precision: change.precision ?? null });
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
      eventId: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
      eventName: 'INSERT',
      time: 1_795_601_730_123_456,
      precision: 'MICROSECOND',
      images: { newImage: placed },
      sizeBytes: 512,
    }),
    kinesisRecord({
      eventId: '7a2b3c4d-5e6f-4a7b-9c8d-0e1f2a3b4c5d',
      eventName: 'MODIFY',
      time: 1_795_601_822_456,
      precision: 'MILLISECOND',
      images: { newImage: paid, oldImage: placed },
      sizeBytes: 1_010,
    }),
    kinesisRecord({
      eventId: '9c4d5e6f-7a8b-4c9d-9e0f-2a3b4c5d6e7f',
      eventName: 'MODIFY',
      time: 1_795_603_530_789,
      images: { newImage: shipped, oldImage: paid },
      sizeBytes: 1_024,
    }),
    kinesisRecord({
      eventId: '8b3c4d5e-6f7a-4b8c-8d9e-1f2a3b4c5d6e',
      eventName: 'REMOVE',
      time: 1_795_605_330_789_012,
      images: { oldImage: shipped },
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
