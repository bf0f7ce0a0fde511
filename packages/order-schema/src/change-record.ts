import * as z from 'zod';
import { AttributeMapSchema } from './attribute-value';

/** What happened to the item: `INSERT`, `MODIFY` or `REMOVE` (the keys of `CHANGE_TYPE`). */
export const EventNameSchema = z.enum(['INSERT', 'MODIFY', 'REMOVE']);

/** Which images the table's stream writes into each record. */
export const StreamViewTypeSchema = z.enum(['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES']);
export type StreamViewType = z.infer<typeof StreamViewTypeSchema>;

/**
 * Who made a change, where DynamoDB says it: on a delete by Time to Live,
 * `{ type: 'Service', principalId: 'dynamodb.amazonaws.com' }`
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html).
 *
 * @example { type: 'Service', principalId: 'dynamodb.amazonaws.com' }
 */
export const StreamUserIdentitySchema = z.looseObject({
  type: z.string(),
  principalId: z.string(),
});
export type StreamUserIdentity = z.infer<typeof StreamUserIdentitySchema>;

/**
 * A DynamoDB Streams record as an EventBridge Pipe forwards it (and as a Lambda stream trigger sees it):
 * `ApproximateCreationDateTime` in epoch SECONDS, `SequenceNumber` present.
 *
 * @example
 * {
 *   eventID: 'c4ca4238a0b923820dcc509a6f75849b', eventName: 'INSERT', eventVersion: '1.1', eventSource: 'aws:dynamodb',
 *   awsRegion: 'eu-west-1',
 *   dynamodb: {
 *     ApproximateCreationDateTime: 1795601730, Keys: { orderId: { S: 'ord-000001' } },
 *     NewImage: { orderId: { S: 'ord-000001' }, version: { N: '1' } },
 *     SequenceNumber: '111100000000012345678901', SizeBytes: 312, StreamViewType: 'NEW_AND_OLD_IMAGES',
 *   },
 *   eventSourceARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/OrdersRawTable/stream/2026-11-25T10:00:00.000',
 * }
 */
export const DynamoDBStreamChangeRecordSchema = z.looseObject({
  eventID: z.string().min(1),
  eventName: EventNameSchema,
  eventVersion: z.string().optional(),
  eventSource: z.literal('aws:dynamodb').optional(),
  awsRegion: z.string().optional(),
  eventSourceARN: z.string().optional(),
  dynamodb: z.looseObject({
    ApproximateCreationDateTime: z.number().nonnegative(),
    Keys: AttributeMapSchema,
    NewImage: AttributeMapSchema.optional(),
    OldImage: AttributeMapSchema.optional(),
    SequenceNumber: z.string().regex(/^\d+$/),
    SizeBytes: z.number().int().optional(),
    StreamViewType: StreamViewTypeSchema.optional(),
  }),
  /** Present on deletes by Time to Live. */
  userIdentity: StreamUserIdentitySchema.optional(),
});
export type DynamoDBStreamChangeRecord = z.infer<typeof DynamoDBStreamChangeRecordSchema>;

/**
 * Precision of `ApproximateCreationDateTime` in a Kinesis Data Streams for DynamoDB record, where the
 * record says it (see `KinesisDynamoDBChangeRecordSchema` for records that do not).
 */
export const TimestampPrecisionSchema = z.enum(['MILLISECOND', 'MICROSECOND']);
export type TimestampPrecision = z.infer<typeof TimestampPrecisionSchema>;

/**
 * A Kinesis Data Streams for DynamoDB change record: `ApproximateCreationDateTime` in epoch
 * MILLISECONDS or MICROSECONDS as `ApproximateCreationDateTimePrecision` says, no `SequenceNumber`,
 * `eventID` a UUID. Records from destinations enabled without the precision setting have no such
 * field; their unit follows from the value: milliseconds in [9.5e11, 4.1e12), microseconds in
 * [9.5e14, 4.1e15) for the years 2000–2100 (absent does NOT mean microseconds: every public sample
 * without the field is in milliseconds).
 *
 * @example
 * {
 *   awsRegion: 'eu-west-1', eventID: '4b4c1b2e-8f0e-4bd5-a3e3-2f4b1d0c9a11', eventName: 'MODIFY', userIdentity: null,
 *   recordFormat: 'application/json', tableName: 'OrdersRawTable',
 *   dynamodb: {
 *     ApproximateCreationDateTime: 1795601730123, Keys: { orderId: { S: 'ord-000001' } },
 *     NewImage: { version: { N: '2' } }, OldImage: { version: { N: '1' } }, SizeBytes: 640,
 *     ApproximateCreationDateTimePrecision: 'MILLISECOND',
 *   },
 *   eventSource: 'aws:dynamodb',
 * }
 */
