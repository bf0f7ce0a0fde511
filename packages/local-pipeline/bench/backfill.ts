import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshotRecord } from '@org/cdc-transformer';
import { generateOperations } from '@org/order-generator';
import { type AttributeMap, orderToAttributeMap } from '@org/order-schema';
import type { RunSummary } from '../src/run-summary';
import { readExportFiles, writeExportFiles } from '../src/source/export-files';

/**
 * The backfill's throughput and memory. Usage: `pnpm bench:backfill [preexisting…]` (default 10000
 * 100000). For the largest size: snapshot records/s through the transformer's `snapshotRecord`
 * alone (and with the JSON encoding a put needs, against JSON encoding alone as the floor), and
 * through an export file set written and read back. Then for each size, the built `cdc-local
 * --preexisting N --orders 0` in its own process (so its peak RSS is its own), beside `--orders N`
 * with no backfill: the same table at the end, so the ratio of their peaks is what the backfill adds.
 * Figures go to the console and to test-results/bench-backfill.json.
 */
const cli = join(import.meta.dirname, '..', 'dist', 'cli.js');
if (!existsSync(cli)) throw new Error(`build first: ${cli} is missing`);
const sizes = process.argv.slice(2).map(Number);
const counts = sizes.length > 0 ? sizes : [10_000, 100_000];
const root = mkdtempSync(join(tmpdir(), 'cdc-local-bench-backfill-'));
const EXPORT = { exportId: '01767225600000-0badcafe', exportTime: '2026-01-01T00:00:00.000Z' };

/** The last state of each of `count` generated orders, as DynamoDB items (deleted ones included). */
function items(count: number): AttributeMap[] {
  const last = new Map<string, AttributeMap>();
  for (const operation of generateOperations({ orders: count, seed: 1, validate: false })) {
    if (operation.type !== 'delete') last.set(operation.order.orderId, orderToAttributeMap(operation.order));
  }
  return [...last.values()];
}

function perSecond(count: number, startedNs: bigint): number {
  return Math.round(count / (Number(process.hrtime.bigint() - startedNs) / 1e9));
}

async function sharedFunction(count: number) {
  const all = items(count);
  let bytes = 0;
  let started = process.hrtime.bigint();
  for (const item of all) bytes += JSON.stringify(item).length;
  const encodeOnly = perSecond(all.length, started);
  started = process.hrtime.bigint();
  for (const item of all) snapshotRecord(item, EXPORT);
  const snapshotOnly = perSecond(all.length, started);
  started = process.hrtime.bigint();
  for (const item of all) bytes += JSON.stringify(snapshotRecord(item, EXPORT)).length;
  const snapshotEncoded = perSecond(all.length, started);
  const location = { prefix: join(root, 'export'), ...EXPORT };
  await writeExportFiles(all, {
    ...location,
    tableArn: 'arn:aws:dynamodb:eu-west-1:0:table/T',
    itemsPerFile: 25_000,
  });
  started = process.hrtime.bigint();
  let read = 0;
  for await (const item of readExportFiles(location)) {
    bytes += JSON.stringify(snapshotRecord(item, EXPORT)).length;
    read++;
  }
  const fromExportFiles = perSecond(read, started);
  return {
    items: all.length,
    recordsPerSecond: { encodeOnly, snapshotOnly, snapshotEncoded, fromExportFiles },
    ratioSnapshotEncodedToEncodeOnly: Number((snapshotEncoded / encodeOnly).toFixed(2)),
    meanRecordBytes: Math.round(bytes / (3 * all.length)),
  };
}

function cdcLocal(args: string[]): RunSummary {
  const out = join(root, `run-${args.join('-')}`);
  const stdout = execFileSync(process.execPath, [cli, ...args, '--out', out, '--json', '--no-progress'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  rmSync(out, { recursive: true, force: true });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as RunSummary;
}

function localPath(preexisting: number) {
  const withBackfill = cdcLocal(['--preexisting', String(preexisting), '--orders', '0']);
  const without = cdcLocal(['--orders', String(preexisting)]);
  const streamingSeconds = withBackfill.durationsMs.streaming / 1000;
  const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
  return {
    preexisting,
    snapshotRecords: withBackfill.backfill?.items ?? 0,
    liveChanges: withBackfill.changes.total,
    // The streaming stage carries the live changes too: records/s over both, and snapshots over the stage.
    recordsPerSecond: Math.round(
      ((withBackfill.backfill?.items ?? 0) + withBackfill.changes.total) / streamingSeconds,
    ),
    snapshotRecordsPerStreamingSecond: Math.round((withBackfill.backfill?.items ?? 0) / streamingSeconds),
    // The backfill alone: export read back, snapshot records put, while the live changes share the stream.
    snapshotRecordsPerBackfillSecond: Math.round(
      ((withBackfill.backfill?.items ?? 0) * 1000) / (withBackfill.backfill?.durationsMs.backfill ?? 1),
    ),
    backfillDurationsMs: withBackfill.backfill?.durationsMs,
    streamingMs: withBackfill.durationsMs.streaming,
    differences: withBackfill.reconciliation.differences,
    peakRssMiB: mib(withBackfill.peakRssBytes),
    streamingPeakRssMiB: mib(withBackfill.streamingPeakRssBytes),
    withoutBackfill: {
      changes: without.changes.total,
      changeEventsPerSecond: without.changeEventsPerSecond,
      peakRssMiB: mib(without.peakRssBytes),
      streamingPeakRssMiB: mib(without.streamingPeakRssBytes),
    },
    ratioStreamingPeakRssToWithout: Number(
      (withBackfill.streamingPeakRssBytes / without.streamingPeakRssBytes).toFixed(2),
    ),
  };
}

try {
  const shared = await sharedFunction(Math.max(...counts));
  console.log(JSON.stringify({ sharedFunction: shared }));
  const local = counts.map((count) => {
    const figure = localPath(count);
    console.log(JSON.stringify(figure));
    return figure;
  });
  mkdirSync('test-results', { recursive: true });
  writeFileSync(
    join('test-results', 'bench-backfill.json'),
    `${JSON.stringify({ sharedFunction: shared, localPath: local }, null, 2)}\n`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
