import type { AttributeMap } from '@org/order-schema';
import {
  exampleKinesisRecord,
  exampleOrder,
  exampleStreamRecord,
  storedImage,
} from '@org/order-schema/testing';
import { describe, expect, it } from 'vitest';
import {
  FAILURE_TYPE,
  InvalidFirehoseEventError,
  processFirehoseEvent,
  transformFirehoseEvent,
} from '../../src/index';
import { aFirehoseEvent, aFirehoseRecord, lineOf, rowOf } from '../helpers/factories';

const good = () => exampleStreamRecord({ eventName: 'INSERT' });

/** A record whose NewImage has `patch` applied (undefined removes an attribute). */
function withNewImage(patch: Record<string, unknown>): Record<string, unknown> {
  const image: Record<string, unknown> = storedImage(exampleOrder());
  for (const [name, value] of Object.entries(patch)) {
    if (value === undefined) delete image[name];
    else image[name] = value;
  }
  return exampleKinesisRecord({ eventName: 'INSERT', images: { newImage: image as AttributeMap } });
}

/** Transforms [good, bad, good] and returns the bad record's outcome after checking the neighbours. */
function failureOf(bad: unknown) {
  const event = aFirehoseEvent([good(), bad, good()]);
  const outcome = transformFirehoseEvent(event);
  expect(outcome.result.records.map((record) => record.result)).toEqual(['Ok', 'ProcessingFailed', 'Ok']);
  expect(outcome.result.records[1]!.data).toBe(event.records[1]!.data);
  expect(outcome.result.records[1]!.metadata).toBeUndefined();
  expect(outcome.failures).toHaveLength(1);
  expect(outcome.failures[0]!.recordId).toBe(event.records[1]!.recordId);
  return outcome.failures[0]!;
}

