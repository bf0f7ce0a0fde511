import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { AttributeMap } from '@org/order-schema';

// The layout DynamoDB writes for an export in DYNAMODB_JSON
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport.Output.html):
// data files `AWSDynamoDB/<ExportId>/data/<name>.json.gz`, gzip of JSON lines, each line
// `{"Item":{…DynamoDB JSON…}}`. A partition with no items gets an empty file.

/** One item of an export data file, with its line number (from 1) in the file. */
export interface ExportItem {
  readonly item: AttributeMap;
  readonly line: number;
}

/** A line of an export data file that is not an item. The reason never quotes the line: items hold personal data. */
export interface BadExportLine {
  readonly line: number;
  readonly reason: string;
}

export interface ReadExportItemsOptions {
  /**
   * Skip lines up to and including this one: a file whose first lines were already sent is resumed
   * after them. Skipped lines are not parsed, so a bad one among them is not reported again.
   * @default 0
   */
  readonly afterLine?: number;
  /** Told of each line that is not `{"Item": {…}}`; reading goes on with the next line. */
  readonly onBadLine?: (bad: BadExportLine) => void;
}

/**
 * The longest line read: a DynamoDB item is at most 400 KB, and its DynamoDB JSON a few times that. A
 * longer run without a newline is a damaged file; it is reported as one bad line instead of being
 * held in memory.
 */
export const MAX_EXPORT_LINE_BYTES = 4 * 1024 * 1024;

const NEWLINE = 10;

function isAttributeMap(value: unknown): value is AttributeMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The item of a line, or why the line is not an export item. */
function itemOf(text: string): AttributeMap | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  const item = isAttributeMap(parsed) ? parsed['Item'] : undefined;
  return isAttributeMap(item) ? item : 'not an object with an "Item" attribute map';
}

/** The source's bytes, noting whether there were any: an empty export file is not gzip at all. */
async function* counted(source: AsyncIterable<Uint8Array>, seen: { bytes: number }) {
  for await (const chunk of source) {
    seen.bytes += chunk.length;
    yield chunk;
  }
}

/**
 * The items of one export data file, streamed: `gzipped` is the file's bytes as they arrive (an S3
 * `GetObject` body, a file stream), decompressed and split into lines on the way, so memory holds
 * one chunk and one line whatever the file's size. Blank lines are skipped; a line that is not
 * `{"Item": {…}}` goes to `onBadLine` and reading goes on. An empty file yields nothing. Bytes that are
 * not gzip, or a file cut short, throw: the file cannot be read, which is not the fault of one line.
 *
 * @example for await (const { item } of readExportItems(createReadStream(path))) send(snapshotRecord(item, exportInfo));
 */
export async function* readExportItems(
  gzipped: AsyncIterable<Uint8Array>,
  options: ReadExportItemsOptions = {},
): AsyncGenerator<ExportItem> {
  const afterLine = options.afterLine ?? 0;
  const seen = { bytes: 0 };
  const gunzip = createGunzip();
  pipeline(Readable.from(counted(gzipped, seen)), gunzip, () => undefined);
  let line = 0;
  // The start of the current line when it spans chunks, and its length in bytes.
  let pending: Buffer[] = [];
  let pendingBytes = 0;

  function* lineEnded(tail: Buffer): Generator<ExportItem> {
    line++;
    const bytes = pendingBytes + tail.length;
    const parts = pending;
    pending = [];
    pendingBytes = 0;
    // Lines an earlier run already sent are only counted, never decoded.
    if (line <= afterLine) return;
    if (bytes > MAX_EXPORT_LINE_BYTES) {
      options.onBadLine?.({ line, reason: `longer than ${MAX_EXPORT_LINE_BYTES} bytes` });
      return;
    }
    const text = (parts.length === 0 ? tail : Buffer.concat([...parts, tail])).toString('utf8');
    if (text.trim() === '') return;
    const item = itemOf(text);
    if (typeof item === 'string') options.onBadLine?.({ line, reason: item });
    else yield { item, line };
  }

  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let start = 0;
      for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
        yield* lineEnded(chunk.subarray(start, end));
        start = end + 1;
      }
      if (start < chunk.length) {
        const rest = chunk.subarray(start);
        // A line too long to be an item is measured, not kept.
        if (pendingBytes + rest.length <= MAX_EXPORT_LINE_BYTES) pending.push(rest);
        pendingBytes += rest.length;
      }
    }
  } catch (error) {
    if (seen.bytes === 0) return;
    throw error;
  }
  if (pendingBytes > 0) yield* lineEnded(Buffer.alloc(0));
}
