import { type CliOptions, HELP_TEXT, parseCliOptions } from './cli-options';
import { FaultProxyError } from './errors';
import { startFaultProxy } from './fault-proxy';

/** The process around the command; tests pass their own. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Resolves when the proxy should stop (SIGINT or SIGTERM for the real process). */
  readonly stopSignal: Promise<unknown>;
}

/** Runs `fault-proxy`; resolves to the exit status once it stopped. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliOptions(argv);
  } catch (error) {
    io.stderr.write(`fault-proxy: ${messageOf(error)}\nRun fault-proxy --help for the flags.\n`);
    return 2;
  }
  if (options.help) {
    io.stdout.write(HELP_TEXT);
    return 0;
  }
  const { help: _help, ...proxyOptions } = options;
  let proxy: Awaited<ReturnType<typeof startFaultProxy>>;
  try {
    proxy = await startFaultProxy(proxyOptions);
  } catch (error) {
    io.stderr.write(`fault-proxy: ${messageOf(error)}\n`);
    return error instanceof FaultProxyError && error.name === 'InvalidOptionError' ? 2 : 1;
  }
  const faults = Object.entries({
    'latency-ms': proxy.options.latencyMs,
    throttle: proxy.options.throttle,
    'error-5xx': proxy.options.error5xx,
    'reset-before': proxy.options.resetBefore,
    'reset-after-commit': proxy.options.resetAfterCommit,
    unprocessed: proxy.options.unprocessed,
  })
    .filter(([, value]) => value > 0)
    .map(([name, value]) => `${name} ${value}`);
  io.stderr.write(
    `fault-proxy: ${proxy.url} -> ${proxy.options.target} (seed ${proxy.options.seed}; ${faults.join(', ') || 'no faults'})\n`,
  );
  await io.stopSignal;
  await proxy.stop();
  io.stdout.write(`${JSON.stringify(proxy.counts())}\n`);
  return 0;
}

function messageOf(error: unknown): string {
  if (error instanceof FaultProxyError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
