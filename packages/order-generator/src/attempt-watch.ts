type Handler = (args: unknown) => Promise<unknown>;

/** The part of an SDK command this needs: its own middleware stack, added to the client's for one call. */
interface Command {
  readonly middlewareStack: object;
}

interface DeserializeStack {
  add(
    middleware: (next: Handler) => Handler,
    options: { step: 'deserialize'; priority: 'high'; name: string },
  ): void;
}

// Connection failures after which the request may have reached DynamoDB. A refused connection never
// carried it (ECONNREFUSED is not here).
const LOST_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

/**
 * True for a failed attempt that may nevertheless have been applied: DynamoDB answered 5xx (an internal
 * error can come after the write committed), or the connection was lost or timed out after the request
 * was sent, so no answer came at all.
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html)
 */
export function isAmbiguousFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500;
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'string' && LOST_CONNECTION_CODES.has(code)) || TIMEOUT_NAMES.has(error.name);
}

/**
 * Watches every HTTP attempt the AWS SDK makes for one command, its own retries included (deserialize
 * middleware runs once per request sent, inside the SDK's retry loop), and notes whether any of them
 * failed in a way that may have applied the write. When a later attempt of the same command then fails
 * its condition, that failure may be the write's own earlier success.
 */
export function watchAttempts(command: Command): { readonly ambiguous: boolean } {
  const seen = { ambiguous: false };
  (command.middlewareStack as DeserializeStack).add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (isAmbiguousFailure(error)) seen.ambiguous = true;
        throw error;
      }
    },
    { step: 'deserialize', priority: 'high', name: 'orderWriterAttemptWatch' },
  );
  return seen;
}
