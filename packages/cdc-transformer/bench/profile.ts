/**
 * `pnpm bench:profile`: CPU profile of `processFirehoseEvent` and of the Lambda handler (logs silenced and
 * metrics disabled, as in a local pipeline run) over the bench batch, then self time by function,
 * the dearest first. `--rounds N` (default 30), `--top N` (default 25), `--out FILE` to keep the
 * .cpuprofile for a viewer. Builtins such as JSON.parse are counted in the function that calls them.
 */
import { writeFileSync } from 'node:fs';
import { type Profiler, Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { firehoseBatch } from './batch';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    rounds: { type: 'string', default: '30' },
    top: { type: 'string', default: '25' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('usage: pnpm bench:profile [--rounds N] [--top N] [--out FILE.cpuprofile]');
  process.exit(0);
}
const rounds = Number(values.rounds);
const top = Number(values.top);
if (!Number.isInteger(rounds) || rounds < 1)
  throw new Error(`--rounds: expected a positive integer, got ${values.rounds}`);
if (!Number.isInteger(top) || top < 1)
  throw new Error(`--top: expected a positive integer, got ${values.top}`);

process.env['POWERTOOLS_LOG_LEVEL'] ??= 'SILENT';
process.env['POWERTOOLS_METRICS_DISABLED'] ??= 'true';
const { processFirehoseEvent } = await import('../src/index');
const { handler } = await import('../src/lambda');

const event = firehoseBatch();
const context = {
  functionName: 'cdc-transformer',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:cdc-transformer',
  memoryLimitInMB: '1024',
  awsRequestId: 'profile',
};
for (let round = 0; round < 5; round++) {
  processFirehoseEvent(event);
  await handler(event, context);
}

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
for (let round = 0; round < rounds; round++) {
  processFirehoseEvent(event);
  await handler(event, context);
}
const { profile } = await session.post('Profiler.stop');
session.disconnect();
if (values.out) writeFileSync(values.out, JSON.stringify(profile));

const selfMicros = new Map<string, number>();
const nodes = new Map<number, Profiler.ProfileNode>(profile.nodes.map((node) => [node.id, node]));
let total = 0;
profile.samples?.forEach((id, index) => {
  const delta = profile.timeDeltas?.[index] ?? 0;
  const frame = nodes.get(id)!.callFrame;
  const file = frame.url.split('/').slice(-2).join('/');
  const line = frame.lineNumber > 0 ? `:${frame.lineNumber + 1}` : '';
  const name = `${frame.functionName || '(anonymous)'}${file ? ` ${file}${line}` : ''}`;
  selfMicros.set(name, (selfMicros.get(name) ?? 0) + delta);
  total += delta;
});
const records = event.records.length * rounds * 2;
console.log(
  `${rounds} rounds × (processFirehoseEvent + handler) × ${event.records.length} records; self time:`,
);
for (const [name, micros] of [...selfMicros].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(
    `${((micros / total) * 100).toFixed(1).padStart(5)}%  ${(micros / records).toFixed(2).padStart(6)} µs/record  ${name}`,
  );
}
