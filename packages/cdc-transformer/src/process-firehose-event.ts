import { transformFirehoseEvent } from './transform-firehose-event';
import type { FirehoseTransformationEvent, FirehoseTransformationResult, ProcessOptions } from './types';

/**
 * The Firehose transformation: each DynamoDB change record → one lake row (Ok) or ProcessingFailed with
 * its original data. Pure and synchronous (no AWS SDK, no I/O). See `transformFirehoseEvent` for the
 * per-record reasons and counts.
 *
 * @example
 * const response = processFirehoseEvent(event);
 * // { records: [{ recordId, result: 'Ok', data: base64(row JSON + '\n'), metadata: { partitionKeys: { dt, hour } } }] }
 */
export function processFirehoseEvent(
  event: FirehoseTransformationEvent,
  options?: ProcessOptions,
): FirehoseTransformationResult {
  return transformFirehoseEvent(event, options).result;
}
