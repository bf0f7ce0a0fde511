import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { type AttributeMap, orderKeyToAttributeMap } from '@org/order-schema';
import { exampleOrder, storedImage } from '@org/order-schema/testing';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type BadExportLine,
  exportIdOf,
  exportManifestFilesKey,
  InvalidExportManifestError,
  MAX_EXPORT_LINE_BYTES,
  parseExportManifestFiles,
  readExportItems,
} from '../../src/index';
import { writeExportLayout } from '../helpers/export-layout';

const bucket = mkdtempSync(join(tmpdir(), 'export-layout-'));
afterAll(() => rmSync(bucket, { recursive: true, force: true }));

const EXPORT_ID = '01795600000000-2d8752fd';
const itemLine = (item: AttributeMap) => JSON.stringify({ Item: item });
const order = (n: number, extra: Partial<Parameters<typeof exampleOrder>[0]> = {}) =>
  storedImage(exampleOrder({ orderId: `ord-${String(n).padStart(6, '0')}`, version: n, ...extra }));

/** Reads one file of the bucket as the Lambda does an S3 body: in small chunks, so lines span them. */
async function readFile(key: string, afterLine = 0) {
  const bad: BadExportLine[] = [];
  const items: { item: AttributeMap; line: number }[] = [];
  const source = createReadStream(join(bucket, key), { highWaterMark: 64 });
  for await (const entry of readExportItems(source, { afterLine, onBadLine: (line) => bad.push(line) })) {
    items.push(entry);
  }
  return { items, bad };
}

describe('readExportItems on the layout an export writes', () => {
  const names = {
    multi: 'bafybeiczss3yxay3o4abnabbb',
    empty: 'gkes5o3lnrhoznhnkyax3hxvya',
    gz: 'qwdzpzqzlxw',
  };
  const manifestKey = writeExportLayout(bucket, {
    prefix: 'exports/',
    exportId: EXPORT_ID,
    exportTime: '2026-11-25T10:00:00.000Z',
    files: [
      {
        name: names.multi,
        text: `${[
          itemLine(order(1, { customerId: 'cus-Ω≈ç√∫˜µ≤≥÷-日本語-🙂' })),
          'this is not json',
          '',
          `${itemLine(order(2))}\r`,
          JSON.stringify({ NotItem: order(3) }),
          JSON.stringify({ Item: 'a string' }),
          itemLine(order(4)),
        ].join('\n')}\n`,
        itemCount: 3,
      },
      { name: names.empty, empty: 'no-bytes', itemCount: 0 },
      { name: names.gz, empty: 'empty-gzip', itemCount: 0 },
    ],
  });

  it('finds every data file through manifest-files.json', () => {
    expect(manifestKey).toBe(exportManifestFilesKey('exports/', EXPORT_ID));
    expect(exportManifestFilesKey('exports', EXPORT_ID)).toBe(manifestKey);
    const files = parseExportManifestFiles(readFileSync(join(bucket, manifestKey), 'utf8'));
    expect(files).toEqual([
      { dataFileS3Key: `exports/AWSDynamoDB/${EXPORT_ID}/data/${names.multi}.json.gz`, itemCount: 3 },
      { dataFileS3Key: `exports/AWSDynamoDB/${EXPORT_ID}/data/${names.empty}.json.gz`, itemCount: 0 },
      { dataFileS3Key: `exports/AWSDynamoDB/${EXPORT_ID}/data/${names.gz}.json.gz`, itemCount: 0 },
    ]);
  });

  it('yields each item with its line number, and counts every other line as bad without stopping', async () => {
    const [multi] = parseExportManifestFiles(readFileSync(join(bucket, manifestKey), 'utf8'));
    const { items, bad } = await readFile(multi!.dataFileS3Key);
    expect(items.map(({ line }) => line)).toEqual([1, 4, 7]);
    expect(items.map(({ item }) => item)).toEqual([
      order(1, { customerId: 'cus-Ω≈ç√∫˜µ≤≥÷-日本語-🙂' }),
      order(2),
      order(4),
    ]);
    expect(bad).toEqual([
      { line: 2, reason: 'not JSON' },
      { line: 5, reason: 'not an object with an "Item" attribute map' },
      { line: 6, reason: 'not an object with an "Item" attribute map' },
    ]);
    expect(items).toHaveLength(multi!.itemCount);
  });

  it('resumes after a given line, reading only what follows', async () => {
    const [multi] = parseExportManifestFiles(readFileSync(join(bucket, manifestKey), 'utf8'));
    const { items, bad } = await readFile(multi!.dataFileS3Key, 4);
    expect(items.map(({ line }) => line)).toEqual([7]);
    expect(bad.map(({ line }) => line)).toEqual([5, 6]);
  });

  it.each(['empty', 'gz'] as const)('yields nothing from an empty partition file (%s)', async (which) => {
    const key = `exports/AWSDynamoDB/${EXPORT_ID}/data/${names[which]}.json.gz`;
    expect(await readFile(key)).toEqual({ items: [], bad: [] });
  });
});

