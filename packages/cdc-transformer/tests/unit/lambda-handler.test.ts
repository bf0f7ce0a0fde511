import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { exampleOrder, exampleStreamRecord, storedImage } from '@org/order-schema/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type FirehoseTransformationEvent,
  InvalidFirehoseEventError,
  METRIC,
  METRICS_SERVICE_DIMENSION,
  processFirehoseEvent,
} from '../../src/index';
import { createHandler, type FirehoseTransformationHandler } from '../../src/lambda';
import { aFirehoseEvent, aFirehoseRecord, aLambdaContext, loadEvent, rowOf } from '../helpers/factories';

type Json = Record<string, unknown>;

const EMAIL = 'ada.lovelace@example.com';

/**
 * Everything the handler writes (Powertools logs and EMF), one parsed JSON object per line. Powertools
 * writes warnings and errors to stderr, the rest to stdout; in Lambda both reach CloudWatch Logs.
 */
function captureStdout() {
  const lines: string[] = [];
  const collect = (chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(collect),
    vi.spyOn(process.stderr, 'write').mockImplementation(collect),
  ];
  return {
    raw: lines,
    json: () => lines.map((line) => JSON.parse(line) as Json),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

const emfBlobs = (lines: Json[]) => lines.filter((line) => '_aws' in line);
const logs = (lines: Json[]) => lines.filter((line) => !('_aws' in line));
const metricNames = (blob: Json) =>
  (
    (blob['_aws'] as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] }).CloudWatchMetrics[0]!
      .Metrics ?? []
  ).map((metric) => metric.Name);
const namespaceOf = (blob: Json) =>
  (blob['_aws'] as { CloudWatchMetrics: { Namespace: string }[] }).CloudWatchMetrics[0]!.Namespace;

/** The sample event plus one record that fails (no orderId) while carrying the customer's e-mail. */
function sampleEventWithAFailure(): FirehoseTransformationEvent {
  const event = loadEvent<FirehoseTransformationEvent>('firehose-event.json');
  const image = { ...storedImage(exampleOrder({ customerEmail: EMAIL })) };
  delete image['orderId'];
  const bad = aFirehoseRecord(exampleStreamRecord({ eventName: 'INSERT', images: { newImage: image } }), {
    recordId: 'bad-record',
  });
  return { ...event, records: [...event.records, bad] };
}

