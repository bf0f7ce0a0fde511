import { describe, expect, it } from 'vitest';
import { firehoseBatch } from '../../bench/batch';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  FAILURE_TYPE,
  type FirehoseTransformationEvent,
  transformFirehoseEvent,
} from '../../src/index';
import { aFirehoseEvent } from '../helpers/factories';

const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

function expectEveryRecordIdOnce(event: FirehoseTransformationEvent, ids: string[]) {
  expect(ids).toEqual(event.records.map((record) => record.recordId));
  expect(new Set(ids).size).toBe(event.records.length);
}

/** A request of about `targetBytes` of minimal Keys-only REMOVE records. */
function keysOnlyDeletes(targetBytes: number): FirehoseTransformationEvent {
  const payloads: unknown[] = [];
  let event = aFirehoseEvent([]);
  while (bytesOf(event) < targetBytes - 300_000) {
    for (let index = 0; index < 500; index++) {
      const n = payloads.length;
      payloads.push({
        eventID: `e${n}`,
        eventName: 'REMOVE',
        dynamodb: {
          ApproximateCreationDateTime: 1_795_601_730,
          Keys: { orderId: { S: `o${n}` } },
          SequenceNumber: `${n}`,
        },
      });
    }
    event = aFirehoseEvent(payloads);
  }
  return event;
}

describe('the 6 MB response limit', () => {
  it('answers a realistic 6 MB batch with every record Ok and a response under the limit', () => {
    const event = firehoseBatch(6_000_000);
    expect(bytesOf(event)).toBeGreaterThan(5_900_000);
    const outcome = transformFirehoseEvent(event);
    expectEveryRecordIdOnce(
      event,
      outcome.result.records.map((record) => record.recordId),
    );
    expect(outcome.summary.ok).toBe(event.records.length);
    const responseBytes = bytesOf(outcome.result);
    expect(responseBytes).toBe(outcome.summary.responseBytes);
    expect(responseBytes).toBeLessThanOrEqual(DEFAULT_MAX_RESPONSE_BYTES);
  });

  it('returns rows that would overflow as ProcessingFailed with their original data', () => {
    // Keys-only deletes are tiny on the way in and full rows on the way out: a 6 MB request of them
    // would need about 7.8 MB of Ok response.
    const event = keysOnlyDeletes(5_950_000);
    expect(bytesOf(event)).toBeLessThan(6_291_456);

    const outcome = transformFirehoseEvent(event);
    const records = outcome.result.records;
    expectEveryRecordIdOnce(
      event,
      records.map((record) => record.recordId),
    );
    const responseBytes = bytesOf(outcome.result);
    expect(responseBytes).toBe(outcome.summary.responseBytes);
    expect(responseBytes).toBeLessThanOrEqual(DEFAULT_MAX_RESPONSE_BYTES);

    const failedIndexes = records.flatMap((record, index) =>
      record.result === 'ProcessingFailed' ? [index] : [],
    );
    expect(outcome.summary.ok).toBeGreaterThan(0);
    expect(failedIndexes.length).toBeGreaterThan(0);
    expect(outcome.summary.overResponseLimit).toBe(failedIndexes.length);
    for (const index of failedIndexes) expect(records[index]!.data).toBe(event.records[index]!.data);
    expect(new Set(outcome.failures.map((failure) => failure.failureType))).toEqual(
      new Set([FAILURE_TYPE.RESPONSE_SIZE_LIMIT]),
    );
    // The budget is used, not wasted: one more Ok row (~700 bytes) would not have fitted.
    expect(responseBytes).toBeGreaterThan(DEFAULT_MAX_RESPONSE_BYTES - 1_000);
  });

  it('honours a smaller maxResponseBytes in the same way', () => {
    const event = keysOnlyDeletes(1_000_000);
    const outcome = transformFirehoseEvent(event, { maxResponseBytes: 1_100_000 });
    const responseBytes = bytesOf(outcome.result);
    expect(responseBytes).toBeLessThanOrEqual(1_100_000);
    expect(outcome.summary.ok).toBeGreaterThan(0);
    expect(outcome.summary.failed).toBe(outcome.summary.overResponseLimit);
    expect(outcome.summary.ok + outcome.summary.failed).toBe(event.records.length);
  });
});
