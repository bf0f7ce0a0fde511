/**
 * `pnpm bench`: one run on a ~6 MB Firehose batch (both wire formats, all change types, 1–6 items per
 * order). Prints records/s and MB/s of the transformer, the floor and a naive implementation, and the
 * ratios. Each is timed several times, interleaved, and the median is kept: the machine may be noisy.
 */
import { performance } from 'node:perf_hooks';
import { processFirehoseEvent } from '../src/index';
import { firehoseBatch } from './batch';
import { type FloorOutput, floorTransform } from './floor';
import { naiveTransform } from './naive-transformer';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 15);
const WARMUP = 5;

const event = firehoseBatch();
const inputBytes = Buffer.byteLength(JSON.stringify(event));
const count = event.records.length;

const reference = processFirehoseEvent(event);
const failed = reference.records.filter((record) => record.result !== 'Ok').length;
if (failed > 0) throw new Error(`${failed} bench records failed: the batch must be all good`);
const floorOutput: FloorOutput = {
  rows: reference.records.map((record) => JSON.parse(Buffer.from(record.data!, 'base64').toString('utf8'))),
  partitionKeys: reference.records.map((record) => record.metadata!.partitionKeys),
};
const naiveCheck = naiveTransform(event);
if (naiveCheck.records.some((record, index) => record.data !== reference.records[index]!.data)) {
  throw new Error('the naive implementation disagrees with the transformer: the comparison would be unfair');
}

const contenders = {
  transformer: () => processFirehoseEvent(event),
  floor: () => floorTransform(event, floorOutput),
  naive: () => naiveTransform(event),
} as const;
type Name = keyof typeof contenders;
const samples: Record<Name, number[]> = { transformer: [], floor: [], naive: [] };

for (let round = 0; round < WARMUP + ROUNDS; round++) {
  for (const name of Object.keys(contenders) as Name[]) {
    const start = performance.now();
    const result = contenders[name]();
    const elapsed = performance.now() - start;
    if (result.records.length !== count) throw new Error(`${name} lost records`);
    if (round >= WARMUP) samples[name].push(elapsed);
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const ms = {
  transformer: median(samples.transformer),
  floor: median(samples.floor),
  naive: median(samples.naive),
};

console.log(
  `batch: ${count} records, ${(inputBytes / 1e6).toFixed(2)} MB request, ${ROUNDS} timed rounds (median), Node ${process.version}`,
);
for (const name of Object.keys(ms) as Name[]) {
  const seconds = ms[name] / 1000;
  console.log(
    `${name.padEnd(12)} ${ms[name].toFixed(1).padStart(8)} ms  ${Math.round(count / seconds)
      .toLocaleString('en-US')
      .padStart(10)} records/s  ${(inputBytes / 1e6 / seconds).toFixed(1).padStart(7)} MB/s`,
  );
}
const toFloor = ms.transformer / ms.floor;
const naiveToTransformer = ms.naive / ms.transformer;
console.log(`ratio transformer/floor: ${toFloor.toFixed(2)} (goal <= 1.2)`);
console.log(
  `ratio naive/transformer: ${naiveToTransformer.toFixed(2)} (the transformer is this many times faster)`,
);
console.log(
  JSON.stringify({
    records: count,
    requestBytes: inputBytes,
    ms,
    transformerToFloor: Number(toFloor.toFixed(3)),
    naiveToTransformer: Number(naiveToTransformer.toFixed(3)),
  }),
);
