import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  type AttributeMap,
  LakeRowSchema,
  lakeColumnNamesOf,
  type Order,
  SCHEMA_VERSION,
} from '@org/order-schema';
import {
  changeImages,
  exampleKinesisRecord,
  exampleOrder,
  exampleStreamRecord,
  storedImage,
} from '@org/order-schema/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type FirehoseTransformationEvent,
  type FirehoseTransformationResult,
  processFirehoseEvent,
  transformFirehoseEvent,
  UnsupportedSchemaVersionError,
} from '../../src/index';
import { type CreateHandlerOptions, createHandler } from '../../src/lambda';
import { aFirehoseEvent, aLambdaContext, lineOf, rowOf } from '../helpers/factories';

// Mixed fleets during an upgrade, through the real handler: a transformer of layout 1 (the one before
// the upgrade, or the new code told to keep writing layout 1) and one of layout 2, each fed items
// written before and after the source application started writing the v2 attributes.

const COUPON = { couponCode: 'WELCOME10', discountTotal: '25.90' } as const;
const v1Order = exampleOrder({ status: 'PAID', version: 2 });
const v2Order: Order = { ...v1Order, ...COUPON };

/** INSERT, MODIFY and REMOVE of `order` in both wire formats, items stored as DynamoDB returns them. */
function lifecycle(order: Order): unknown[] {
  return (['INSERT', 'MODIFY', 'REMOVE'] as const).flatMap((eventName) => {
    const images = changeImages(eventName, order);
    return [
      exampleStreamRecord({ eventName, order, images }),
      exampleKinesisRecord({ eventName, order, images }),
    ];
  });
}

async function invoke(
  event: FirehoseTransformationEvent,
  options: CreateHandlerOptions = {},
): Promise<FirehoseTransformationResult> {
  const handler = createHandler({
    logger: new Logger({ serviceName: 'schema-evolution', logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'SchemaEvolutionTest', serviceName: 'schema-evolution' }),
    ...options,
  });
  return handler(event, aLambdaContext());
}

