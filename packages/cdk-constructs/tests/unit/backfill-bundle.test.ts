import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttp2Server } from 'node:http2';
import { builtinModules } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { snapshotRecord } from '@org/cdc-transformer';
import { exampleOrder, storedImage } from '@org/order-schema/testing';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { ExportFileResult, ExportFileTask } from '../../src/index';

// Runs after `pnpm build` (turbo makes test depend on build): the file the construct deploys.
const BUNDLE = join(import.meta.dirname, '..', '..', 'dist', 'backfill-handler', 'index.mjs');
const MAX_BUNDLE_BYTES = 1024 * 1024;

const KEY = 'exports/AWSDynamoDB/01795600000000-2d8752fd/data/part-0.json.gz';
const TASK: ExportFileTask = {
  dataFileS3Key: KEY,
  exportId: '01795600000000-2d8752fd',
  exportTime: '2026-11-25T10:00:00.000Z',
};
const STREAM_ARN = 'arn:aws:kinesis:eu-west-1:123456789012:stream/changes';

/** S3 over HTTP/1.1 (path-style with a custom endpoint): serves one export file. */
function fakeS3(file: Buffer) {
  const requests: string[] = [];
  const server = createHttpServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    if (request.method === 'GET' && request.url?.startsWith(`/lake/${KEY}`)) {
      response.writeHead(200, { 'content-length': file.length });
      response.end(file);
    } else {
      response.writeHead(404, { 'content-type': 'application/xml' });
      response.end(
        '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
      );
    }
  });
  return { server, requests };
}

/**
 * Kinesis over HTTP/2 (the SDK's Kinesis client speaks it): PutRecords in the JSON 1.1 protocol, the
 * first call refusing every third entry as throttled.
 */
function fakeKinesis() {
  const calls: { streamArn: string; records: { Data: string; PartitionKey: string }[] }[] = [];
  const server = createHttp2Server((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      calls.push({ streamArn: body.StreamARN, records: body.Records });
      const refuse = (index: number) => calls.length === 1 && index % 3 === 0;
      const results = body.Records.map((_: unknown, index: number) =>
        refuse(index)
          ? { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded' }
          : { SequenceNumber: `${calls.length}-${index}`, ShardId: 'shardId-000000000000' },
      );
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(
        JSON.stringify({
          FailedRecordCount: results.filter((result: { ErrorCode?: string }) => result.ErrorCode).length,
          Records: results,
        }),
      );
    });
  });
  return { server, calls };
}

async function listen(server: {
  listen: (port: number, host: string, done: () => void) => unknown;
  address: () => unknown;
}) {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the backfill Lambda bundle dist/backfill-handler/index.mjs', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'backfill-bundle-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('exists (build first) and stays within 1 MB', () => {
    expect(existsSync(BUNDLE), 'dist/backfill-handler/index.mjs is missing: run `pnpm build` first').toBe(
      true,
    );
    expect(statSync(BUNDLE).size).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
  });

  it('imports nothing but Node built-ins', () => {
    const source = readFileSync(BUNDLE, 'utf8');
    // The SDK's error messages quote `[import "@aws-sdk/signature-v4-crt"]`: text, not imports.
    const specifiers = [...source.matchAll(/(?<!\[)(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map(
      (m) => m[1]!,
    );
    const builtins = new Set(builtinModules);
    const external = specifiers.filter((name) => !name.startsWith('node:') && !builtins.has(name));
    expect(external).toEqual([]);
  });

  it('loads alone in an empty directory and writes an export file from S3 to Kinesis, retrying refused entries', async () => {
    const items = Array.from({ length: 25 }, (_, index) =>
      storedImage(exampleOrder({ orderId: `ord-${String(index + 1).padStart(6, '0')}`, version: 2 })),
    );
    const file = gzipSync(`${items.map((item) => JSON.stringify({ Item: item })).join('\n')}\nnot json\n`);
    const s3 = fakeS3(file);
    const kinesis = fakeKinesis();
    const env = {
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_ENDPOINT_URL_S3: await listen(s3.server),
      AWS_ENDPOINT_URL_KINESIS: await listen(kinesis.server),
      EXPORT_BUCKET: 'lake',
      STREAM_ARN,
      TABLE_NAME: 'OrdersRawTable',
    };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const logged = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const lonely = join(scratch, 'index.mjs');
      copyFileSync(BUNDLE, lonely);
      const bundle = (await import(pathToFileURL(lonely).href)) as {
        handler: (task: ExportFileTask, context: unknown) => Promise<ExportFileResult>;
      };
      const result = await bundle.handler(TASK, { getRemainingTimeInMillis: () => 900_000 });

      expect(result).toMatchObject({
        complete: true,
        afterLine: 26,
        totals: { itemsRead: 25, recordsWritten: 25, retries: 9, failedEntries: 0, badLines: 1 },
      });
      expect(s3.requests).toEqual([expect.stringMatching(new RegExp(`^GET /lake/${KEY}`))]);
      expect(kinesis.calls.map((call) => call.records.length)).toEqual([25, 9]);
      expect(new Set(kinesis.calls.map((call) => call.streamArn))).toEqual(new Set([STREAM_ARN]));
      // What reached the stream is exactly what the shared function makes of each item, once.
      const written = new Map<string, unknown>();
      kinesis.calls[0]!.records.forEach((record, index) => {
        if (index % 3 !== 0) written.set(record.PartitionKey, record);
      });
      for (const record of kinesis.calls[1]!.records) written.set(record.PartitionKey, record);
      expect(written.size).toBe(25);
      for (const item of items) {
        const orderId = (item['orderId'] as { S: string }).S;
        const record = written.get(orderId) as { Data: string };
        expect(JSON.parse(Buffer.from(record.Data, 'base64').toString('utf8'))).toEqual(
          snapshotRecord(item, { ...TASK, tableName: 'OrdersRawTable' }),
        );
      }
      expect(logged.mock.calls.map(([line]) => JSON.parse(String(line)).message)).toContain('file written');
    } finally {
      vi.unstubAllEnvs();
      vi.restoreAllMocks();
      s3.server.close();
      kinesis.server.close();
    }
  });
});
