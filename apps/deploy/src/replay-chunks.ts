/**
 * Firehose keeps one buffer per active dynamic partition; past 500 per delivery stream (a quota that can
 * be raised to 5000) the rest of the records go to the error output as `activePartitionExceeded`. A
 * partition stays active until its buffer is delivered, which can take 1.5 times the buffering interval.
 * https://docs.aws.amazon.com/firehose/latest/dev/buffering.html
 */
export const ACTIVE_PARTITIONS_LIMIT = 500;
export const MAX_ACTIVE_PARTITIONS_QUOTA = 5000;

/**
 * Partitions one replay chunk may open: under the limit, with room left for what the live traffic keeps
 * open meanwhile (the current hour, the previous one, late changes).
 */
export const DEFAULT_MAX_PARTITIONS_PER_CHUNK = 400;

/** What the planner needs of a record: where Firehose will put it, and when it happened. */
export interface Partitioned {
  /** `dt=YYYY-MM-DD/hour=HH` of the record's event time; undefined when the replay cannot read it. */
  readonly partition: string | undefined;
  /** Event time in epoch milliseconds; undefined when the replay cannot read it. */
  readonly eventTimeMillis: number | undefined;
}

export interface ReplayChunk<T> {
  readonly records: readonly T[];
  /** Distinct partitions the chunk opens. */
  readonly partitions: number;
}

/**
 * Orders records by event time and cuts them into chunks of at most `maxPartitions` distinct partitions,
 * so that one chunk per buffering window never exceeds Firehose's active-partition limit. In event-time
 * order a partition's records are contiguous, so a partition never spans two chunks. Records whose event
 * time cannot be read go last, counted as one partition: the transformer refuses the same fields and
 * sends them to the error output.
 */
export function planReplayChunks<T extends Partitioned>(
  records: readonly T[],
  maxPartitions: number,
): ReplayChunk<T>[] {
  const timeOf = (record: T) => record.eventTimeMillis ?? Number.POSITIVE_INFINITY;
  // Array.prototype.sort is stable: records of the same instant keep the order they were read in.
  const ordered = [...records].sort((a, b) => (timeOf(a) === timeOf(b) ? 0 : timeOf(a) - timeOf(b)));
  const chunks: ReplayChunk<T>[] = [];
  let current: T[] = [];
  let partitions = new Set<string>();
  for (const record of ordered) {
    const partition = record.partition ?? UNREADABLE;
    if (!partitions.has(partition) && partitions.size === maxPartitions) {
      chunks.push({ records: current, partitions: partitions.size });
      current = [];
      partitions = new Set();
    }
    partitions.add(partition);
    current.push(record);
  }
  if (current.length > 0) chunks.push({ records: current, partitions: partitions.size });
  return chunks;
}

const UNREADABLE = 'unreadable';

/**
 * How long to wait after sending one chunk before the next: records first wait in the transformer's
 * buffer (the Lambda processor's interval), then in their partition's buffer, which Firehose can hold
 * for up to 1.5 times the buffering interval (multi-stage buffering, see the page above).
 */
export function waitBetweenChunksMs(
  bufferingIntervalSeconds: number,
  processorIntervalSeconds: number,
): number {
  return Math.ceil(bufferingIntervalSeconds * 1.5 + processorIntervalSeconds) * 1000;
}
