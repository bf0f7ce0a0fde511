/**
 * A consumer that uses both `@types/aws-lambda` and this package, as published (the built `.d.ts`).
 * `tests/unit/aws-lambda-types.test.ts` compiles it with and without `exactOptionalPropertyTypes`;
 * every line below must compile in both, or the two packages' Firehose types have drifted apart.
 */
import {
  type FirehoseTransformationEvent,
  type FirehoseTransformationEventRecord,
  type FirehoseTransformationResult,
  type FirehoseTransformationResultRecord,
  type KinesisRecordMetadata,
  processFirehoseEvent,
} from '@org/cdc-transformer';
import { handler } from '@org/cdc-transformer/lambda';
import type * as Aws from 'aws-lambda';

declare const awsEvent: Aws.FirehoseTransformationEvent;
declare const awsResult: Aws.FirehoseTransformationResult;
declare const awsContext: Aws.Context;
declare const event: FirehoseTransformationEvent;
declare const result: FirehoseTransformationResult;

// The event and the result, each way, and their parts.
export const eventFromAws: FirehoseTransformationEvent = awsEvent;
export const eventToAws: Aws.FirehoseTransformationEvent = event;
export const resultFromAws: FirehoseTransformationResult = awsResult;
export const resultToAws: Aws.FirehoseTransformationResult = result;
export const eventRecordFromAws: FirehoseTransformationEventRecord = awsEvent.records[0]!;
export const eventRecordToAws: Aws.FirehoseTransformationEventRecord = event.records[0]!;
export const metadataFromAws: KinesisRecordMetadata = awsEvent.records[0]!.kinesisRecordMetadata!;
export const metadataToAws: Aws.FirehoseRecordMetadata = event.records[0]!.kinesisRecordMetadata!;
export const resultRecordFromAws: FirehoseTransformationResultRecord = awsResult.records[0]!;
export const resultRecordToAws: Aws.FirehoseTransformationResultRecord = result.records[0]!;

// An AWS-typed event straight into the core and into the handler; their answers as AWS's result.
export const coreAnswer: Aws.FirehoseTransformationResult = processFirehoseEvent(awsEvent);
export const coreAnswerWithOptions: Aws.FirehoseTransformationResult = processFirehoseEvent(awsEvent, {
  maxResponseBytes: undefined,
});
export const handlerAnswer: Promise<Aws.FirehoseTransformationResult> = handler(awsEvent, awsContext);

// The handler where an AWS Firehose transformation handler is expected.
export const asAwsHandler: Aws.FirehoseTransformationHandler = handler;
