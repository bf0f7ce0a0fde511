import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

/** One record of Firehose's error output: what failed and the original bytes (`rawData`, base64). */
export interface FirehoseErrorRecord {
  readonly rawData: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly attemptsMade?: number;
}

/**
 * Splits an error output object into its records. Firehose writes one JSON object per record,
 * newline-separated (and gzipped when the destination compresses); objects written back to back are
 * split too, by tracking braces outside strings.
 */
export function parseErrorObject(body: Uint8Array): FirehoseErrorRecord[] {
  const bytes = body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body;
  const text = Buffer.from(bytes).toString('utf8');
  const records: FirehoseErrorRecord[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{') {
      if (depth === 0) start = index;
      depth++;
    } else if (char === '}') {
      depth--;
      if (depth === 0) {
        const record = JSON.parse(text.slice(start, index + 1)) as Partial<FirehoseErrorRecord>;
        if (typeof record.rawData === 'string') records.push(record as FirehoseErrorRecord);
      }
    }
  }
  return records;
}

/**
 * The Kinesis partition key of a replayed change record: its `orderId`, as the Pipe sets it, so that an
 * order's changes share a shard; a digest of the bytes when the record is not a readable change.
 */
export function partitionKeyOf(data: Uint8Array): string {
  try {
    const record = JSON.parse(Buffer.from(data).toString('utf8')) as {
      dynamodb?: { Keys?: { orderId?: { S?: string } } };
    };
    const orderId = record.dynamodb?.Keys?.orderId?.S;
    if (typeof orderId === 'string' && orderId.length > 0 && orderId.length <= 256) return orderId;
  } catch {
    // Not JSON: fall through to the digest.
  }
  return createHash('sha256').update(data).digest('hex').slice(0, 32);
}
