import { describe, expect, it } from 'vitest';
import {
  CdcTransformerError,
  FAILURE_TYPE,
  InvalidFirehoseEventError,
  InvalidOrderAttributeError,
  NotAChangeRecordError,
  RecordRejectedError,
  ResponseSizeLimitError,
  UndecodableDataError,
  UnexpectedRecordError,
} from '../../src/index';

describe('errors', () => {
  it.each([
    [
      new InvalidFirehoseEventError('records', undefined),
      'InvalidFirehoseEventError',
      'invalid Firehose event: records is nothing',
    ],
    [new UndecodableDataError(12), 'UndecodableDataError', 'data: not base64 of JSON (12 base64 characters)'],
    [
      new NotAChangeRecordError('eventName', 'INSERT, MODIFY or REMOVE', 'UPSERT'),
      'NotAChangeRecordError',
      'eventName: expected INSERT, MODIFY or REMOVE (got "UPSERT")',
    ],
    [
      new InvalidOrderAttributeError('dynamodb.NewImage.items', 'a list attribute {"L": […]}', {
        S: 'x',
        N: '1',
      }),
      'InvalidOrderAttributeError',
      'dynamodb.NewImage.items: expected a list attribute {"L": […]} (got an object with S, N)',
    ],
    [
      new ResponseSizeLimitError(6_000_000),
      'ResponseSizeLimitError',
      'records: the response would exceed 6000000 bytes; returned as failed with its original data',
    ],
    [
      new UnexpectedRecordError(new TypeError('boom')),
      'UnexpectedRecordError',
      'unexpected failure: TypeError: boom',
    ],
  ])('%s has its name and a message naming the field', (error, name, message) => {
    expect(error).toBeInstanceOf(CdcTransformerError);
    expect(error.name).toBe(name);
    expect(error.message).toBe(message);
  });

  it('classifies rejected records by failure type and field', () => {
    const error = new InvalidOrderAttributeError(
      'dynamodb.NewImage.orderTotal',
      'a decimal(12,2) number',
      '1e99',
    );
    expect(error).toBeInstanceOf(RecordRejectedError);
    expect(error.failureType).toBe(FAILURE_TYPE.INVALID_ORDER);
    expect(error.field).toBe('dynamodb.NewImage.orderTotal');
  });

  it('describes values briefly and masks e-mail addresses', () => {
    const long = new NotAChangeRecordError('eventID', 'a non-empty string', 'x'.repeat(500));
    expect(long.message.length).toBeLessThan(150);
    expect(long.message).toContain('…');
    expect(new NotAChangeRecordError('eventID', 'a non-empty string', [1, 2]).message).toContain(
      'got an array of 2',
    );
    const masked = new UnexpectedRecordError(new Error('bad value ada@example.com here'));
    expect(masked.message).toBe('unexpected failure: Error: bad value <e-mail> here');
  });
});