export const KinesisDynamoDBChangeRecordSchema = z.looseObject({
  eventID: z.string().min(1),
  eventName: EventNameSchema,
  awsRegion: z.string().optional(),
  recordFormat: z.literal('application/json'),
  tableName: z.string().min(1),
  /** `null`, or DynamoDB itself on a delete by Time to Live. */
  userIdentity: StreamUserIdentitySchema.nullable().optional(),
  eventSource: z.literal('aws:dynamodb').optional(),
  dynamodb: z.looseObject({
    ApproximateCreationDateTime: z.number().nonnegative(),
    ApproximateCreationDateTimePrecision: TimestampPrecisionSchema.optional(),
    Keys: AttributeMapSchema,
    NewImage: AttributeMapSchema.optional(),
    OldImage: AttributeMapSchema.optional(),
    SizeBytes: z.number().int().optional(),
  }),
});
export type KinesisDynamoDBChangeRecord = z.infer<typeof KinesisDynamoDBChangeRecordSchema>;

/**
 * `eventSource` of a snapshot record: the backfill wrote it, not DynamoDB (whose records say
 * `aws:dynamodb`). With `eventName: 'SNAPSHOT'`, which DynamoDB never sends either, it marks a record
 * as a snapshot twice over, so no real change record can be read as one.
 */
export const SNAPSHOT_EVENT_SOURCE = 'cdc-sales-pipeline:backfill';

/**
 * A snapshot record: an item that existed before the stream was turned on, as a backfill puts it on
 * the pipeline's Kinesis stream, to travel through Firehose and the transformer like any change. It
 * has the shape of a Kinesis Data Streams for DynamoDB record (so it needs no new reading path) with
 * two markers DynamoDB never sends: `eventName: 'SNAPSHOT'` and `eventSource` =
 * `SNAPSHOT_EVENT_SOURCE`. `ApproximateCreationDateTime` is the export's point in time in epoch
 * MILLISECONDS (always said by the precision field), `NewImage` the item as exported, and there is
 * never an `OldImage`. `eventID` is derived from the export, the order and its version, so that the
 * same backfill run twice writes the same ids (see `snapshotRecord` in `@org/cdc-transformer`).
 *
 * @example
 * {
 *   eventID: '0f5f5b5e-7c1d-5a8e-9f0b-3c2d1e4f5a6b', eventName: 'SNAPSHOT', eventSource: 'cdc-sales-pipeline:backfill',
 *   recordFormat: 'application/json', tableName: 'OrdersRawTable',
 *   dynamodb: {
 *     ApproximateCreationDateTime: 1795601730123, ApproximateCreationDateTimePrecision: 'MILLISECOND',
 *     Keys: { orderId: { S: 'ord-000001' } }, NewImage: { orderId: { S: 'ord-000001' }, version: { N: '3' } },
 *   },
 * }
 */
export const SnapshotChangeRecordSchema = z.looseObject({
  eventID: z.string().min(1),
  eventName: z.literal('SNAPSHOT'),
  eventSource: z.literal(SNAPSHOT_EVENT_SOURCE),
  recordFormat: z.literal('application/json'),
  tableName: z.string().min(1),
  dynamodb: z.looseObject({
    ApproximateCreationDateTime: z.number().int().nonnegative(),
    ApproximateCreationDateTimePrecision: z.literal('MILLISECOND'),
    Keys: AttributeMapSchema,
    NewImage: AttributeMapSchema,
    OldImage: z.never().optional(),
    SequenceNumber: z.never().optional(),
  }),
});
export type SnapshotChangeRecord = z.infer<typeof SnapshotChangeRecordSchema>;

/** Any record on the pipeline's stream: either DynamoDB wire format, or a backfill's snapshot record. */
export const ChangeRecordSchema = z.union([
  KinesisDynamoDBChangeRecordSchema,
  DynamoDBStreamChangeRecordSchema,
  SnapshotChangeRecordSchema,
]);
export type ChangeRecord = z.infer<typeof ChangeRecordSchema>;
