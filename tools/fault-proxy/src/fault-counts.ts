/** What the proxy saw and injected so far; every fault has its own count. */
export interface FaultCounts {
  /** Requests received (`GET /__faults` not counted). */
  requests: number;
  /** Requests forwarded to the target (in whole or, for a partial batch, in part). */
  forwarded: number;
  /** Requests delayed by `latencyMs`. */
  latency: number;
  /** Requests answered 400 throttled without forwarding... */
  throttle: number;
  /** ...of which this many as ThrottlingException (the rest ProvisionedThroughputExceededException). */
  throttlingException: number;
  /** Requests answered 500 InternalServerError without forwarding. */
  error5xx: number;
  /** Connections dropped before forwarding. */
  resetBefore: number;
  /** Connections dropped after the target had answered (the write had committed). */
  resetAfterCommit: number;
  /** BatchWriteItem requests forwarded only in part... */
  unprocessed: number;
  /** ...and the writes returned as UnprocessedItems. */
  unprocessedItems: number;
  /** Requests the target did not answer (502) or answered too late (504). */
  upstreamErrors: number;
  /** Requests refused as too large (413). */
  rejected: number;
}

export function emptyFaultCounts(): FaultCounts {
  return {
    requests: 0,
    forwarded: 0,
    latency: 0,
    throttle: 0,
    throttlingException: 0,
    error5xx: 0,
    resetBefore: 0,
    resetAfterCommit: 0,
    unprocessed: 0,
    unprocessedItems: 0,
    upstreamErrors: 0,
    rejected: 0,
  };
}
