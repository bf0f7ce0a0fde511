import { ConditionFailedError, type OrderOperation, type OrderWriteTarget } from '@org/order-generator';
import {
  type AttributeMap,
  attributeMapToOrder,
  type DynamoDBStreamChangeRecord,
  type EventName,
  type Order,
  orderKeyToAttributeMap,
} from '@org/order-schema';
import type { SeededRandom } from '../random';
import { itemSize } from './item-size';
import { type StoredItem, storedImage, unchanged, type WrittenItem, writtenItem } from './stored-item';
import type { ChangeSink, SourceState } from './table-change';

/** Where a stream record says it came from. */
export interface StreamOrigin {
  region: string;
  accountId: string;
  tableName: string;
  /** The stream label, an ISO timestamp of when the stream was enabled. */
  streamLabel: string;
}

export interface EmbeddedOrderTableOptions {
  origin: StreamOrigin;
  /** Receives every change in commit order; each write waits for its change to be accepted. */
  sink: ChangeSink;
  /** Write time (epoch ms) of an operation; called once per committed write, in commit order. */
  clock: (order: Order | undefined) => number;
  random: SeededRandom;
  /**
   * Whether the table's stream is on from the start; when off, writes leave no change until
   * `enableStream` (orders that exist before the pipeline, for a backfill).
   * @default true
   */
  streamEnabled?: boolean;
}

/** First stream sequence number: DynamoDB's are 21 to 40 digits and increase within a shard. */
const FIRST_SEQUENCE = 100_000_000_000_000_000_000n;

/**
 * An in-memory OrdersRawTable that behaves like DynamoDB for the generator's writes: conditional
 * insert/update/delete on `version`, numbers normalised as DynamoDB stores them, and a stream of
 * change records in the DynamoDB Streams wire format (NEW_AND_OLD_IMAGES).
 */
export class EmbeddedOrderTable implements OrderWriteTarget, SourceState {
  private readonly items = new Map<string, StoredItem>();
  private readonly options: EmbeddedOrderTableOptions;
  private readonly streamArn: string;
  private sequence = FIRST_SEQUENCE;
  private emitted: Promise<void> = Promise.resolve();
  private streamEnabled: boolean;

  public constructor(options: EmbeddedOrderTableOptions) {
    this.options = options;
    this.streamEnabled = options.streamEnabled ?? true;
    const { region, accountId, tableName, streamLabel } = options.origin;
    this.streamArn = `arn:aws:dynamodb:${region}:${accountId}:table/${tableName}/stream/${streamLabel}`;
  }

  /** Number of items in the table. */
  public get size(): number {
    return this.items.size;
  }

  public async batchInsert(orders: readonly Order[]): Promise<readonly Order[]> {
    const pending: Promise<void>[] = [];
    for (const order of orders) {
      const item = writtenItem(order);
      const existing = this.items.get(order.orderId);
      // An unconditional put that changes nothing writes no stream record, as in DynamoDB.
      if (existing && unchanged(existing, item)) continue;
      pending.push(this.commit(existing ? 'MODIFY' : 'INSERT', order.orderId, item, existing, order));
    }
    await Promise.all(pending);
    return [];
  }

  public async apply(operation: OrderOperation): Promise<void> {
    if (operation.type === 'insert') {
      if (this.items.has(operation.order.orderId)) {
        throw new ConditionFailedError(operation.order.orderId, 'attribute_not_exists(orderId) is false');
      }
      const item = writtenItem(operation.order);
      await this.commit('INSERT', operation.order.orderId, item, undefined, operation.order);
      return;
    }
    const orderId = operation.type === 'delete' ? operation.orderId : operation.order.orderId;
    const existing = this.items.get(orderId);
    if (existing?.version !== String(operation.expectedVersion)) {
      throw new ConditionFailedError(
        orderId,
        `version = ${operation.expectedVersion} is false (stored version ${existing?.version ?? 'none'})`,
      );
    }
    if (operation.type === 'delete') {
      await this.commit('REMOVE', orderId, undefined, existing, undefined);
      return;
    }
    const item = writtenItem(operation.order);
    // A put that changes nothing writes no stream record.
    if (unchanged(existing, item)) return;
    await this.commit('MODIFY', orderId, item, existing, operation.order);
  }

  /** The order ids in the table, sorted (a Scan's keys). */
  public keys(): string[] {
    return [...this.items.keys()].sort();
  }

  /** An order in plain form (a GetItem), or undefined. */
  public get(orderId: string): Order | undefined {
    const stored = this.items.get(orderId);
    return stored ? attributeMapToOrder(storedImage(stored.order), { validate: false }) : undefined;
  }

  /** The item as stored, in wire form, or undefined. */
  public getItem(orderId: string): AttributeMap | undefined {
    const stored = this.items.get(orderId);
    return stored ? storedImage(stored.order) : undefined;
  }

  /** Turns the stream on: from now on every write leaves a change. */
  public enableStream(): void {
    this.streamEnabled = true;
  }

  /** Every item as stored, in wire form, one at a time (what an export or a Scan reads). */
  public *scanItems(): Generator<AttributeMap> {
    for (const stored of this.items.values()) yield storedImage(stored.order);
  }

  /** Applies a write and queues its change; changes leave in commit order. */
  private commit(
    eventName: EventName,
    orderId: string,
    newItem: WrittenItem | undefined,
    oldItem: StoredItem | undefined,
    order: Order | undefined,
  ): Promise<void> {
    if (newItem) this.items.set(orderId, newItem.stored);
    else this.items.delete(orderId);
    const writtenAtMs = this.options.clock(order);
    if (!this.streamEnabled) return Promise.resolve();
    this.sequence += 1n;
    const keys = orderKeyToAttributeMap(orderId);
    const record: DynamoDBStreamChangeRecord = {
      eventID: this.options.random.hex(32),
      eventName,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: this.options.origin.region,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(writtenAtMs / 1000),
        Keys: keys,
        ...(newItem && { NewImage: newItem.image }),
        ...(oldItem && { OldImage: storedImage(oldItem.order) }),
        SequenceNumber: this.sequence.toString(),
        SizeBytes: itemSize(keys) + (newItem?.stored.size ?? 0) + (oldItem?.size ?? 0),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: this.streamArn,
    };
    const change = { orderId, record, writtenAtMs };
    const sink = this.options.sink;
    this.emitted = this.emitted.then(() => sink(change));
    return this.emitted;
  }
}
