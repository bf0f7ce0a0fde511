import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  CHANGE_TYPE,
  type ChangeRecord,
  ChangeRecordSchema,
  partitionKeysOf,
  SCHEMA_VERSION,
  toMoneyText,
} from '@org/order-schema';
import type {
  FirehoseTransformationEvent,
  FirehoseTransformationResult,
  FirehoseTransformationResultRecord,
} from '../src/index';

type Wrapped = { value: string };
type PlainImage = Record<string, unknown> & {
  items: { sku: string; productName: string; category: string; quantity: Wrapped; unitPrice: Wrapped }[];
};

const money = (value: Wrapped): string => {
  const text = toMoneyText(value.value);
  if (text === undefined) throw new Error(`not money: ${value.value}`);
  return text;
};

function eventMillis(record: ChangeRecord): number {
  const raw = record.dynamodb.ApproximateCreationDateTime;
  if ('SequenceNumber' in record.dynamodb && record.dynamodb.SequenceNumber !== undefined) return raw * 1000;
  const precision = (record.dynamodb as { ApproximateCreationDateTimePrecision?: string })
    .ApproximateCreationDateTimePrecision;
  // Without the field, epoch milliseconds of 2000–2100 stay below 4.1e12; microseconds are far above.
  const millis = precision === 'MILLISECOND' || (precision === undefined && raw < 4.1e12);
  return millis ? raw : Math.floor(raw / 1000);
}

/**
 * The obvious implementation: full Zod parse of the whole change record (every AttributeValue of both
 * images), `unmarshall` with wrapNumbers, then the row from the plain object.
 */
export function naiveTransform(event: FirehoseTransformationEvent): FirehoseTransformationResult {
  const out: FirehoseTransformationResultRecord[] = [];
  for (const record of event.records) {
    try {
      const change = ChangeRecordSchema.parse(
        JSON.parse(Buffer.from(record.data, 'base64').toString('utf8')),
      );
      const image = change.eventName === 'REMOVE' ? change.dynamodb.OldImage : change.dynamodb.NewImage;
      const order = unmarshall(image as never, { wrapNumbers: true }) as PlainImage;
      const old = change.dynamodb.OldImage
        ? (unmarshall(change.dynamodb.OldImage as never, { wrapNumbers: true }) as PlainImage)
        : undefined;
      const eventTime = new Date(eventMillis(change)).toISOString();
      const sequence =
        ('SequenceNumber' in change.dynamodb
          ? (change.dynamodb.SequenceNumber as string | undefined)
          : undefined) ?? record.kinesisRecordMetadata!.sequenceNumber;
      const items = order.items.map((item) => ({
        sku: item.sku,
        product_name: item.productName,
        category: item.category,
        quantity: Number(item.quantity.value),
        unit_price: money(item.unitPrice),
      }));
      const row = {
        event_id: change.eventID,
        change_type: CHANGE_TYPE[change.eventName],
        event_time: eventTime,
        ingest_time: new Date(record.approximateArrivalTimestamp).toISOString(),
        sequence,
        order_id: order['orderId'],
        customer_id: order['customerId'],
        status: order['status'],
        previous_status: change.eventName === 'INSERT' ? null : (old?.['status'] ?? null),
        currency: order['currency'],
        order_total: money(order['orderTotal'] as Wrapped),
        item_count: items.reduce((sum, item) => sum + item.quantity, 0),
        items,
        channel: order['channel'],
        country: order['country'],
        created_at: order['createdAt'],
        updated_at: order['updatedAt'],
        version: Number((order['version'] as Wrapped).value),
        is_deleted: change.eventName === 'REMOVE',
        schema_version: SCHEMA_VERSION,
        coupon_code: (order['couponCode'] as string | undefined) ?? null,
        discount_total:
          order['discountTotal'] === undefined ? null : money(order['discountTotal'] as Wrapped),
      };
      out.push({
        recordId: record.recordId,
        result: 'Ok',
        data: Buffer.from(`${JSON.stringify(row)}\n`).toString('base64'),
        metadata: { partitionKeys: partitionKeysOf(eventTime) },
      });
    } catch {
      out.push({ recordId: record.recordId, result: 'ProcessingFailed', data: record.data });
    }
  }
  return { records: out };
}