describe('a mixed fleet during the upgrade to layout 2, through the Lambda handler', () => {
  beforeEach(() => {
    // The handler's EMF goes to stdout.
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => vi.restoreAllMocks());

  it('a layout 1 transformer turns v2 items into layout 1 rows: the new attributes ignored, no new keys', async () => {
    const result = await invoke(aFirehoseEvent(lifecycle(v2Order)), { schemaVersion: 1 });
    expect(result.records.every((record) => record.result === 'Ok')).toBe(true);
    for (const record of result.records) {
      const row = LakeRowSchema.parse(rowOf(record));
      expect(Object.keys(row)).toEqual(lakeColumnNamesOf(1));
      expect(row.schema_version).toBe(1);
      expect(lineOf(record)).not.toContain('WELCOME10');
    }
  });

  it('a layout 1 transformer ignores v2 attributes it cannot read, as any unknown attribute', async () => {
    const image = storedImage(v1Order, { couponCode: { N: '10' }, discountTotal: { S: 'ten euros' } });
    const event = aFirehoseEvent([
      exampleKinesisRecord({ eventName: 'INSERT', images: { newImage: image } }),
    ]);
    const [record] = (await invoke(event, { schemaVersion: 1 })).records;
    expect(record!.result).toBe('Ok');
    expect(rowOf(record!).schema_version).toBe(1);
    // The transformer of layout 2 reads them, and fails the record naming the attribute.
    const [failed] = (await invoke(event)).records;
    expect(failed!.result).toBe('ProcessingFailed');
  });

  it('a layout 2 transformer turns v1 items into layout 2 rows with null in the new columns', async () => {
    const result = await invoke(aFirehoseEvent(lifecycle(v1Order)));
    expect(result.records.every((record) => record.result === 'Ok')).toBe(true);
    for (const record of result.records) {
      const row = LakeRowSchema.parse(rowOf(record));
      expect(Object.keys(row)).toEqual(lakeColumnNamesOf(2));
      expect(row).toMatchObject({ schema_version: 2, coupon_code: null, discount_total: null });
    }
  });

  it('a layout 2 transformer carries the v2 attributes of every change, the delete from its old image', async () => {
    const result = await invoke(aFirehoseEvent(lifecycle(v2Order)));
    const rows = result.records.map((record) => LakeRowSchema.parse(rowOf(record)));
    expect(rows.map((row) => row.change_type)).toEqual([
      'insert',
      'insert',
      'update',
      'update',
      'delete',
      'delete',
    ]);
    for (const row of rows) {
      // Stored as DynamoDB returns it ("25.9"), written as exact decimal(12,2) text.
      expect(row).toMatchObject({ schema_version: 2, coupon_code: 'WELCOME10', discount_total: '25.90' });
      expect(row.order_total).toBe('259.85');
    }
  });

  it('writes layout 2 by default, the same rows as processFirehoseEvent', async () => {
    const event = aFirehoseEvent([...lifecycle(v1Order), ...lifecycle(v2Order)]);
    const result = await invoke(event);
    expect(SCHEMA_VERSION).toBe(2);
    expect(result).toEqual(processFirehoseEvent(event));
    expect(await invoke(event, { schemaVersion: 1 })).toEqual(
      processFirehoseEvent(event, { schemaVersion: 1 }),
    );
  });

  it('refuses a layout it does not write when the handler is made, and in the core', () => {
    expect(() => createHandler({ schemaVersion: 3 as never })).toThrow(UnsupportedSchemaVersionError);
    expect(() => createHandler({ schemaVersion: 0 as never })).toThrow(
      'schemaVersion: expected a lake row layout from 1 to 2 (got 0)',
    );
    expect(() => processFirehoseEvent(aFirehoseEvent([]), { schemaVersion: '2' as never })).toThrow(
      'schemaVersion: expected a lake row layout from 1 to 2 (got "2")',
    );
  });
});

describe('the v2 columns in a layout 2 row', () => {
  const rowFor = (image: AttributeMap, eventName: 'INSERT' | 'REMOVE' = 'INSERT') =>
    processFirehoseEvent(
      aFirehoseEvent([
        exampleKinesisRecord({
          eventName,
          images: eventName === 'INSERT' ? { newImage: image } : { oldImage: image },
        }),
      ]),
    ).records[0]!;

  it.each([
    ['absent', {}, null, null],
    ['NULL', { couponCode: { NULL: true }, discountTotal: { NULL: true } }, null, null],
    ['a whole discount', { couponCode: { S: 'FREESHIP' }, discountTotal: { N: '5' } }, 'FREESHIP', '5.00'],
    ['a zero discount', { couponCode: { S: 'ZERO' }, discountTotal: { N: '0' } }, 'ZERO', '0.00'],
    ['a coupon needing JSON escapes', { couponCode: { S: 'Ü"\\' } }, 'Ü"\\', null],
  ])('reads %s', (_case, extra, couponCode, discountTotal) => {
    const base = storedImage(v1Order);
    const record = rowFor({ ...base, ...(extra as AttributeMap) });
    expect(record.result).toBe('Ok');
    expect(rowOf(record)).toMatchObject({ coupon_code: couponCode, discount_total: discountTotal });
  });

  it('writes null for a delete that carries only the key', () => {
    const record = processFirehoseEvent(
      aFirehoseEvent([exampleStreamRecord({ eventName: 'REMOVE', images: {} })]),
    ).records[0]!;
    expect(rowOf(record)).toMatchObject({ version: 0, coupon_code: null, discount_total: null });
  });

  it.each([
    ['discountTotal', { N: '1.005' }, 'a decimal(12,2) number', '"1.005"'],
    ['discountTotal', { N: '12345678901.5' }, 'a decimal(12,2) number', '"12345678901.5"'],
    ['discountTotal', { S: '5.00' }, 'a number attribute {"N": …}', 'an object with S'],
    ['couponCode', { N: '10' }, 'a string attribute {"S": …}', 'an object with N'],
  ])('fails the record when %s is %j, named as order_total would be', (name, value, expected, got) => {
    for (const eventName of ['INSERT', 'REMOVE'] as const) {
      const image = { ...storedImage(v1Order), [name]: value } as AttributeMap;
      const bad = exampleKinesisRecord({
        eventName,
        images: eventName === 'INSERT' ? { newImage: image } : { oldImage: image },
      });
      const outcome = transformFirehoseEvent(aFirehoseEvent([exampleStreamRecord(), bad]));
      expect(outcome.result.records.map((record) => record.result)).toEqual(['Ok', 'ProcessingFailed']);
      const path = `dynamodb.${eventName === 'INSERT' ? 'NewImage' : 'OldImage'}.${name}`;
      expect(outcome.failures).toMatchObject([
        { failureType: 'invalid-order', field: path, reason: `${path}: expected ${expected} (got ${got})` },
      ]);
    }
  });
});
