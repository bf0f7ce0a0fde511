import {
  FIREHOSE_RESULT,
  type FirehoseTransformationEvent,
  type FirehoseTransformationResultRecord,
} from '@org/cdc-transformer';
import { InvocationFailedError } from '../errors';
import { FIREHOSE_ERROR_CODE, FIREHOSE_LIMITS } from './constants';

const RESULTS = new Set<string>(Object.values(FIREHOSE_RESULT));

/** A response record that passed the check, so with its data. */
export type CheckedResultRecord = FirehoseTransformationResultRecord & { data: string };

/**
 * Checks a transformation response as Firehose does and returns its records in input order: every
 * input recordId exactly once, a known result, base64 data, and at most 6 MB in all. Anything else
 * fails the whole invocation (which Firehose then retries).
 */
export function checkTransformationResponse(
  event: FirehoseTransformationEvent,
  response: unknown,
): CheckedResultRecord[] {
  const records = (response as { records?: unknown } | null | undefined)?.records;
  if (!Array.isArray(records)) {
    throw new InvocationFailedError(
      FIREHOSE_ERROR_CODE.INVALID_RESPONSE,
      'the response has no records array',
    );
  }
  const byId = new Map<string, CheckedResultRecord>();
  let size = 0;
  for (const record of records as CheckedResultRecord[]) {
    if (
      typeof record?.recordId !== 'string' ||
      !RESULTS.has(record.result) ||
      typeof record.data !== 'string'
    ) {
      throw new InvocationFailedError(
        FIREHOSE_ERROR_CODE.INVALID_RESPONSE,
        `invalid response record ${JSON.stringify(record)?.slice(0, 200)}`,
      );
    }
    if (byId.has(record.recordId)) {
      throw new InvocationFailedError(
        FIREHOSE_ERROR_CODE.DUPLICATED_RECORD_ID,
        `recordId ${record.recordId} appears more than once`,
      );
    }
    byId.set(record.recordId, record);
    size += record.recordId.length + record.data.length + 64;
  }
  if (size > FIREHOSE_LIMITS.maxInvokePayloadBytes) {
    throw new InvocationFailedError(
      FIREHOSE_ERROR_CODE.RESPONSE_TOO_LARGE,
      `response of about ${size} bytes exceeds ${FIREHOSE_LIMITS.maxInvokePayloadBytes}`,
    );
  }
  const ordered: CheckedResultRecord[] = [];
  for (const input of event.records) {
    const output = byId.get(input.recordId);
    if (!output) {
      throw new InvocationFailedError(
        FIREHOSE_ERROR_CODE.MISSING_RECORD_ID,
        `recordId ${input.recordId} is missing from the response`,
      );
    }
    byId.delete(input.recordId);
    ordered.push(output);
  }
  if (byId.size > 0) {
    throw new InvocationFailedError(
      FIREHOSE_ERROR_CODE.INVALID_RESPONSE,
      `the response has recordIds that were not sent: ${[...byId.keys()].slice(0, 3).join(', ')}`,
    );
  }
  return ordered;
}
