import { describe, expect, it } from 'vitest';
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from '../../src/types';
import { packEvent, packResult, unpackEvent, unpackResult } from '../../src/worker-message';

const event: FirehoseTransformationEvent = {
  invocationId: '4f6d2c1e-0000-4000-8000-000000000001',
  deliveryStreamArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/orders-cdc',
  sourceKinesisStreamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders-changes',
  region: 'eu-west-1',
  records: [0, 1, 2].map((index) => ({
    recordId: `49000${index}`,
    approximateArrivalTimestamp: 1_764_065_730_123 + index,
    data: Buffer.from(`{"n":${index}}`).toString('base64'),
    kinesisRecordMetadata: {
      shardId: `shardId-00000000000${index}`,
      partitionKey: index === 1 ? 'ord-\n"odd"' : `ord-00000${index}`,
      approximateArrivalTimestamp: 1_764_065_730_100 + index,
      sequenceNumber: `4900${index}`,
      subsequenceNumber: 0,
    },
  })),
};

describe('worker messages', () => {
  it('rebuilds the transformation event exactly', () => {
    expect(unpackEvent(structuredClone(packEvent(event)))).toEqual(event);
  });

  it('rebuilds a transformation response exactly, with and without metadata', () => {
    const response: FirehoseTransformationResult = {
      records: [
        {
          recordId: 'a',
          result: 'Ok',
          data: 'eA==',
          metadata: { partitionKeys: { dt: '2026-11-25', hour: '10' } },
        },
        { recordId: 'b', result: 'ProcessingFailed', data: 'eQ==' },
        { recordId: 'c', result: 'Dropped', data: '' },
      ],
    };
    const packed = packResult(response);
    expect(packed).toBeDefined();
    expect(unpackResult(structuredClone(packed!))).toEqual(response);
  });

  it.each([
    ['no records array', { records: 'x' }],
    ['a record without data', { records: [{ recordId: 'a', result: 'Ok' }] }],
    ['a record that is null', { records: [null] }],
    ['metadata that is not an object', { records: [{ recordId: 'a', result: 'Ok', data: '', metadata: 3 }] }],
    ['no response', undefined],
  ])('leaves a response with %s to be sent as it is', (_, response) => {
    expect(packResult(response)).toBeUndefined();
  });
});