describe('a bad record fails alone, keeps its data, and the reason names the field', () => {
  it.each([
    ['garbage bytes', Buffer.from([0xff, 0xfe, 0x00, 0x9c, 0x22, 0x7b])],
    ['truncated JSON', Buffer.from('{"eventID":"x","eventName":"INSERT","dynamodb":{')],
    ['an empty payload', Buffer.alloc(0)],
  ])('%s: undecodable data', (_case, bytes) => {
    const failure = failureOf(bytes);
    expect(failure).toMatchObject({ failureType: FAILURE_TYPE.UNDECODABLE_DATA, field: 'data' });
    expect(failure.reason).toMatch(/^data: not base64 of JSON/);
  });

  it.each([
    ['a JSON array', [1, 2, 3], '(root)'],
    ['a JSON string', 'INSERT', '(root)'],
    ['null', null, '(root)'],
    ['an object that is no change record', { hello: 'world' }, 'eventID'],
    ['an unknown eventName', { ...good(), eventName: 'UPSERT' }, 'eventName'],
    ['no dynamodb', { ...good(), dynamodb: undefined }, 'dynamodb'],
    [
      'NewImage not a map',
      exampleStreamRecord({ eventName: 'INSERT', images: { newImage: [] as never } }),
      'dynamodb.NewImage',
    ],
    [
      'an INSERT without NewImage',
      exampleStreamRecord({ eventName: 'INSERT', images: {} }),
      'dynamodb.NewImage',
    ],
    [
      'a MODIFY without NewImage',
      exampleStreamRecord({ eventName: 'MODIFY', images: { oldImage: storedImage(exampleOrder()) } }),
      'dynamodb.NewImage',
    ],
    [
      'a numeric SequenceNumber',
      { ...good(), dynamodb: { ...(good()['dynamodb'] as object), SequenceNumber: 5 } },
      'dynamodb.SequenceNumber',
    ],
  ])('%s: not a change record', (_case, payload, field) => {
    const failure = failureOf(payload);
    expect(failure).toMatchObject({ failureType: FAILURE_TYPE.NOT_A_CHANGE_RECORD, field });
    expect(failure.reason.startsWith(`${field}: expected`)).toBe(true);
  });

  it.each([
    ['missing orderId', { orderId: undefined }, 'dynamodb.NewImage.orderId', 'got nothing'],
    ['empty orderId', { orderId: { S: '' } }, 'dynamodb.NewImage.orderId', 'got ""'],
    ['orderId as a number', { orderId: { N: '1' } }, 'dynamodb.NewImage.orderId', 'got an object with N'],
    [
      'orderTotal too large for decimal(12,2)',
      { orderTotal: { N: '12345678901.5' } },
      'dynamodb.NewImage.orderTotal',
      'got "12345678901.5"',
    ],
    [
      'orderTotal with 3 decimals',
      { orderTotal: { N: '10.005' } },
      'dynamodb.NewImage.orderTotal',
      'got "10.005"',
    ],
    [
      'orderTotal of 20 digits',
      { orderTotal: { N: '12345678901234567890' } },
      'dynamodb.NewImage.orderTotal',
      'decimal(12,2)',
    ],
    [
      'orderTotal as text',
      { orderTotal: { S: '10.00' } },
      'dynamodb.NewImage.orderTotal',
      'a number attribute',
    ],
    ['version with a fraction', { version: { N: '1.5' } }, 'dynamodb.NewImage.version', 'got "1.5"'],
    ['version beyond 2^53', { version: { N: '90071992547409930' } }, 'dynamodb.NewImage.version', 'integer'],
    [
      'createdAt not a timestamp',
      { createdAt: { S: 'yesterday' } },
      'dynamodb.NewImage.createdAt',
      'got "yesterday"',
    ],
    ['items not a list', { items: { S: 'none' } }, 'dynamodb.NewImage.items', 'a list attribute'],
    ['status missing', { status: undefined }, 'dynamodb.NewImage.status', 'got nothing'],
  ])('%s: invalid order', (_case, patch, field, detail) => {
    const failure = failureOf(withNewImage(patch));
    expect(failure).toMatchObject({ failureType: FAILURE_TYPE.INVALID_ORDER, field });
    expect(failure.reason.startsWith(`${field}: expected`)).toBe(true);
    expect(failure.reason).toContain(detail);
  });

  it.each([
    ['a unitPrice with 3 decimals', { unitPrice: { N: '1.999' } }, 'dynamodb.NewImage.items[1].unitPrice'],
    ['a unitPrice too large', { unitPrice: { N: '99999999999' } }, 'dynamodb.NewImage.items[1].unitPrice'],
    ['a quantity of 0', { quantity: { N: '0' } }, 'dynamodb.NewImage.items[1].quantity'],
    ['a quantity beyond int', { quantity: { N: '3000000000' } }, 'dynamodb.NewImage.items[1].quantity'],
    ['a missing sku', { sku: undefined }, 'dynamodb.NewImage.items[1].sku'],
  ])('%s in the second item names the item', (_case, patch, field) => {
    const image = storedImage(exampleOrder());
    const items = (image['items'] as { L: { M: Record<string, unknown> }[] }).L;
    for (const [name, value] of Object.entries(patch)) {
      if (value === undefined) delete items[1]!.M[name];
      else items[1]!.M[name] = value;
    }
    const failure = failureOf(exampleStreamRecord({ eventName: 'INSERT', images: { newImage: image } }));
    expect(failure).toMatchObject({ failureType: FAILURE_TYPE.INVALID_ORDER, field });
  });

  it('fails a MODIFY whose OldImage status has the wrong type, naming it', () => {
    const oldImage = { ...storedImage(exampleOrder()), status: { N: '1' } };
    const failure = failureOf(
      exampleStreamRecord({
        eventName: 'MODIFY',
        images: { newImage: storedImage(exampleOrder()), oldImage },
      }),
    );
    expect(failure.field).toBe('dynamodb.OldImage.status');
  });

  it('fails a Kinesis-format record that came without a Kinesis sequence number', () => {
    const record = aFirehoseRecord(exampleKinesisRecord({ eventName: 'INSERT' }));
    delete record.kinesisRecordMetadata;
    const outcome = transformFirehoseEvent({ ...aFirehoseEvent([]), records: [record] });
    expect(outcome.failures[0]!.field).toBe('kinesisRecordMetadata.sequenceNumber');
  });

  it('fails a record whose data is not a string, answering with empty data', () => {
    const event = aFirehoseEvent([good()]);
    (event.records[0] as { data: unknown }).data = 42;
    const outcome = transformFirehoseEvent(event);
    expect(outcome.result.records[0]).toEqual({
      recordId: event.records[0]!.recordId,
      result: 'ProcessingFailed',
      data: '',
    });
  });

  it('never puts the customer e-mail into a reason', () => {
    const image = {
      ...storedImage(exampleOrder()),
      customerId: { S: 'ada.lovelace@example.com' },
      status: { N: '7' },
    };
    const failure = failureOf(exampleStreamRecord({ eventName: 'INSERT', images: { newImage: image } }));
    expect(failure.field).toBe('dynamodb.NewImage.status');
    const misplaced = failureOf(
      withNewImage({ country: { S: 'ada.lovelace@example.com', N: '1' }, currency: { N: '1' } }),
    );
    expect(JSON.stringify([failure, misplaced])).not.toContain('ada.lovelace@example.com');
    const emailAsOrderId = failureOf(withNewImage({ orderTotal: { N: 'ada.lovelace@example.com' } }));
    expect(emailAsOrderId.reason).toContain('<e-mail>');
    expect(emailAsOrderId.reason).not.toContain('ada.lovelace');
  });
});

