import { InvalidExportManifestError } from './errors';

/**
 * One line of an export's `manifest-files.json`: a data file and how many items it holds. Real lines
 * also carry `md5Checksum` and `etag`. `dataFileS3Key` is the file's whole key in the bucket, export
 * prefix included (`exports/AWSDynamoDB/01693685827463-2d8752fd/data/….json.gz`).
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport.Output.html)
 */
export interface ExportDataFile {
  readonly dataFileS3Key: string;
  readonly itemCount: number;
}

/** The export id at the end of an export ARN (`arn:aws:dynamodb:…:table/T/export/01693685827463-2d8752fd`). */
export function exportIdOf(exportArn: string): string {
  const match = /\/export\/([^/]+)$/.exec(exportArn);
  if (match) return match[1]!;
  throw new InvalidExportManifestError('exportArn', `${JSON.stringify(exportArn)} is not an export ARN`);
}

/** Key of the files manifest of export `exportId` written under `prefix` (as DynamoDB lays it out). */
export function exportManifestFilesKey(prefix: string, exportId: string): string {
  const folder = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  return `${folder}AWSDynamoDB/${exportId}/manifest-files.json`;
}

/**
 * The data files of an export from the text of its `manifest-files.json` (JSON lines, one file per
 * line; blank lines are skipped). Throws `InvalidExportManifestError` naming the line and the field:
 * a manifest that cannot be read means the export cannot be trusted to be complete.
 */
export function parseExportManifestFiles(text: string): ExportDataFile[] {
  const files: ExportDataFile[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    const where = `manifest-files.json line ${index + 1}`;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      throw new InvalidExportManifestError(where, 'is not JSON');
    }
    const { dataFileS3Key, itemCount } = (entry ?? {}) as Record<string, unknown>;
    if (typeof dataFileS3Key !== 'string' || dataFileS3Key === '') {
      throw new InvalidExportManifestError(where, 'has no dataFileS3Key');
    }
    if (typeof itemCount !== 'number' || !Number.isSafeInteger(itemCount) || itemCount < 0) {
      throw new InvalidExportManifestError(where, 'has no whole itemCount');
    }
    files.push({ dataFileS3Key, itemCount });
  }
  return files;
}
