/**
 * `pnpm bench` (second part): snapshot records/s through the backfill's per-item path — an export data
 * file (gzip JSON lines of `{"Item": …}`) read with `readExportItems`, each item made a snapshot record
 * with `snapshotRecord` and serialized as the Lambda sends it — against the floor of the same file
 * gunzipped, split, parsed and each item serialized again. Timed several times, interleaved, median
 * kept; the ratio is what to read.
 */
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { createGunzip, gzipSync } from 'node:zlib';
import { exampleOrder, storedImage } from '@org/order-schema/testing';
import { readExportItems, snapshotRecord } from '../src/index';

const ITEMS = Number(process.env['BENCH_SNAPSHOT_ITEMS'] ?? 100_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);
const WARMUP = 2;
const EXPORT = { exportId: '01795600000000-2d8752fd', exportTime: '2026-11-25T10:00:00.000Z' };

const lines: string[] = [];
for (let index = 0; index < ITEMS; index++) {
  const order = exampleOrder({ orderId: `ord-${String(index).padStart(7, '0')}`, version: (index % 9) + 1 });
  lines.push(JSON.stringify({ Item: storedImage(order) }));
}
const file = gzipSync(`${lines.join('\n')}\n`);
lines.length = 0;

/** The file as S3 would hand it over: 64 KiB chunks. */
const chunks = () => {
  const parts: Buffer[] = [];
  for (let start = 0; start < file.length; start += 65_536) parts.push(file.subarray(start, start + 65_536));
  return Readable.from(parts);
};

async function snapshotPath(): Promise<number> {
  let bytes = 0;
  for await (const { item } of readExportItems(chunks())) {
    bytes += Buffer.byteLength(JSON.stringify(snapshotRecord(item, EXPORT)));
  }
  return bytes;
}

/** The floor: gunzip, split into lines, parse each and serialize its item again (any writer must). */
async function floor(): Promise<number> {
  let bytes = 0;
  let rest = '';
  for await (const chunk of chunks().pipe(createGunzip())) {
    const text = rest + (chunk as Buffer).toString('utf8');
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) bytes += Buffer.byteLength(JSON.stringify(JSON.parse(part).Item));
  }
  return bytes;
}

const samples = { snapshot: [] as number[], floor: [] as number[] };
for (let round = 0; round < WARMUP + ROUNDS; round++) {
  for (const [name, run] of [
    ['snapshot', snapshotPath],
    ['floor', floor],
  ] as const) {
    const start = performance.now();
    await run();
    if (round >= WARMUP) samples[name].push(performance.now() - start);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const snapshotMs = median(samples.snapshot);
const floorMs = median(samples.floor);
const perSecond = (ms: number) => Math.round((ITEMS / ms) * 1000).toLocaleString('en-US');
console.log(
  `snapshot: ${ITEMS} items, ${(file.length / 1e6).toFixed(1)} MB gzip, ${ROUNDS} timed rounds (median), Node ${process.version}`,
);
console.log(`  read + snapshotRecord + JSON     ${perSecond(snapshotMs)} records/s`);
console.log(`  floor (gunzip, parse, stringify) ${perSecond(floorMs)} items/s`);
console.log(`  ratio to the floor               ${(snapshotMs / floorMs).toFixed(2)}x the time`);
console.log(`  RSS after                        ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
