import type {
  AttributeMap,
  AttributeValue,
  DynamoDBStreamChangeRecord,
  EventName,
  KinesisDynamoDBChangeRecord,
  Order,
  TimestampPrecision,
} from '@org/order-schema';
import { orderKeyToAttributeMap, orderToAttributeMap } from '../order-item-codec';
import { exampleOrder } from './example-order';

/**
 * A number's text as DynamoDB stores and returns it: no trailing zeros after the point
 * (`"129.90"` → `"129.9"`, `"20.00"` → `"20"`).
 */
export function storedNumberText(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

function stored(value: AttributeValue): AttributeValue {
  if ('N' in value) return { N: storedNumberText(value.N) };
  if ('L' in value) return { L: value.L.map(stored) };
  if ('M' in value) return { M: storedMap(value.M) };
  return value;
}

function storedMap(map: AttributeMap): AttributeMap {
  const result: AttributeMap = {};
  for (const name in map) result[name] = stored(map[name]!);
  return result;
}

/**
 * An order as a stream record's image carries it: `orderToAttributeMap` with numbers as DynamoDB
 * returns them (`"129.9"`), plus any `extra` attributes (which the pinned contract lets an item have).
 * A fresh copy each call, safe to change.
 *
 * @example storedImage(exampleOrder({ status: 'PAID' }), { loyaltyAccount: { N: '12345678901234567890' } })
 */
export function storedImage(order: Order = exampleOrder(), extra: AttributeMap = {}): AttributeMap {
  return { ...storedMap(orderToAttributeMap(order)), ...extra };
}

/** The images of one change, as a NEW_AND_OLD_IMAGES stream writes them. */
export interface ChangeImages {
  newImage?: AttributeMap;
  oldImage?: AttributeMap;
}

/**
 * The images a change of `order` carries: an INSERT its new image, a MODIFY its new image and the
 * previous version's (status PLACED) as the old one, a REMOVE its old image.
 */
export function changeImages(eventName: EventName, order: Order = exampleOrder()): ChangeImages {
  if (eventName === 'INSERT') return { newImage: storedImage(order) };
  if (eventName === 'REMOVE') return { oldImage: storedImage(order) };
  const previous = { ...order, status: 'PLACED' as const, version: Math.max(1, order.version - 1) };
  return { newImage: storedImage(order), oldImage: storedImage(previous) };
}

/** What a change record builder takes; everything has a default. */
export interface ExampleChangeOptions {
  /** @default 'INSERT' */
  eventName?: EventName;
  /** The order that changed. @default exampleOrder() */
  order?: Order;
  /**
   * The images, in place of those of `order` (`{}` for none, e.g. a delete from a KEYS_ONLY stream).
   * @default changeImages(eventName, order)
   */
  images?: ChangeImages;
  /** @default the key of `order` */
  keys?: AttributeMap;
  eventId?: string;
  /** `dynamodb.SizeBytes`. @default 312 (DynamoDB Streams), 640 (Kinesis) */
  sizeBytes?: number;
}

function partsOf(options: ExampleChangeOptions) {
  const eventName = options.eventName ?? 'INSERT';
  const order = options.order ?? exampleOrder();
  const images = options.images ?? changeImages(eventName, order);
  return {
    eventName,
    keys: options.keys ?? orderKeyToAttributeMap(order.orderId),
    ...(images.newImage ? { NewImage: images.newImage } : {}),
    ...(images.oldImage ? { OldImage: images.oldImage } : {}),
  };
}

/**
 * A DynamoDB Streams record as an EventBridge Pipe forwards it, keys in the order real records have
 * them: epoch `seconds` and a `SequenceNumber`.
 *
 * @example exampleStreamRecord({ eventName: 'MODIFY', order: exampleOrder({ status: 'PAID', version: 2 }) })
 */
export function exampleStreamRecord(
  options: ExampleChangeOptions & { seconds?: number; sequenceNumber?: string } = {},
): DynamoDBStreamChangeRecord {
  const { eventName, keys, ...images } = partsOf(options);
  return {
    eventID: options.eventId ?? 'c4ca4238a0b923820dcc509a6f75849b',
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    dynamodb: {
      ApproximateCreationDateTime: options.seconds ?? 1_795_601_730,
      Keys: keys,
      ...images,
      SequenceNumber: options.sequenceNumber ?? '111100000000012345678901',
      SizeBytes: options.sizeBytes ?? 312,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN:
      'arn:aws:dynamodb:eu-west-1:123456789012:table/OrdersRawTable/stream/2026-11-25T10:00:00.000',
  };
}

/**
 * A Kinesis Data Streams for DynamoDB record, keys in the order real records have them: epoch
 * milliseconds (or microseconds) in `time`, no SequenceNumber. `precision` is the
 * `ApproximateCreationDateTimePrecision` field, last in `dynamodb`; `null` leaves it out, as a
 * destination enabled without the precision setting does.
 *
 * @example exampleKinesisRecord({ eventName: 'REMOVE', time: 1_795_601_730_123_456, precision: 'MICROSECOND' })
 */
export function exampleKinesisRecord(
  options: ExampleChangeOptions & { time?: number; precision?: TimestampPrecision | null } = {},
): KinesisDynamoDBChangeRecord {
  const { eventName, keys, ...images } = partsOf(options);
  const precision = options.precision === undefined ? 'MILLISECOND' : options.precision;
  return {
    awsRegion: 'eu-west-1',
    eventID: options.eventId ?? '4b4c1b2e-8f0e-4bd5-a3e3-2f4b1d0c9a11',
    eventName,
    userIdentity: null,
    recordFormat: 'application/json',
    tableName: 'OrdersRawTable',
    dynamodb: {
      ApproximateCreationDateTime: options.time ?? 1_795_601_730_123,
      Keys: keys,
      ...images,
      SizeBytes: options.sizeBytes ?? 640,
      ...(precision === null ? {} : { ApproximateCreationDateTimePrecision: precision }),
    },
    eventSource: 'aws:dynamodb',
  };
}
