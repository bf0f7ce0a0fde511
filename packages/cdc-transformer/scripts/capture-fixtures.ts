/**
 * Regenerates the sample events under tests/events/:
 * - dynamodb-streams-records.json: INSERT, MODIFY, REMOVE of one order captured from DynamoDB Local's
 *   stream (NEW_AND_OLD_IMAGES) through the Streams API, in the form an EventBridge Pipe forwards.
 *   DynamoDB Local rounds ApproximateCreationDateTime down to the minute, reports region `ddblocal`
 *   and trims trailing zeros of top-level numbers ("279.80" → "279.8"); the real service keeps the second.
 * - kinesis-data-streams-records.json: the same changes written by hand in the Kinesis Data Streams for
 *   DynamoDB form (no SequenceNumber; MICROSECOND, MILLISECOND and absent precision).
 * - firehose-event.json: a Firehose transformation event carrying all six.
 *
 * Usage: tsx scripts/capture-fixtures.ts [--out DIR]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDynamoDBLocal } from '@org/dynamodb-local';
import { type AttributeMap, type AttributeValue, type Order, orderToAttributeMap } from '@org/order-schema';
import { captureStreamRecords, SAMPLE_ORDER, UNKNOWN_ATTRIBUTES } from './capture-stream-records';

const HELP = `Usage: tsx scripts/capture-fixtures.ts [--out DIR]

Starts DynamoDB Local (Java 17+), writes an order's INSERT, MODIFY and REMOVE, reads the stream and
saves the records, hand-made Kinesis Data Streams records and a Firehose event as JSON.

  --out DIR   where to write (default tests/events)
  --help      show this help`;

function parseArgs(argv: string[]): { out: string } {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  let out = 'tests/events';
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--help' || arg === '-h') {
      console.log(HELP);
      process.exit(0);
    } else if (arg === '--out') {
      const value = args[++index];
      if (value === undefined || value.startsWith('--'))
        throw new Error('--out needs a directory, e.g. --out tests/events');
      out = value;
    } else {
      throw new Error(`unknown argument ${JSON.stringify(arg)}; see --help`);
    }
  }
  return { out };
}

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

/** Kinesis Data Streams for DynamoDB records, as AWS documents them. */
function kinesisRecords(): unknown[] {
  const placed = image(SAMPLE_ORDER);
  const paid = image({ ...SAMPLE_ORDER, status: 'PAID', updatedAt: '2026-11-25T10:17:02.456Z', version: 2 });
  const common = {
    awsRegion: 'eu-west-1',
    userIdentity: null,
    recordFormat: 'application/json',
    tableName: 'OrdersRawTable',
    eventSource: 'aws:dynamodb',
  };
  const keys = { orderId: { S: SAMPLE_ORDER.orderId } };
  return [
    {
      ...common,
      eventID: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
      eventName: 'INSERT',
      dynamodb: {
        ApproximateCreationDateTime: 1_795_601_730_123_456,
        ApproximateCreationDateTimePrecision: 'MICROSECOND',
        Keys: keys,
        NewImage: placed,
        SizeBytes: 512,
      },
    },
    {
      ...common,
      eventID: '7a2b3c4d-5e6f-4a7b-9c8d-0e1f2a3b4c5d',
      eventName: 'MODIFY',
      dynamodb: {
        ApproximateCreationDateTime: 1_795_601_822_456,
        ApproximateCreationDateTimePrecision: 'MILLISECOND',
        Keys: keys,
        NewImage: paid,
        OldImage: placed,
        SizeBytes: 1_010,
      },
    },
    {
      ...common,
      eventID: '8b3c4d5e-6f7a-4b8c-8d9e-1f2a3b4c5d6e',
      eventName: 'REMOVE',
      dynamodb: {
        ApproximateCreationDateTime: 1_795_605_330_789_012,
        Keys: keys,
        OldImage: paid,
        SizeBytes: 498,
      },
    },
  ];
}

/** A Firehose transformation event from a Kinesis data stream source. */
function firehoseEvent(changeRecords: unknown[]): unknown {
  // After the last change: DynamoDB Local stamps its records with the capture's wall clock.
  const arrival = Math.max(Date.now(), 1_795_605_331_250);
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

async function main(): Promise<void> {
  const { out } = parseArgs(process.argv.slice(2));
  mkdirSync(out, { recursive: true });
  console.log('starting DynamoDB Local…');
  const local = await startDynamoDBLocal();
  try {
    const streamRecords = await captureStreamRecords(local);
    const kinesis = kinesisRecords();
    const files = {
      'dynamodb-streams-records.json': streamRecords,
      'kinesis-data-streams-records.json': kinesis,
      'firehose-event.json': firehoseEvent([...streamRecords, ...kinesis]),
    };
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(join(out, name), `${JSON.stringify(content, null, 2)}\n`);
      console.log(`wrote ${join(out, name)}`);
    }
    console.log(JSON.stringify({ streamRecords: streamRecords.length, kinesisRecords: kinesis.length, out }));
  } finally {
    await local.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
