import { parseArgs } from 'node:util';
import { InvalidOptionError } from './errors';
import type { FaultProxyOptions } from './fault-options';

export const DEFAULT_CLI_PORT = 8001;

export const HELP_TEXT = `Usage: fault-proxy --target URL [--port N] [--seed S] [--latency-ms N[,JITTER]]
                   [--throttle P] [--error-5xx P] [--reset-before P] [--reset-after-commit P]
                   [--unprocessed P]

A fault-injecting HTTP proxy on 127.0.0.1 in front of a DynamoDB endpoint (DynamoDB Local).
P is a probability per request from 0 to 1; the throttle, 5xx and reset probabilities add up to at most 1.

  --target URL              the endpoint to forward to, e.g. http://127.0.0.1:8000 (required)
  --port N                  port on 127.0.0.1 to listen on, 0 for any free one (default ${DEFAULT_CLI_PORT})
  --seed S                  seed of every fault decision (default 1)
  --latency-ms N[,JITTER]   add N ms to every round trip, varying by up to JITTER ms either way
  --throttle P              answer 400 ProvisionedThroughputExceededException (a quarter of them
                            ThrottlingException) without forwarding
  --error-5xx P             answer 500 InternalServerError without forwarding
  --reset-before P          drop the connection without forwarding
  --reset-after-commit P    forward, wait for the answer (the write committed), then drop the connection
  --unprocessed P           BatchWriteItem: forward part of the batch, return the rest as UnprocessedItems
  -h, --help                this text

Counts of every fault: GET http://127.0.0.1:PORT/__faults, and one JSON line on stdout when the proxy
stops (SIGINT, SIGTERM). The address goes to stderr once the proxy listens.
`;

const FLAGS = {
  target: { type: 'string' },
  port: { type: 'string' },
  seed: { type: 'string' },
  'latency-ms': { type: 'string' },
  throttle: { type: 'string' },
  'error-5xx': { type: 'string' },
  'reset-before': { type: 'string' },
  'reset-after-commit': { type: 'string' },
  unprocessed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type CliOptions = { readonly help: true } | ({ readonly help: false } & FaultProxyOptions);

/** Parses the command line; throws `InvalidOptionError` naming the flag and the value. A leading `--` is ignored. */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args, options: FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    const flag = /'([^']+)'/.exec(error instanceof Error ? error.message : '')?.[1] ?? args.join(' ');
    throw new InvalidOptionError('flag', flag, 'one of the flags listed by --help', { cause: error });
  }
  if (values.help === true) return { help: true };
  const text = (name: keyof typeof FLAGS) => values[name] as string | undefined;
  const target = text('target');
  if (target === undefined)
    throw new InvalidOptionError('--target', '', 'an http URL such as http://127.0.0.1:8000');
  const [latencyMs, latencyJitterMs] = latency(text('latency-ms'));
  return {
    help: false,
    target,
    port: whole('--port', text('port') ?? String(DEFAULT_CLI_PORT)),
    seed: text('seed') ?? '1',
    latencyMs,
    latencyJitterMs,
    throttle: probability('--throttle', text('throttle')),
    error5xx: probability('--error-5xx', text('error-5xx')),
    resetBefore: probability('--reset-before', text('reset-before')),
    resetAfterCommit: probability('--reset-after-commit', text('reset-after-commit')),
    unprocessed: probability('--unprocessed', text('unprocessed')),
  };
}

function whole(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidOptionError(flag, text, 'a whole number');
  return Number(text);
}

function probability(flag: string, text: string | undefined): number {
  if (text === undefined) return 0;
  const value = Number(text);
  if (text.trim() === '' || !(value >= 0 && value <= 1)) {
    throw new InvalidOptionError(flag, text, 'a probability from 0 to 1, e.g. 0.05');
  }
  return value;
}

function latency(text: string | undefined): [number, number] {
  if (text === undefined) return [0, 0];
  const match = /^(\d+)(?:,(\d+))?$/.exec(text);
  if (match === null)
    throw new InvalidOptionError('--latency-ms', text, 'N or N,JITTER in whole milliseconds, e.g. 10,2');
  return [Number(match[1]), Number(match[2] ?? 0)];
}