describe('readExportItems on damaged input', () => {
  const collect = async (bytes: Buffer, onBadLine?: (bad: BadExportLine) => void) => {
    const items: AttributeMap[] = [];
    for await (const { item } of readExportItems(Readable.from([bytes]), { onBadLine })) items.push(item);
    return items;
  };

  it('reads a last line without a newline, and gzip members written one after another', async () => {
    const bytes = Buffer.concat([gzipSync(`${itemLine(order(1))}\n`), gzipSync(itemLine(order(2)))]);
    expect(await collect(bytes)).toEqual([order(1), order(2)]);
  });

  it('counts a line too long to be an item as one bad line, without holding it', async () => {
    const huge = `{"Item":{"orderId":{"S":"${'x'.repeat(MAX_EXPORT_LINE_BYTES)}"}}}`;
    const bad: BadExportLine[] = [];
    const items = await collect(gzipSync([itemLine(order(1)), huge, itemLine(order(3))].join('\n')), (line) =>
      bad.push(line),
    );
    expect(items).toEqual([order(1), order(3)]);
    expect(bad).toEqual([{ line: 2, reason: `longer than ${MAX_EXPORT_LINE_BYTES} bytes` }]);
  });

  it('never puts a line in the reason: items hold personal data', async () => {
    const bad: BadExportLine[] = [];
    await collect(gzipSync('{"Item":{"customerEmail":{"S":"ada@example.com"}'), (line) => bad.push(line));
    expect(bad).toEqual([{ line: 1, reason: 'not JSON' }]);
  });

  it.each([
    ['bytes that are not gzip', Buffer.from('{"Item":{}}\n')],
    ['a file cut short', gzipSync(itemLine(order(1)).repeat(50)).subarray(0, 40)],
  ])('throws on %s: the file cannot be read', async (_, bytes) => {
    await expect(collect(bytes)).rejects.toThrow();
  });

  it('throws what the source throws', async () => {
    async function* failing() {
      yield gzipSync(itemLine(orderKeyToAttributeMap('ord-1')));
      throw new Error('connection reset');
    }
    const read = async () => {
      for await (const _ of readExportItems(failing())) {
        // drain
      }
    };
    await expect(read()).rejects.toThrow('connection reset');
  });
});

describe('parseExportManifestFiles', () => {
  it.each([
    ['{"itemCount":1}', 'manifest-files.json line 1 has no dataFileS3Key'],
    ['\n{"dataFileS3Key":"a.json.gz","itemCount":-1}', 'manifest-files.json line 2 has no whole itemCount'],
    ['{"dataFileS3Key":', 'manifest-files.json line 1 is not JSON'],
  ])('names the line and the field of a manifest it cannot read: %s', (text, message) => {
    expect(() => parseExportManifestFiles(text)).toThrow(InvalidExportManifestError);
    expect(() => parseExportManifestFiles(text)).toThrow(message);
  });

  it('takes the export id from an export ARN, and refuses anything else', () => {
    expect(
      exportIdOf(`arn:aws:dynamodb:eu-west-1:123456789012:table/OrdersRawTable/export/${EXPORT_ID}`),
    ).toBe(EXPORT_ID);
    expect(() => exportIdOf('arn:aws:dynamodb:eu-west-1:123456789012:table/OrdersRawTable')).toThrow(
      'is not an export ARN',
    );
  });
});
