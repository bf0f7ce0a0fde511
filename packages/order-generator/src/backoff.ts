/**
 * Delay before retry `attempt` (1 = first retry): exponential growth capped at `maxDelayMs`, with
 * "equal jitter" (half fixed, half random) so that writers throttled together do not retry together.
 */
export function backoffDelayMs(
  attempt: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}
