import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DynamoDBStreamChangeRecordSchema,
  KinesisDynamoDBChangeRecordSchema,
  parseLakeRow,
} from '@org/order-schema';
import { afterAll, describe, expect, it } from 'vitest';
import type { QueryResult } from '../../src/analytics/analytics';
import { realTransformationHandler } from '../../src/firehose/transformation-handler';
import type { ReportData } from '../../src/report/report-html';
import { runLocalPipeline } from '../../src/run-local-pipeline';
import type { RunSummary } from '../../src/run-summary';
import { errorRecords, filesUnder, jsonLines, sourceState } from '../helpers/lake-files';
import { ordersNowByStatus, revenueByDayAndCountry } from '../helpers/reference';

const root = mkdtempSync(join(tmpdir(), 'cdc-local-e2e-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ORDERS = 120;

function reportData(outDir: string): ReportData {
  const html = readFileSync(join(outDir, 'report.html'), 'utf8');
  const json = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
  return JSON.parse(json ?? 'null') as ReportData;
}

describe.each([
  { capture: 'eventbridge-pipe', format: 'json', chaos: false },
  { capture: 'eventbridge-pipe', format: 'json', chaos: true },
  { capture: 'eventbridge-pipe', format: 'parquet', chaos: false },
  { capture: 'eventbridge-pipe', format: 'parquet', chaos: true },
  { capture: 'kinesis-destination', format: 'json', chaos: false },
  { capture: 'kinesis-destination', format: 'json', chaos: true },
  { capture: 'kinesis-destination', format: 'parquet', chaos: false },
  { capture: 'kinesis-destination', format: 'parquet', chaos: true },
] as const)('capture $capture, format $format, chaos $chaos', ({ capture, format, chaos }) => {
  const outDir = join(root, `${capture}-${format}-${chaos}`);
  let summary: RunSummary;

  it('runs end to end with no reconciliation difference', async () => {
    summary = await runLocalPipeline({ orders: ORDERS, seed: 7, outDir, capture, format, chaos });
    expect(summary.reconciliation).toMatchObject({ missing: 0, extra: 0, mismatched: 0, differences: 0 });
    expect(summary.ok).toBe(true);
    expect(summary.reconciliation.matched).toBe(summary.reconciliation.sourceOrders);
    expect(summary.changes.insert).toBe(ORDERS);
    expect(summary.changes.total).toBe(
      summary.changes.insert + summary.changes.update + summary.changes.delete,
    );
    expect(summary.firehose.recordsIn).toBe(summary.stream.recordsPut);
    expect(summary.firehose.ok + summary.firehose.processingFailed + summary.firehose.dropped).toBe(
      summary.firehose.recordsIn,
    );
    expect(summary.firehose.maxInvokePayloadBytes).toBeLessThanOrEqual(6 * 1024 * 1024);
  });

  it('writes partitioned lake objects in the chosen format, one valid row per line', () => {
    const files = filesUnder(join(outDir, 'lake', 'orders_changes'));
    expect(files.length).toBe(summary.lake.files);
    for (const file of files) {
      expect(file).toMatch(
        /lake\/orders_changes\/dt=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/orders-cdc-1-[\d-]+-[0-9a-f-]{36}\.(gz|parquet)$/,
      );
      expect(file.endsWith(format === 'json' ? '.gz' : '.parquet')).toBe(true);
    }
    if (format === 'json') {
      const rows = files.flatMap((file) => jsonLines<Record<string, unknown>>(file));
      expect(rows.length).toBe(summary.lake.rows);
      for (const row of rows) {
        const parsed = parseLakeRow(row);
        expect(parsed).not.toHaveProperty('customer_email');
        expect(JSON.stringify(row)).not.toMatch(/@/);
      }
    }
  });

  it('delivers duplicates, garbage and a retried invocation only with chaos', () => {
    const failed = errorRecords(outDir);
    if (!chaos) {
      expect(summary.stream).toMatchObject({ duplicates: 0, garbage: 0 });
      expect(summary.firehose.retries).toBe(0);
      expect(failed).toHaveLength(0);
      expect(summary.lake.rows).toBe(summary.changes.total);
      return;
    }
    expect(summary.stream.duplicates).toBeGreaterThan(0);
    expect(summary.stream.garbage).toBeGreaterThanOrEqual(3);
    expect(summary.firehose.retries).toBe(1);
    expect(summary.firehose.failedInvocations).toBe(0);
    expect(summary.lake.rows).toBe(summary.changes.total + summary.stream.duplicates);
    // Each garbage record sits in errors/processing-failed/ in Firehose's error-record shape, original bytes kept.
    expect(failed).toHaveLength(summary.stream.garbage);
    const raw = failed.map((record) => Buffer.from(record.rawData, 'base64').toString('utf8'));
    expect(raw).toContain('garbage-0: not a change record');
    expect(raw.some((text) => text.includes('"eventName":"UPSERT"'))).toBe(true);
    for (const record of failed) {
      expect(record).toMatchObject({ errorCode: 'Lambda.ProcessingFailedStatus', attemptsMade: 1 });
      expect(typeof record.arrivalTimestamp).toBe('number');
      expect(record.lambdaArn).toMatch(/^arn:aws:lambda:/);
    }
  });

  it('gives DuckDB answers equal to a reference computed from source-state.jsonl', () => {
    const orders = sourceState(outDir);
    expect(orders.length).toBe(summary.reconciliation.sourceOrders);
    const analytics = JSON.parse(readFileSync(join(outDir, 'analytics.json'), 'utf8')) as QueryResult[];
    const byId = Object.fromEntries(analytics.map((result) => [result.id, result]));
    expect(byId['revenue-by-day-and-country']?.rows).toEqual(revenueByDayAndCountry(orders));
    const now = Object.fromEntries(
      (byId['status-funnel']?.rows ?? [])
        .filter((row) => row['orders_now'] !== '0')
        .map((row) => [row['status'], row['orders_now']]),
    );
    expect(now).toEqual(ordersNowByStatus(orders));
    const changes = (byId['changes-per-hour-by-type']?.rows ?? []).reduce(
      (sum, row) => sum + Number(row['changes']),
      0,
    );
    expect(changes).toBe(summary.changes.total);
  });

  it('writes summary.json and a report whose embedded data holds every chart', () => {
    expect(JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8'))).toEqual(summary);
    const data = reportData(outDir);
    expect(data.summary.reconciliation.differences).toBe(0);
    expect(data.charts.changesPerMinute.length).toBeGreaterThan(0);
    expect(data.charts.revenueByCountryAndChannel.length).toBeGreaterThan(0);
    expect(data.charts.statusFunnel.length).toBeGreaterThan(0);
    const html = readFileSync(join(outDir, 'report.html'), 'utf8');
    for (const chart of [
      'changes-per-minute',
      'revenue-by-country-and-channel',
      'status-funnel',
      'reconciliation',
    ]) {
      expect(html).toContain(`data-chart="${chart}"`);
    }
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });
});

describe('capture formats on the stream', () => {
  it('puts records in the wire format of the capture mode and Kinesis precision, each run reconciling', async () => {
    const variants = {
      pipe: { capture: 'eventbridge-pipe' },
      'kinesis-ms': { capture: 'kinesis-destination', kinesisPrecision: 'ms' },
      'kinesis-us': { capture: 'kinesis-destination', kinesisPrecision: 'us' },
      'kinesis-absent': { capture: 'kinesis-destination', kinesisPrecision: 'absent' },
    } as const;
    const seen: Record<string, unknown[]> = {};
    for (const [name, variant] of Object.entries(variants)) {
      const records: unknown[] = [];
      seen[name] = records;
      const summary = await runLocalPipeline({
        orders: 5,
        outDir: join(root, `wire-${name}`),
        ...variant,
        handler: async (event, context) => {
          for (const record of event.records) {
            records.push(JSON.parse(Buffer.from(record.data, 'base64').toString('utf8')));
          }
          const handler = await realTransformationHandler();
          return handler(event, context);
        },
      });
      expect(summary.reconciliation.differences).toBe(0);
      expect(summary.firehose.processingFailed).toBe(0);
    }
    for (const record of seen['pipe']!) {
      const parsed = DynamoDBStreamChangeRecordSchema.parse(record);
      expect(String(parsed.dynamodb.ApproximateCreationDateTime)).toMatch(/^\d{10}$/);
      expect(parsed.dynamodb.SequenceNumber).toMatch(/^\d{21,40}$/);
      expect(parsed.eventID).toMatch(/^[0-9a-f]{32}$/);
    }
    const expected = {
      'kinesis-ms': { digits: 13, precision: 'MILLISECOND' },
      'kinesis-us': { digits: 16, precision: 'MICROSECOND' },
      'kinesis-absent': { digits: 13, precision: undefined },
    } as const;
    for (const [name, { digits, precision }] of Object.entries(expected)) {
      for (const record of seen[name]!) {
        const parsed = KinesisDynamoDBChangeRecordSchema.parse(record);
        expect(String(parsed.dynamodb.ApproximateCreationDateTime)).toHaveLength(digits);
        expect(parsed.dynamodb.ApproximateCreationDateTimePrecision).toBe(precision);
        expect(parsed.dynamodb).not.toHaveProperty('SequenceNumber');
        expect(parsed.eventID).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
      }
      expect(seen[name]!.length).toBe(seen['pipe']!.length);
    }
    expect(seen['pipe']!.length).toBeGreaterThan(5);
  });
});
