import { InvalidOptionError } from './errors';

/** What the proxy injects, and where it forwards to. Probabilities are per request, in [0, 1]. */
export interface FaultProxyOptions {
  /** The DynamoDB endpoint to forward to, e.g. DynamoDB Local's `http://127.0.0.1:8000`. */
  readonly target: string;
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Seed of every fault decision. @default '1' */
  readonly seed?: string;
  /** Added to every request's round trip. @default 0 */
  readonly latencyMs?: number;
  /** The added time varies uniformly by up to this much either way (never below 0). @default 0 */
  readonly latencyJitterMs?: number;
  /** Answer 400 ProvisionedThroughputExceededException (a quarter of them ThrottlingException), not forwarded. */
  readonly throttle?: number;
  /** Answer 500 InternalServerError, not forwarded. */
  readonly error5xx?: number;
  /** Drop the connection without forwarding. */
  readonly resetBefore?: number;
  /** Forward, wait for DynamoDB's answer (the write committed), then drop the connection without answering. */
  readonly resetAfterCommit?: number;
  /** For BatchWriteItem: forward part of the batch, return the rest as UnprocessedItems. */
  readonly unprocessed?: number;
  /** Largest request body accepted, larger ones get 413. @default 17 MiB (BatchWriteItem allows 16 MB) */
  readonly maxBodyBytes?: number;
  /** Longest wait for the target's answer, then 504. @default 30000 */
  readonly upstreamTimeoutMs?: number;
}

export type ResolvedFaultOptions = Required<FaultProxyOptions> & { readonly targetUrl: URL };

export const FAULT_DEFAULTS = {
  port: 0,
  seed: '1',
  latencyMs: 0,
  latencyJitterMs: 0,
  throttle: 0,
  error5xx: 0,
  resetBefore: 0,
  resetAfterCommit: 0,
  unprocessed: 0,
  maxBodyBytes: 17 * 1024 * 1024,
  upstreamTimeoutMs: 30_000,
} as const;

/** The faults that replace a request's normal outcome; at most one hits a request, so their sum is at most 1. */
export const EXCLUSIVE_FAULTS = ['throttle', 'error5xx', 'resetBefore', 'resetAfterCommit'] as const;

/** Fills in defaults; throws `InvalidOptionError` naming the option and the value. */
export function resolveFaultOptions(options: FaultProxyOptions): ResolvedFaultOptions {
  let targetUrl: URL;
  try {
    targetUrl = new URL(options.target);
  } catch (error) {
    throw new InvalidOptionError('target', options.target, 'an http URL such as http://127.0.0.1:8000', {
      cause: error,
    });
  }
  if (targetUrl.protocol !== 'http:') {
    throw new InvalidOptionError('target', options.target, 'an http URL such as http://127.0.0.1:8000');
  }
  const resolved = {
    target: options.target,
    targetUrl,
    port: whole('port', options.port ?? FAULT_DEFAULTS.port, 0, 65_535),
    seed: options.seed ?? FAULT_DEFAULTS.seed,
    latencyMs: whole('latencyMs', options.latencyMs ?? FAULT_DEFAULTS.latencyMs, 0, 600_000),
    latencyJitterMs: whole(
      'latencyJitterMs',
      options.latencyJitterMs ?? FAULT_DEFAULTS.latencyJitterMs,
      0,
      600_000,
    ),
    throttle: probability('throttle', options.throttle ?? FAULT_DEFAULTS.throttle),
    error5xx: probability('error5xx', options.error5xx ?? FAULT_DEFAULTS.error5xx),
    resetBefore: probability('resetBefore', options.resetBefore ?? FAULT_DEFAULTS.resetBefore),
    resetAfterCommit: probability(
      'resetAfterCommit',
      options.resetAfterCommit ?? FAULT_DEFAULTS.resetAfterCommit,
    ),
    unprocessed: probability('unprocessed', options.unprocessed ?? FAULT_DEFAULTS.unprocessed),
    maxBodyBytes: whole('maxBodyBytes', options.maxBodyBytes ?? FAULT_DEFAULTS.maxBodyBytes, 1, 2 ** 31),
    upstreamTimeoutMs: whole(
      'upstreamTimeoutMs',
      options.upstreamTimeoutMs ?? FAULT_DEFAULTS.upstreamTimeoutMs,
      1,
      600_000,
    ),
  };
  const total = EXCLUSIVE_FAULTS.reduce((sum, fault) => sum + resolved[fault], 0);
  if (total > 1) {
    throw new InvalidOptionError(
      EXCLUSIVE_FAULTS.join(' + '),
      total,
      'a sum of at most 1 (at most one of them hits a request)',
    );
  }
  return resolved;
}

function whole(option: string, value: unknown, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    throw new InvalidOptionError(option, value, `a whole number from ${min} to ${max}`);
  }
  return value as number;
}

function probability(option: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new InvalidOptionError(option, value, 'a probability from 0 to 1, e.g. 0.05');
  }
  return value;
}
