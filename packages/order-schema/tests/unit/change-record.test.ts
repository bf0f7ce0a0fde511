import { describe, expect, it } from 'vitest';
import * as main from '../../src/index';
import {
  ChangeRecordSchema,
  DynamoDBStreamChangeRecordSchema,
  KinesisDynamoDBChangeRecordSchema,
  OrderSchemaError,
  parseChangeRecord,
  parseWith,
} from '../../src/index';
import * as sql from '../../src/sql/index';
import * as testing from '../../src/testing/index';
import {
  changeImages,
  exampleKinesisRecord,
  exampleOrder,
  exampleStreamRecord,
  storedImage,
  storedNumberText,
} from '../../src/testing/index';

describe('change record builders', () => {
  it.each(['INSERT', 'MODIFY', 'REMOVE'] as const)(
    'build valid %s records in both wire formats',
    (eventName) => {
      const stream = exampleStreamRecord({ eventName });
      const kinesis = exampleKinesisRecord({ eventName, precision: null });
      expect(DynamoDBStreamChangeRecordSchema.parse(stream)).toEqual(stream);
      expect(KinesisDynamoDBChangeRecordSchema.parse(kinesis)).toEqual(kinesis);
      expect(kinesis.dynamodb).not.toHaveProperty('ApproximateCreationDateTimePrecision');
      expect(KinesisDynamoDBChangeRecordSchema.safeParse(stream).success).toBe(false);
      expect(DynamoDBStreamChangeRecordSchema.safeParse(kinesis).success).toBe(false);
    },
  );

  it('carry the images of the change of the given order, or the images given', () => {
    const order = exampleOrder({ orderId: 'ord-000777', status: 'PAID', version: 2 });
    const modify = exampleStreamRecord({ eventName: 'MODIFY', order });
    expect(modify.dynamodb.Keys).toEqual({ orderId: { S: 'ord-000777' } });
    expect(modify.dynamodb.NewImage).toEqual(storedImage(order));
    expect(modify.dynamodb.OldImage).toMatchObject({ status: { S: 'PLACED' }, version: { N: '1' } });
    expect(changeImages('REMOVE', order)).toEqual({ oldImage: storedImage(order) });
    const keysOnly = exampleKinesisRecord({ eventName: 'REMOVE', images: {} });
    expect(Object.keys(keysOnly.dynamodb)).toEqual([
      'ApproximateCreationDateTime',
      'Keys',
      'SizeBytes',
      'ApproximateCreationDateTimePrecision',
    ]);
  });

  it('write numbers as DynamoDB returns them', () => {
    expect(['129.90', '20.00', '0.05', '2', '100'].map(storedNumberText)).toEqual([
      '129.9',
      '20',
      '0.05',
      '2',
      '100',
    ]);
  });
});

describe('change record schemas', () => {
  it('accept a delete by Time to Live, with its user identity, in both wire formats', () => {
    const ttl = { type: 'Service', principalId: 'dynamodb.amazonaws.com' };
    const stream = { ...exampleStreamRecord({ eventName: 'REMOVE' }), userIdentity: ttl };
    const kinesis = { ...exampleKinesisRecord({ eventName: 'REMOVE' }), userIdentity: ttl };
    expect(parseChangeRecord(stream).userIdentity).toEqual(ttl);
    expect(parseChangeRecord(kinesis).userIdentity).toEqual(ttl);
  });

  it('name a stream view type that DynamoDB does not have', () => {
    const record = exampleStreamRecord();
    const bad = { ...record, dynamodb: { ...record.dynamodb, StreamViewType: 'ALL' } };
    expect(ChangeRecordSchema.safeParse(bad).success).toBe(false);
    expect(() => parseChangeRecord(bad)).toThrow(OrderSchemaError);
    expect(() => parseWith(DynamoDBStreamChangeRecordSchema, bad, 'stream record')).toThrow(
      'dynamodb.StreamViewType: Invalid option',
    );
  });
});

describe('entry points', () => {
  it('keep SQL and test builders off the main entry: it shares no name with /sql or /testing', () => {
    const subpathNames = [...Object.keys(sql), ...Object.keys(testing)];
    expect(subpathNames).toContain('exampleOrder');
    expect(subpathNames.filter((name) => name in main)).toEqual([]);
  });
});
