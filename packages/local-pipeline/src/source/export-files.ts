import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { type BadExportLine, parseExportManifestFiles, readExportItems } from '@org/cdc-transformer';
import type { AttributeMap } from '@org/order-schema';

// The file set DynamoDB's ExportTableToPointInTime writes in DYNAMODB_JSON
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport.Output.html):
// `<prefix>/AWSDynamoDB/<ExportId>/manifest-summary.json`, `manifest-files.json` (one JSON line per
// data file) and `data/<name>.json.gz`, gzip of `{"Item": {…}}` lines.

/** An export as a backfill needs it: where its files are, its id and point in time. */
export interface ExportLocation {
  /** The folder that holds `AWSDynamoDB/` (the export's S3 prefix). */
  readonly prefix: string;
  readonly exportId: string;
  /** ISO 8601 UTC. */
  readonly exportTime: string;
}

export interface WriteExportOptions extends ExportLocation {
  readonly tableArn: string;
  /** Items per data file: a real export writes at least one file per table partition. */
  readonly itemsPerFile: number;
}

/** The export folder of `location`, as DynamoDB names it. */
export function exportFolder(location: Pick<ExportLocation, 'prefix' | 'exportId'>): string {
  return join(location.prefix, 'AWSDynamoDB', location.exportId);
}

/** Writes one gzip data file from the next `limit` items; resolves to how many it wrote. */
async function writeDataFile(path: string, items: Iterator<AttributeMap>, limit: number): Promise<number> {
  let count = 0;
  // Lines go to gzip in chunks of about 64 KiB: a stream step per item would cost more than the item.
  async function* lines() {
    let chunk = '';
    while (count < limit) {
      const next = items.next();
      if (next.done) break;
      count++;
      chunk += `${JSON.stringify({ Item: next.value })}\n`;
      if (chunk.length < 65_536) continue;
      yield chunk;
      chunk = '';
    }
    if (chunk !== '') yield chunk;
  }
  await pipeline(lines(), createGzip(), createWriteStream(path));
  return count;
}

/**
 * Writes `items` as the file set an export writes, one data file per `itemsPerFile` items (at least
 * one file, empty for an empty table), streamed: one item at a time is encoded.
 */
export async function writeExportFiles(items: Iterable<AttributeMap>, options: WriteExportOptions) {
  const folder = exportFolder(options);
  await mkdir(join(folder, 'data'), { recursive: true });
  const iterator = items[Symbol.iterator]();
  const manifestLines: string[] = [];
  let itemCount = 0;
  for (let index = 0; ; index++) {
    const name = `${String(index).padStart(5, '0')}-${options.exportId}.json.gz`;
    const key = join('AWSDynamoDB', options.exportId, 'data', name);
    const written = await writeDataFile(join(options.prefix, key), iterator, options.itemsPerFile);
    itemCount += written;
    manifestLines.push(JSON.stringify({ itemCount: written, dataFileS3Key: key }));
    if (written < options.itemsPerFile) break;
  }
  await writeFile(join(folder, 'manifest-files.json'), `${manifestLines.join('\n')}\n`);
  const summary = {
    version: '2020-06-30',
    exportArn: `${options.tableArn}/export/${options.exportId}`,
    startTime: options.exportTime,
    endTime: options.exportTime,
    tableArn: options.tableArn,
    exportTime: options.exportTime,
    s3Prefix: null,
    manifestFilesS3Key: join('AWSDynamoDB', options.exportId, 'manifest-files.json'),
    billedSizeBytes: 0,
    itemCount,
    outputFormat: 'DYNAMODB_JSON',
  };
  await writeFile(join(folder, 'manifest-summary.json'), `${JSON.stringify(summary)}\n`);
  return { files: manifestLines.length, itemCount };
}

/**
 * The items of the export at `location`, read back with the transformer's manifest parser and
 * streaming file reader: file by file, one line at a time. A line that is not an item goes to
 * `onBadLine` with its file's key.
 */
export async function* readExportFiles(
  location: Pick<ExportLocation, 'prefix' | 'exportId'>,
  onBadLine: (key: string, bad: BadExportLine) => void = () => undefined,
): AsyncGenerator<AttributeMap> {
  const manifest = await readFile(join(exportFolder(location), 'manifest-files.json'), 'utf8');
  for (const file of parseExportManifestFiles(manifest)) {
    const stream = createReadStream(join(location.prefix, file.dataFileS3Key));
    const onFileBadLine = (bad: BadExportLine) => onBadLine(file.dataFileS3Key, bad);
    for await (const { item } of readExportItems(stream, { onBadLine: onFileBadLine })) yield item;
  }
}

/** The export time in an export's manifest-summary.json. */
export async function readExportTime(location: Pick<ExportLocation, 'prefix' | 'exportId'>): Promise<string> {
  const text = await readFile(join(exportFolder(location), 'manifest-summary.json'), 'utf8');
  return String((JSON.parse(text) as { exportTime?: unknown }).exportTime);
}
