import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One data file of a test export: its text (JSON lines), or an empty partition's file. */
export interface ExportFileSpec {
  readonly name: string;
  /** The decompressed text; an empty partition's file has none. */
  readonly text?: string;
  /** How an empty partition's file is written: no bytes at all, or a gzip of nothing. */
  readonly empty?: 'no-bytes' | 'empty-gzip';
  readonly itemCount?: number;
}

/**
 * Writes an export as DynamoDB lays it out in the bucket (root = `bucketDir`):
 * `<prefix>AWSDynamoDB/<exportId>/manifest-summary.json`, `manifest-files.json` (JSON lines with
 * itemCount, md5Checksum, etag, dataFileS3Key = the whole key), `_started`, `data/<name>.json.gz`.
 * Returns the key of manifest-files.json.
 */
export function writeExportLayout(
  bucketDir: string,
  options: { prefix: string; exportId: string; exportTime: string; files: readonly ExportFileSpec[] },
): string {
  const folder = `${options.prefix}AWSDynamoDB/${options.exportId}/`;
  const write = (key: string, bytes: Buffer | string) => {
    mkdirSync(dirname(join(bucketDir, key)), { recursive: true });
    writeFileSync(join(bucketDir, key), bytes);
  };
  const manifestLines = options.files.map((file) => {
    const key = `${folder}data/${file.name}.json.gz`;
    const bytes =
      file.empty === 'no-bytes' ? Buffer.alloc(0) : gzipSync(Buffer.from(file.text ?? '', 'utf8'));
    write(key, bytes);
    const itemCount = file.itemCount ?? (file.text ?? '').split('\n').filter((line) => line.trim()).length;
    return JSON.stringify({
      itemCount,
      md5Checksum: createHash('md5').update(bytes).digest('base64'),
      etag: `${createHash('md5').update(bytes).digest('hex')}-1`,
      dataFileS3Key: key,
    });
  });
  write(`${folder}_started`, '');
  write(`${folder}manifest-files.json`, `${manifestLines.join('\n')}\n`);
  write(
    `${folder}manifest-summary.json`,
    JSON.stringify({
      version: '2020-06-30',
      exportArn: `arn:aws:dynamodb:eu-west-1:123456789012:table/OrdersRawTable/export/${options.exportId}`,
      exportTime: options.exportTime,
      s3Prefix: options.prefix.replace(/\/$/, ''),
      manifestFilesS3Key: `${folder}manifest-files.json`,
      itemCount: options.files.reduce((sum, file) => sum + (file.itemCount ?? 0), 0),
      outputFormat: 'DYNAMODB_JSON',
    }),
  );
  return `${folder}manifest-files.json`;
}