describe('attributes the transformer does not know', () => {
  it('ignores 20-digit numbers, binaries, sets, maps and nulls, and keeps the row exact', () => {
    const extra = {
      loyaltyAccount: { N: '12345678901234567890' },
      fraudScore: { N: '0.1234567890123456789012345678901234567' },
      avatar: { B: 'AAECAwQ=' },
      tags: { SS: ['gift', 'express'] },
      lotteryNumbers: { NS: ['99999999999999999999999', '-1e-130'] },
      address: { M: { street: { S: 'Main St 1' }, zip: { N: '10115' } } },
      giftNote: { NULL: true as const },
      newsletter: { BOOL: false },
    };
    const record = exampleKinesisRecord({
      eventName: 'INSERT',
      images: { newImage: storedImage(exampleOrder(), extra) },
    });
    const response = processFirehoseEvent(aFirehoseEvent([record]));
    expect(response.records[0]!.result).toBe('Ok');
    const line = lineOf(response.records[0]!);
    for (const name of Object.keys(extra)) expect(line).not.toContain(name);
    expect(rowOf(response.records[0]!).order_total).toBe('259.85');
  });
});

describe('batches', () => {
  it('answers an empty batch with no records', () => {
    const outcome = transformFirehoseEvent(aFirehoseEvent([]));
    expect(outcome.result).toEqual({ records: [] });
    expect(outcome.summary).toMatchObject({ recordsIn: 0, ok: 0, failed: 0, responseBytes: 14 });
    expect(JSON.stringify(outcome.result).length).toBe(outcome.summary.responseBytes);
  });

  it('counts what happened, and measures the response exactly', () => {
    const event = aFirehoseEvent([
      good(),
      Buffer.from('nope'),
      exampleKinesisRecord({ eventName: 'MODIFY' }),
      exampleStreamRecord({ eventName: 'REMOVE' }),
    ]);
    const outcome = transformFirehoseEvent(event);
    expect(outcome.summary).toMatchObject({
      recordsIn: 4,
      ok: 3,
      failed: 1,
      overResponseLimit: 0,
      changeTypes: { insert: 1, update: 1, delete: 1 },
      partitions: { 'dt=2026-11-25/hour=10': 3 },
    });
    expect(outcome.summary.responseBytes).toBe(Buffer.byteLength(JSON.stringify(outcome.result)));
    expect(outcome.summary.inputDataBytes).toBe(event.records.reduce((sum, r) => sum + r.data.length, 0));
  });

  it('measures failed data that is not base64 exactly too', () => {
    const event = aFirehoseEvent([good(), good()]);
    event.records[1]!.data = 'not "base64" at all\n\u00e9';
    const outcome = transformFirehoseEvent(event);
    expect(outcome.result.records[1]).toMatchObject({
      result: 'ProcessingFailed',
      data: event.records[1]!.data,
    });
    expect(outcome.summary.responseBytes).toBe(Buffer.byteLength(JSON.stringify(outcome.result)));
  });

  it('answers duplicated record ids once each, as given (Firehose never sends them)', () => {
    const event = aFirehoseEvent([good(), good()]);
    event.records[1]!.recordId = event.records[0]!.recordId;
    expect(processFirehoseEvent(event).records).toHaveLength(2);
  });

  it.each([
    ['no records array', { invocationId: 'x' }, 'records'],
    ['a record without recordId', { records: [{ data: 'e30=' }] }, 'records[0].recordId'],
    ['a null record', { records: [null] }, 'records[0].recordId'],
  ])('throws InvalidFirehoseEventError for %s', (_case, event, field) => {
    const call = () => processFirehoseEvent(event as never);
    expect(call).toThrow(InvalidFirehoseEventError);
    expect(call).toThrow(`invalid Firehose event: ${field} is`);
  });
});
