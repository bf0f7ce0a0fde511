import * as schema from '@org/order-schema';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isPlainJsonText } from '../../src/json-text';

/** Imports lake-row-line afresh against an order-schema whose columns or item fields are `changed`. */
async function importAgainst(changed: Partial<typeof schema>) {
  vi.resetModules();
  vi.doMock('@org/order-schema', async (importOriginal) => ({
    ...(await importOriginal<typeof schema>()),
    ...changed,
  }));
  return import('../../src/lake-row-line');
}

const NAMES = schema.LAKE_COLUMN_NAMES;
const ITEM_SHAPE = schema.LakeItemSchema.shape;

describe('the lake row template, checked against LAKE_COLUMNS when it loads', () => {
  afterEach(() => {
    vi.doUnmock('@org/order-schema');
    vi.resetModules();
  });

  it('loads against the columns of the installed order-schema', async () => {
    await expect(importAgainst({})).resolves.toHaveProperty('lakeRowLine');
  });

  it.each([
    ['two columns swapped', [...NAMES.slice(0, 2).reverse(), ...NAMES.slice(2)]],
    ['an extra column', [...NAMES, 'gift_wrap']],
    ['a column dropped', NAMES.filter((name) => name !== 'channel')],
  ])('throws at import with %s, naming the columns', async (_case, columns) => {
    const loading = importAgainst({ LAKE_COLUMN_NAMES: columns as typeof NAMES });
    await expect(loading).rejects.toThrow(expect.objectContaining({ name: 'LakeRowTemplateError' }));
    await expect(loading).rejects.toThrow(`but @org/order-schema has ${columns.join(', ')}`);
  });

  it('throws at import when the item fields change', async () => {
    const { unit_price, ...withoutPrice } = ITEM_SHAPE;
    const reordered = { unit_price, ...withoutPrice };
    const loading = importAgainst({
      LakeItemSchema: { shape: reordered } as unknown as typeof schema.LakeItemSchema,
    });
    await expect(loading).rejects.toThrow(
      'writes item fields sku, product_name, category, quantity, unit_price',
    );
  });
});

describe('isPlainJsonText', () => {
  it('is true only for text that JSON writes as itself in quotes, one byte per character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        if (!isPlainJsonText(text)) return;
        expect(JSON.stringify(text)).toBe(`"${text}"`);
        expect(Buffer.byteLength(JSON.stringify(text))).toBe(text.length + 2);
      }),
      { numRuns: 2000 },
    );
    // and for ASCII, exactly for such text
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)) }),
        (text) => {
          expect(isPlainJsonText(text)).toBe(JSON.stringify(text) === `"${text}"` && !text.includes('\x7f'));
        },
      ),
      { numRuns: 2000 },
    );
    expect(['ord-000001', 'eyJhIjoxfQ==', 'a"b', 'a\\b', 'é', '\u007f'].map(isPlainJsonText)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});
