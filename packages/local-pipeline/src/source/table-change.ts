import type { DynamoDBStreamChangeRecord, Order } from '@org/order-schema';

/**
 * One change leaving the source: its DynamoDB Streams record plus the write time in milliseconds,
 * which Kinesis Data Streams for DynamoDB keeps and DynamoDB Streams rounds down to seconds.
 */
export interface TableChange {
  readonly orderId: string;
  readonly record: DynamoDBStreamChangeRecord;
  readonly writtenAtMs: number;
}

/** Receives a source's changes in order; awaiting it is the pipeline's back-pressure. */
export type ChangeSink = (change: TableChange) => Promise<void>;

/** The source table's final state, order by order (a `Map` is one). */
export interface SourceState {
  readonly size: number;
  get(orderId: string): Order | undefined;
  keys(): Iterable<string>;
}
