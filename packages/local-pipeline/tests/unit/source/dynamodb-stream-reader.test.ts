import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBStreamChangeRecordSchema } from '@org/order-schema';
import { describe, expect, it } from 'vitest';
import { toWireStreamRecord } from '../../../src/source/dynamodb-stream-reader';

const STREAM_ARN =
  'arn:aws:dynamodb:eu-west-1:123456789012:table/OrdersRawTable/stream/2026-11-25T10:00:00.000';

/**
 * A delete by Time to Live as GetRecords returns it through the SDK: the identity DynamoDB documents
 * for such deletes (`type` "Service", `principalId` "dynamodb.amazonaws.com",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html),
 * with the SDK's field names and the time as a Date.
 */
function aTtlDelete(streamViewType: string): _Record {
  return {
    eventID: 'c81e728d9d4c2f636f067f89cc14862c',
    eventName: 'REMOVE',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    dynamodb: {
      ApproximateCreationDateTime: new Date('2026-11-25T10:15:30.000Z'),
      Keys: { orderId: { S: 'ord-000001' } },
      OldImage: { orderId: { S: 'ord-000001' }, version: { N: '3' } },
      SequenceNumber: '111100000000012345678901',
      SizeBytes: 58,
      StreamViewType: streamViewType as never,
    },
    userIdentity: { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' },
  };
}

describe('toWireStreamRecord', () => {
  it('keeps a TTL delete as DynamoDB sent it: userIdentity in wire form, its StreamViewType', () => {
    const wire = toWireStreamRecord(aTtlDelete('NEW_AND_OLD_IMAGES'), STREAM_ARN);
    expect(wire).toEqual({
      eventID: 'c81e728d9d4c2f636f067f89cc14862c',
      eventName: 'REMOVE',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-west-1',
      dynamodb: {
        ApproximateCreationDateTime: 1_795_601_730,
        Keys: { orderId: { S: 'ord-000001' } },
        OldImage: { orderId: { S: 'ord-000001' }, version: { N: '3' } },
        SequenceNumber: '111100000000012345678901',
        SizeBytes: 58,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
      eventSourceARN: STREAM_ARN,
    });
    // The order of a Pipe-forwarded record: userIdentity after dynamodb, before eventSourceARN.
    expect(Object.keys(wire)).toEqual([
      'eventID',
      'eventName',
      'eventVersion',
      'eventSource',
      'awsRegion',
      'dynamodb',
      'userIdentity',
      'eventSourceARN',
    ]);
    expect(DynamoDBStreamChangeRecordSchema.parse(JSON.parse(JSON.stringify(wire)))).toMatchObject({
      userIdentity: { type: 'Service' },
    });
  });

  it.each(['KEYS_ONLY', 'OLD_IMAGE'])('keeps the stream view type %s', (viewType) => {
    expect(toWireStreamRecord(aTtlDelete(viewType), STREAM_ARN).dynamodb.StreamViewType).toBe(viewType);
  });

  it('adds no userIdentity to a change a client made', () => {
    const { userIdentity: _identity, ...byClient } = aTtlDelete('NEW_AND_OLD_IMAGES');
    expect(toWireStreamRecord(byClient, STREAM_ARN)).not.toHaveProperty('userIdentity');
  });
});
