/**
 * Regenerates the sample events under tests/events/:
 * - dynamodb-streams-records.json: INSERT, MODIFY, REMOVE of one order captured from DynamoDB Local's
 *   stream (NEW_AND_OLD_IMAGES) through the Streams API, in the form an EventBridge Pipe forwards.
 *   DynamoDB Local rounds ApproximateCreationDateTime down to the minute, reports region `ddblocal`
 *   and trims trailing zeros of top-level numbers ("279.80" → "279.8"); the real service keeps the second.
 * - kinesis-data-streams-records.json: the same order's lifecycle (plus a SHIPPED update) written by
 *   hand in the Kinesis Data Streams for DynamoDB form, keys in the order real records have them (no
 *   SequenceNumber; MICROSECOND, MILLISECOND, and no precision field in milliseconds and in microseconds).
 * - firehose-event.json: a Firehose transformation event carrying all seven.
 *
 * Usage: tsx scripts/capture-fixtures.ts [--out DIR]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDynamoDBLocal } from '@org/dynamodb-local';
import { captureStreamRecords } from './capture-stream-records';
import { firehoseEvent, kinesisRecords } from './sample-events';

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
      // After the last change: DynamoDB Local stamps its records with the capture's wall clock.
      'firehose-event.json': firehoseEvent(
        [...streamRecords, ...kinesis],
        Math.max(Date.now(), 1_795_605_331_250),
      ),
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
