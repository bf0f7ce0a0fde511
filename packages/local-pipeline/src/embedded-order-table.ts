import { ConditionFailedError, type OrderOperation, type OrderWriteTarget } from '@org/order-generator';
import { type AttributeMap, type EventName, type Order, orderKeyToAttributeMap } from '@org/order-schema';
import { decodeOrderItem } from './order-from-item';
import type { SeededRandom } from './random';
import { type StoredItem, StoredItemEncoder } from './stored-item';
import { itemSize, type StreamOrigin } from './stream-record';
import { SerializedTableChange } from './table-change';
import type { ChangeSink } from './types';

export interface EmbeddedOrderTableOptions {
  origin: StreamOrigin;
  /** Receives every change in commit order; each write waits for its change to be accepted. */
  sink: ChangeSink;
  /** Write time (epoch ms) of an operation; called once per committed write, in commit order. */
  clock: (order: Order | undefined) => number;
  random: SeededRandom;
}

/** First stream sequence number: DynamoDB's are 21 to 40 digits and increase within a shard. */
const FIRST_SEQUENCE = 100_000_000_000_000_000_000n;
const KEY_SIZE = itemSize(orderKeyToAttributeMap(''));

/**
 * An in-memory OrdersRawTable that behaves like DynamoDB for the generator's writes: conditional
 * insert/update/delete on `version`, numbers normalised as DynamoDB stores them, and a stream of
 * change records in the DynamoDB Streams wire format (NEW_AND_OLD_IMAGES). Items are kept as their
 * JSON, which is both the smallest form to hold and the form the stream record needs.
 */
export class EmbeddedOrderTable implements OrderWriteTarget {
  private readonly items = new Map<string, StoredItem>();
  private readonly encoder = new StoredItemEncoder();
  private readonly options: EmbeddedOrderTableOptions;
  private sequence = FIRST_SEQUENCE;
  private emitted: Promise<void> = Promise.resolve();
  private writes = 0;

  public constructor(options: EmbeddedOrderTableOptions) {
    this.options = options;
  }

  /** Number of items in the table. */
  public get size(): number {
    return this.items.size;
  }

  /** Number of committed writes, which is the number of change records emitted. */
  public get changeCount(): number {
    return this.writes;
  }

  public async batchInsert(orders: readonly Order[]): Promise<readonly Order[]> {
    const pending: Promise<void>[] = [];
    for (const order of orders) {
      const item = this.encoder.encode(order);
      const existing = this.items.get(order.orderId);
      // An unconditional put that changes nothing writes no stream record, as in DynamoDB.
      if (existing?.json === item.json) continue;
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
      const item = this.encoder.encode(operation.order);
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
    const item = this.encoder.encode(operation.order);
    // A put that changes nothing writes no stream record.
    if (item.json === existing.json) return;
    await this.commit('MODIFY', orderId, item, existing, operation.order);
  }

  /** The table's items in plain order form, in key order (a Scan). */
  public *scan(): Generator<Order> {
    for (const key of this.keys()) yield this.get(key)!;
  }

  /** The order ids in the table, sorted. */
  public keys(): string[] {
    return [...this.items.keys()].sort();
  }

  /** An order in plain form (a GetItem), or undefined. */
  public get(orderId: string): Order | undefined {
    const item = this.getItem(orderId);
    return item ? decodeOrderItem(item) : undefined;
  }

  /** The item as stored, in wire form, or undefined. */
  public getItem(orderId: string): AttributeMap | undefined {
    const stored = this.items.get(orderId);
    return stored ? (JSON.parse(stored.json) as AttributeMap) : undefined;
  }

  /** Applies a write and queues its change; changes leave in commit order. */
  private commit(
    eventName: EventName,
    orderId: string,
    newItem: StoredItem | undefined,
    oldItem: StoredItem | undefined,
    order: Order | undefined,
  ): Promise<void> {
    if (newItem) this.items.set(orderId, newItem);
    else this.items.delete(orderId);
    this.writes++;
    this.sequence += 1n;
    const change = new SerializedTableChange(
      {
        eventID: this.options.random.hex(32),
        eventName,
        orderId,
        sequenceNumber: this.sequence.toString(),
        writtenAtMs: this.options.clock(order),
        newImage: newItem?.json,
        oldImage: oldItem?.json,
        sizeBytes: KEY_SIZE + orderId.length + (newItem?.size ?? 0) + (oldItem?.size ?? 0),
      },
      this.options.origin,
    );
    const sink = this.options.sink;
    this.emitted = this.emitted.then(() => sink(change));
    return this.emitted;
  }
}
