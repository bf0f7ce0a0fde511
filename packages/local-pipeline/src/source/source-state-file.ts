import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { SourceState } from './table-change';

/** Writes the source's final state as plain order JSON, one order per line, in the order of its keys. */
export async function writeSourceState(path: string, source: SourceState): Promise<void> {
  const out = createWriteStream(path);
  for (const orderId of source.keys()) {
    const order = source.get(orderId);
    if (order && !out.write(`${JSON.stringify(order)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
