import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseExportManifestFiles } from '@org/cdc-transformer';
import { type AttributeMap, orderToAttributeMap } from '@org/order-schema';
import { exampleOrder } from '@org/order-schema/testing';
import { afterAll, describe, expect, it } from 'vitest';
import {
  exportFolder,
  readExportFiles,
  readExportTime,
  writeExportFiles,
} from '../../../src/source/export-files';

const root = mkdtempSync(join(tmpdir(), 'export-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const items = (count: number): AttributeMap[] =>
  Array.from({ length: count }, (_, index) =>
    orderToAttributeMap(exampleOrder({ orderId: `ord-${String(index + 1).padStart(6, '0')}` })),
  );

async function exported(name: string, count: number, itemsPerFile: number) {
  const location = {
    prefix: join(root, name),
    exportId: '01767225600000-0badcafe',
    exportTime: '2026-01-01T00:00:00.000Z',
  };
  const written = await writeExportFiles(items(count), {
    ...location,
    tableArn: 'arn:aws:dynamodb:eu-west-1:000000000000:table/OrdersRawTable',
    itemsPerFile,
  });
  const manifest = parseExportManifestFiles(
    readFileSync(join(exportFolder(location), 'manifest-files.json'), 'utf8'),
  );
  return { location, written, manifest };
}

async function readAll(
  location: Parameters<typeof readExportFiles>[0],
  onBadLine?: Parameters<typeof readExportFiles>[1],
) {
  const read: AttributeMap[] = [];
  for await (const item of readExportFiles(location, onBadLine)) read.push(item);
  return read;
}

describe('writeExportFiles and readExportFiles', () => {
  it('splits the items into gzip data files named in the manifests, and reads them back in order', async () => {
    const { location, written, manifest } = await exported('ten', 10, 4);
    expect(written).toEqual({ files: 3, itemCount: 10 });
    expect(manifest.map((file) => file.itemCount)).toEqual([4, 4, 2]);
    const summary = JSON.parse(readFileSync(join(exportFolder(location), 'manifest-summary.json'), 'utf8'));
    expect(summary).toMatchObject({
      itemCount: 10,
      outputFormat: 'DYNAMODB_JSON',
      exportTime: location.exportTime,
    });
    expect(await readExportTime(location)).toBe(location.exportTime);
    expect(await readAll(location)).toEqual(items(10));
  });

  it('ends with an empty data file when the items divide evenly, as an export may, and an empty table has only that', async () => {
    const even = await exported('eight', 8, 4);
    expect(even.manifest.map((file) => file.itemCount)).toEqual([4, 4, 0]);
    expect(await readAll(even.location)).toHaveLength(8);
    const empty = await exported('empty', 0, 4);
    expect(empty.manifest.map((file) => file.itemCount)).toEqual([0]);
    expect(await readAll(empty.location)).toEqual([]);
  });

  it('counts a line that is not an item, by file and line, and reads on', async () => {
    const { location, manifest } = await exported('bad', 3, 2);
    // A second gzip member: a damaged line after the file's items.
    appendFileSync(join(location.prefix, manifest[0]!.dataFileS3Key), gzipSync('{"NotItem":1}\n'));
    const bad: [string, number][] = [];
    const read = await readAll(location, (key, line) => bad.push([key, line.line]));
    expect(read).toHaveLength(3);
    expect(bad).toEqual([[manifest[0]!.dataFileS3Key, 3]]);
  });
});
