import {
  type AttributeMap,
  CHANNELS,
  centsToMoneyText,
  ORDER_STATUSES,
  type Order,
  orderToAttributeMap,
} from '@org/order-schema';
import { exampleKinesisRecord, exampleStreamRecord } from '@org/order-schema/testing';
import type { FirehoseTransformationEvent, FirehoseTransformationEventRecord } from '../src/index';

/** Real events carry the number 0, which the types (as `@types/aws-lambda`'s) call a string. */
const REAL_SUBSEQUENCE_NUMBER = 0 as unknown as string;

/** A small seeded PRNG (mulberry32): the same batch on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const CATEGORIES = ['electronics', 'books', 'garden', 'toys', 'fashion', 'grocery'];
const NAMES = [
  'Noise-cancelling headphones',
  'Atlas of remote islands',
  'Rain barrel 200 l',
  'Wooden train set',
];

function orderAt(next: () => number, index: number): Order {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  const itemCount = 1 + Math.floor(next() * 6);
  let total = 0;
  const items = Array.from({ length: itemCount }, (_, line) => {
    const cents = 100 + Math.floor(next() * 50_000);
    const quantity = 1 + Math.floor(next() * 4);
    total += cents * quantity;
    return {
      sku: `SKU-${String(index).padStart(6, '0')}-${line}`,
      productName: pick(NAMES),
      category: pick(CATEGORIES),
      quantity,
      unitPrice: centsToMoneyText(cents),
    };
  });
  const created = Date.UTC(2026, 10, 25, 10) + Math.floor(next() * 3_600_000);
  // A third of the orders carry a coupon (schema version 2), a tenth of their total off.
  const coupon =
    next() < 1 / 3
      ? { couponCode: 'WELCOME10', discountTotal: centsToMoneyText(Math.floor(total / 10)) }
      : {};
  return {
    orderId: `ord-${String(index).padStart(6, '0')}`,
    customerId: `cus-${String(Math.floor(next() * 10_000)).padStart(5, '0')}`,
    customerEmail: `customer${index}@example.com`,
    status: pick(ORDER_STATUSES),
    currency: 'EUR',
    items,
    orderTotal: centsToMoneyText(total),
    channel: pick(CHANNELS),
    country: pick(['DE', 'FR', 'NL', 'IT', 'ES']),
    createdAt: new Date(created).toISOString(),
    updatedAt: new Date(created + 60_000).toISOString(),
    version: 1 + Math.floor(next() * 5),
    ...coupon,
  };
}

function image(order: Order): AttributeMap {
  return { ...orderToAttributeMap(order), loyaltyAccount: { N: '12345678901234567890' } };
}

/** One change record of the order, alternating the wire formats and change types. */
function changeRecord(order: Order, index: number): unknown {
  const eventName = (['INSERT', 'MODIFY', 'MODIFY', 'REMOVE'] as const)[index % 4]!;
  const previous = { ...order, status: 'PLACED' as const, version: Math.max(1, order.version - 1) };
  const images =
    eventName === 'INSERT'
      ? { newImage: image(order) }
      : eventName === 'MODIFY'
        ? { newImage: image(order), oldImage: image(previous) }
        : { oldImage: image(order) };
  const seconds = Math.floor(Date.parse(order.updatedAt) / 1000);
  if (index % 2 === 0) {
    return exampleStreamRecord({
      eventName,
      order,
      images,
      eventId: index.toString(16).padStart(32, '0'),
      seconds,
      sequenceNumber: String(100_000_000_000_000_000_000n + BigInt(index)),
    });
  }
  // Kinesis records: microseconds, milliseconds, and milliseconds without the precision field (inferred).
  const micro = index % 4 === 1;
  return exampleKinesisRecord({
    eventName,
    order,
    images,
    eventId: `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`,
    time: micro ? seconds * 1_000_000 + 123_456 : seconds * 1000 + 123,
    precision: micro ? 'MICROSECOND' : index % 8 === 3 ? 'MILLISECOND' : null,
  });
}

/**
 * A Firehose event whose JSON is just under `targetBytes`: both wire formats (Kinesis with and without
 * the precision field), all change types, 1–6 items per order, a third of the orders with a coupon.
 */
export function firehoseBatch(targetBytes = 6_000_000, seed = 42): FirehoseTransformationEvent {
  const next = random(seed);
  const event: FirehoseTransformationEvent = {
    invocationId: 'bench',
    deliveryStreamArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/orders-changes',
    sourceKinesisStreamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders-changes',
    region: 'eu-west-1',
    records: [],
  };
  let bytes = JSON.stringify(event).length;
  for (let index = 0; ; index++) {
    const sequenceNumber = `49658937${String(index).padStart(48, '0')}`;
    const record: FirehoseTransformationEventRecord = {
      recordId: `${sequenceNumber}000000000000`,
      approximateArrivalTimestamp: Date.UTC(2026, 10, 25, 11) + index,
      data: Buffer.from(JSON.stringify(changeRecord(orderAt(next, index), index))).toString('base64'),
      kinesisRecordMetadata: {
        shardId: 'shardId-000000000000',
        partitionKey: `ord-${index}`,
        approximateArrivalTimestamp: Date.UTC(2026, 10, 25, 11) + index,
        sequenceNumber,
        subsequenceNumber: REAL_SUBSEQUENCE_NUMBER,
      },
    };
    const recordBytes = JSON.stringify(record).length + 1;
    if (bytes + recordBytes > targetBytes) return event;
    event.records.push(record);
    bytes += recordBytes;
  }
}
