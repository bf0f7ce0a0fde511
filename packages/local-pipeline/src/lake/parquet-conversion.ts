import { readFile, unlink } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { SCHEMA_VERSION, type SchemaVersion } from '@org/order-schema';
import { layoutColumnsArgument } from './lake-objects';
import type { ObjectFinisher } from './object-writer';
import { sqlString } from './sql-text';

/** Receives the lines of an object whose conversion failed, with the reason. */
export type ConversionFailureSink = (lines: Buffer[], reason: string) => Promise<void>;

/**
 * Firehose's record format conversion: JSON lines → Parquet with the lake schema (the DuckDB types
 * derived from @org/order-schema) of the row layout the Glue table has when the object closes
 * (`layoutAt`, the current one unless a run plays an upgrade), SNAPPY inside. If an object fails to convert, its lines go to the
 * failure sink (Firehose's `format-conversion-failed` error prefix) and no object is written.
 */
export function parquetConversion(
  connection: DuckDBConnection,
  onFailure: ConversionFailureSink,
  layoutAt: (clockMs: number) => SchemaVersion = () => SCHEMA_VERSION,
): ObjectFinisher {
  let queue: Promise<unknown> = Promise.resolve();
  const convert = async (stagingPath: string, finalPath: string, layout: SchemaVersion): Promise<boolean> => {
    try {
      await connection.run(
        `COPY (SELECT * FROM read_json(${sqlString(stagingPath)}, format = 'newline_delimited', columns = ${layoutColumnsArgument(layout)})) ` +
          `TO ${sqlString(finalPath)} (FORMAT PARQUET, COMPRESSION SNAPPY)`,
      );
      return true;
    } catch (error) {
      const text = await readFile(stagingPath);
      const lines: Buffer[] = [];
      for (let start = 0; start < text.length; ) {
        const end = text.indexOf(10, start);
        const stop = end === -1 ? text.length : end + 1;
        lines.push(text.subarray(start, stop));
        start = stop;
      }
      await onFailure(lines, String((error as Error).message ?? error));
      return false;
    } finally {
      await unlink(stagingPath);
    }
  };
  // One DuckDB connection runs one statement at a time.
  return (stagingPath, finalPath, closedAtMs) => {
    const layout = layoutAt(closedAtMs);
    const result = queue.then(() => convert(stagingPath, finalPath, layout));
    queue = result.catch(() => undefined);
    return result;
  };
}