// Each test makes its handler with createHandler() after stubbing the environment: its own logger,
// metrics and cold start.
describe('the Lambda handler', () => {
  let stdout: ReturnType<typeof captureStdout>;
  beforeEach(() => {
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'OrdersPipelineTest');
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'orders-cdc');
    // Set by the Lambda runtime; Powertools reports a cold start only for on-demand environments.
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
  });
  afterEach(() => {
    stdout?.restore();
    vi.unstubAllEnvs();
  });

  it('returns exactly what the core returns for a real Firehose event', async () => {
    const handler = createHandler();
    const event = sampleEventWithAFailure();
    stdout = captureStdout();
    const result = await handler(event, aLambdaContext());
    stdout.restore();
    expect(result).toEqual(processFirehoseEvent(event));
    expect(result.records.map((record) => record.result)).toEqual([
      ...Array(7).fill('Ok'),
      'ProcessingFailed',
    ]);
  });

  it('publishes EMF metrics: records in/ok/failed, per change type, batch size, and a cold start once', async () => {
    const handler = createHandler();
    stdout = captureStdout();
    await handler(sampleEventWithAFailure(), aLambdaContext());
    await handler(sampleEventWithAFailure(), aLambdaContext({ awsRequestId: 'second' }));
    stdout.restore();
    const blobs = emfBlobs(stdout.json());
    expect(blobs.every((blob) => namespaceOf(blob) === 'OrdersPipelineTest')).toBe(true);

    const coldStarts = blobs.filter((blob) => metricNames(blob).includes('ColdStart'));
    expect(coldStarts).toHaveLength(1);
    expect(coldStarts[0]).toMatchObject({
      ColdStart: 1,
      function_name: 'orders-cdc-transformer',
      service: 'orders-cdc',
    });

    const batches = blobs.filter((blob) => metricNames(blob).includes('RecordsIn'));
    expect(batches).toHaveLength(2);
    expect(batches[0]).toMatchObject({
      service: 'orders-cdc',
      RecordsIn: 8,
      BatchSize: 8,
      RecordsOk: 7,
      RecordsFailed: 1,
      RecordsOverResponseLimit: 0,
      InsertRows: 2,
      UpdateRows: 3,
      DeleteRows: 2,
      SnapshotRows: 0,
    });
    expect(batches[0]!['BatchBytes']).toBeGreaterThan(10_000);
  });

  it('logs each failure with its reason and a batch summary, with the invocation id, never the e-mail', async () => {
    const handler = createHandler();
    const event = sampleEventWithAFailure();
    stdout = captureStdout();
    await handler(event, aLambdaContext());
    stdout.restore();
    const lines = logs(stdout.json());
    const failed = lines.filter((line) => line['message'] === 'record failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      level: 'WARN',
      service: 'orders-cdc',
      recordId: 'bad-record',
      failureType: 'invalid-order',
      field: 'dynamodb.NewImage.orderId',
      invocationId: event.invocationId,
      function_request_id: '3f6c1c7e-2b4a-4f7e-9a51-6d1e8f0b2c3d',
    });
    expect(failed[0]!['reason']).toMatch(/^dynamodb\.NewImage\.orderId: expected/);
    const summary = lines.find((line) => line['message'] === 'batch transformed');
    expect(summary).toMatchObject({
      level: 'INFO',
      recordsIn: 8,
      ok: 7,
      failed: 1,
      invocationId: event.invocationId,
    });
    expect(stdout.raw.join('\n')).not.toContain(EMAIL);
    expect(stdout.raw.join('\n')).not.toContain('@example.com');
  });

  it('logs at most 25 failures one by one and counts the rest', async () => {
    const handler = createHandler();
    const event = loadEvent<FirehoseTransformationEvent>('firehose-event.json');
    event.records = Array.from({ length: 30 }, (_, index) =>
      aFirehoseRecord(Buffer.from(`garbage ${index}`), { recordId: `r${index}` }),
    );
    stdout = captureStdout();
    const result = await handler(event, aLambdaContext());
    stdout.restore();
    expect(result.records).toHaveLength(30);
    const lines = logs(stdout.json());
    expect(lines.filter((line) => line['message'] === 'record failed')).toHaveLength(25);
    expect(lines.find((line) => line['message'] === 'more records failed')).toMatchObject({ notLogged: 5 });
  });

  it('rethrows a malformed event so that Firehose retries it, after logging and publishing metrics', async () => {
    const handler = createHandler();
    stdout = captureStdout();
    const failure = handler({ invocationId: 'broken' } as never, aLambdaContext());
    await expect(failure).rejects.toBeInstanceOf(InvalidFirehoseEventError);
    await expect(failure).rejects.toMatchObject({ field: 'records' });
    stdout.restore();
    const lines = stdout.json();
    expect(logs(lines).find((line) => line['level'] === 'ERROR')).toMatchObject({
      message: 'invocation failed',
    });
    expect(emfBlobs(lines).find((blob) => metricNames(blob).includes('RecordsIn'))).toMatchObject({
      RecordsIn: 0,
    });
  });

  it('writes debug logs (rows per partition) when the invocation is sampled', async () => {
    vi.stubEnv('POWERTOOLS_LOGGER_SAMPLE_RATE', '1');
    stdout = captureStdout();
    const handler = createHandler();
    await handler(loadEvent<FirehoseTransformationEvent>('firehose-event.json'), aLambdaContext());
    stdout.restore();
    const debug = logs(stdout.json()).find((line) => line['message'] === 'rows per partition');
    expect(debug).toMatchObject({ level: 'DEBUG' });
    expect(Object.values(debug!['partitions'] as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(7);
  });

  it('writes no debug logs when the invocation is not sampled', async () => {
    vi.stubEnv('POWERTOOLS_LOGGER_SAMPLE_RATE', '0');
    const handler = createHandler();
    stdout = captureStdout();
    await handler(loadEvent<FirehoseTransformationEvent>('firehose-event.json'), aLambdaContext());
    stdout.restore();
    expect(logs(stdout.json()).some((line) => line['level'] === 'DEBUG')).toBe(false);
  });

  it('uses the CdcSalesPipeline namespace when POWERTOOLS_METRICS_NAMESPACE is not set', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', '');
    const handler = createHandler();
    stdout = captureStdout();
    await handler(loadEvent<FirehoseTransformationEvent>('firehose-event.json'), aLambdaContext());
    stdout.restore();
    const blobs = emfBlobs(stdout.json());
    expect(blobs.length).toBeGreaterThan(0);
    expect(blobs.every((blob) => namespaceOf(blob) === 'CdcSalesPipeline')).toBe(true);
  });

  it('takes a millisecond Kinesis record without a precision field, keys in the order real ones have', async () => {
    const records = loadEvent<Record<string, unknown>[]>('kinesis-data-streams-records.json');
    const withoutField = records.filter(
      (record) => !('ApproximateCreationDateTimePrecision' in (record['dynamodb'] as Json)),
    );
    const millis = withoutField.find(
      (record) => ((record['dynamodb'] as Json)['ApproximateCreationDateTime'] as number) < 1e13,
    )!;
    // As in public captures (Powertools' kinesis/dynamodb-stream.json test event decodes to this order).
    expect(Object.keys(millis)).toEqual([
      'awsRegion',
      'eventID',
      'eventName',
      'userIdentity',
      'recordFormat',
      'tableName',
      'dynamodb',
      'eventSource',
    ]);
    expect(Object.keys(millis['dynamodb'] as Json)).toEqual([
      'ApproximateCreationDateTime',
      'Keys',
      'NewImage',
      'OldImage',
      'SizeBytes',
    ]);

    const handler = createHandler();
    stdout = captureStdout();
    const result = await handler(aFirehoseEvent([millis]), aLambdaContext());
    stdout.restore();
    expect(result.records[0]).toMatchObject({
      result: 'Ok',
      metadata: { partitionKeys: { dt: '2026-11-25', hour: '10' } },
    });
    expect(rowOf(result.records[0]!)).toMatchObject({
      event_time: '2026-11-25T10:45:30.789Z',
      change_type: 'update',
      status: 'SHIPPED',
      previous_status: 'PAID',
      version: 3,
    });
  });

  async function emfOf(handler: FirehoseTransformationHandler) {
    stdout = captureStdout();
    await handler(sampleEventWithAFailure(), aLambdaContext());
    stdout.restore();
    return stdout.json();
  }

  it('publishes RecordsFailed in the namespace and under the service dimension it is given', async () => {
    const lines = await emfOf(createHandler({ serviceName: 'orders-cdc', namespace: 'Sales/Orders' }));
    const batch = emfBlobs(lines).find((blob) => metricNames(blob).includes(METRIC.RECORDS_FAILED))!;
    expect(namespaceOf(batch)).toBe('Sales/Orders');
    const directive = (batch['_aws'] as { CloudWatchMetrics: { Dimensions: string[][] }[] })
      .CloudWatchMetrics[0]!;
    // What the construct's alarm names: exactly the one service dimension.
    expect(directive.Dimensions).toEqual([[METRICS_SERVICE_DIMENSION]]);
    expect(batch).toMatchObject({ [METRICS_SERVICE_DIMENSION]: 'orders-cdc', [METRIC.RECORDS_FAILED]: 1 });
    expect(logs(lines).find((line) => line['message'] === 'batch transformed')).toMatchObject({
      service: 'orders-cdc',
    });
  });

  it('reports through the logger and metrics it is given', async () => {
    const logger = new Logger({ serviceName: 'given-logger' });
    const metrics = new Metrics({ namespace: 'GivenNamespace', serviceName: 'given-metrics' });
    const lines = await emfOf(createHandler({ logger, metrics }));
    expect(emfBlobs(lines).every((blob) => namespaceOf(blob) === 'GivenNamespace')).toBe(true);
    expect(emfBlobs(lines).find((blob) => metricNames(blob).includes('RecordsIn'))).toMatchObject({
      service: 'given-metrics',
    });
    expect(logs(lines).find((line) => line['message'] === 'record failed')).toMatchObject({
      service: 'given-logger',
    });
  });

  it('exports a handler that reads the environment on its first call, not at import, and only once', async () => {
    vi.resetModules();
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'AtImport');
    const { handler } = await import('../../src/lambda');
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'AtFirstCall');
    const first = await emfOf(handler);
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'AtSecondCall');
    const second = await emfOf(handler);
    expect(emfBlobs([...first, ...second]).map(namespaceOf)).toEqual(
      Array(emfBlobs([...first, ...second]).length).fill('AtFirstCall'),
    );
    expect(emfBlobs(first).some((blob) => metricNames(blob).includes('ColdStart'))).toBe(true);
    expect(emfBlobs(second).some((blob) => metricNames(blob).includes('ColdStart'))).toBe(false);
  });
});
