import type {
  FirehoseTransformationEvent,
  FirehoseTransformationMetadata,
  FirehoseTransformationResult,
  FirehoseTransformationResultRecord,
} from '../src/index';

/** What the floor writes per record: the row the transformer produced, and its partition keys. */
export interface FloorOutput {
  rows: unknown[];
  partitionKeys: FirehoseTransformationMetadata['partitionKeys'][];
}

/**
 * The least any JSON-in/JSON-out transformer must do: per record, base64-decode and JSON.parse the input,
 * then JSON.stringify and base64-encode the (precomputed) row, in the same response shape.
 */
export function floorTransform(
  event: FirehoseTransformationEvent,
  output: FloorOutput,
): FirehoseTransformationResult {
  const records = event.records;
  const out: FirehoseTransformationResultRecord[] = new Array(records.length);
  let sink = 0;
  for (let index = 0; index < records.length; index++) {
    const record = records[index]!;
    const parsed = JSON.parse(Buffer.from(record.data, 'base64').toString('utf8')) as { eventID?: string };
    sink += parsed.eventID?.length ?? 0;
    out[index] = {
      recordId: record.recordId,
      result: 'Ok',
      data: Buffer.from(`${JSON.stringify(output.rows[index])}\n`, 'utf8').toString('base64'),
      metadata: { partitionKeys: output.partitionKeys[index]! },
    };
  }
  if (sink < 0) throw new Error('unreachable');
  return { records: out };
}
