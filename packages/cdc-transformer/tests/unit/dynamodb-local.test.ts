import { type DynamoDBLocal, startDynamoDBLocal } from '@org/dynamodb-local';
import { DynamoDBStreamChangeRecordSchema, LakeRowSchema } from '@org/order-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureStreamRecords, SAMPLE_ORDER } from '../../scripts/capture-stream-records';
import { processFirehoseEvent } from '../../src/index';
import { aFirehoseEvent, rowOf } from '../helpers/factories';

describe('records captured live from DynamoDB Local', () => {
  let local: DynamoDBLocal | undefined;
  let records: { dynamodb: { SequenceNumber: string } }[] = [];

  beforeAll(async () => {
    local = await startDynamoDBLocal();
    records = (await captureStreamRecords(local, 'OrdersRawTableLive')) as typeof records;
  });
  afterAll(async () => {
    await local?.stop();
  });

  it('are INSERT, MODIFY, REMOVE in the DynamoDB Streams wire format a Pipe forwards', () => {
    expect(records.map((record) => DynamoDBStreamChangeRecordSchema.parse(record).eventName)).toEqual([
      'INSERT',
      'MODIFY',
      'REMOVE',
    ]);
  });

  it('become insert, update and delete rows, exact and without the e-mail', () => {
    const response = processFirehoseEvent(aFirehoseEvent(records));
    expect(response.records.map((record) => record.result)).toEqual(['Ok', 'Ok', 'Ok']);
    const rows = response.records.map((record) => LakeRowSchema.parse(rowOf(record)));
    expect(rows.map((row) => [row.change_type, row.status, row.previous_status, row.version])).toEqual([
      ['insert', 'PLACED', null, 1],
      ['update', 'PAID', 'PLACED', 2],
      ['delete', 'PAID', 'PAID', 2],
    ]);
    expect(rows.map((row) => row.sequence)).toEqual(records.map((record) => record.dynamodb.SequenceNumber));
    for (const row of rows) {
      expect(row.order_id).toBe(SAMPLE_ORDER.orderId);
      expect(row.order_total).toBe(SAMPLE_ORDER.orderTotal);
      expect(row.items.map((item) => item.unit_price)).toEqual(
        SAMPLE_ORDER.items.map((item) => item.unitPrice),
      );
      // DynamoDB Local stamps changes to the minute; the real service to the second.
      expect(row.event_time).toMatch(/:00\.000Z$/);
      expect(JSON.stringify(row)).not.toContain(SAMPLE_ORDER.customerEmail);
    }
  });
});
