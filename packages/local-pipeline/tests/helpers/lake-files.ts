import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Order } from '@org/order-schema';
import type { FirehoseErrorRecord } from '../../src/firehose/error-record';

/** Every file under a directory, recursively (relative paths). */
export function filesUnder(directory: string): string[] {
  try {
    return (readdirSync(directory, { recursive: true }) as string[])
      .filter((entry) => /\.[a-z]+$|-[0-9a-f]{12}$/.test(entry))
      .map((entry) => join(directory, entry));
  } catch {
    return [];
  }
}

/** The JSON lines of a lake or error object, gunzipped when it is `.gz`. */
export function jsonLines<T>(path: string): T[] {
  const raw = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

/** Every Firehose error record written under `<out>/errors/<type>/`. */
export function errorRecords(outDir: string, type = 'processing-failed'): FirehoseErrorRecord[] {
  return filesUnder(join(outDir, 'errors', type)).flatMap((path) => jsonLines<FirehoseErrorRecord>(path));
}

/** The source's final state as the run wrote it. */
export function sourceState(outDir: string): Order[] {
  return jsonLines<Order>(join(outDir, 'source-state.jsonl'));
}
