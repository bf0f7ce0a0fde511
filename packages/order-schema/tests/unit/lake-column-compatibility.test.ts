import { describe, expect, it } from 'vitest';
import {
  LAKE_COLUMN_NAMES,
  LAKE_COLUMNS,
  lakeColumnNamesOf,
  SCHEMA_VERSION,
  SCHEMA_VERSIONS,
  type SchemaVersion,
} from '../../src/index';
import {
  breakingColumnChanges,
  type ColumnSnapshot,
  currentColumns,
  fixtureName,
  type LayoutColumns,
  releasedLayouts,
} from '../helpers/lake-column-compatibility';

// The build-time guard: a released layout's columns are kept in tests/fixtures/lake-columns.v<N>.json,
// and the current columns may only append to them. See the README, "Adding an attribute".
describe('the lake columns against every released layout', () => {
  const released = releasedLayouts();
  const current = { version: SCHEMA_VERSION, columns: currentColumns() };

  it('has a fixture for every layout up to the current one', () => {
    const missing = SCHEMA_VERSIONS.filter(
      (version) => !released.some((layout) => layout.version === version),
    );
    const toWrite = missing.map(
      (version) =>
        `tests/fixtures/${fixtureName(version)}: ${JSON.stringify(
          currentColumns(lakeColumnNamesOf(version)).map(({ since: _since, ...column }) => column),
        )}`,
    );
    expect(toWrite, 'write the fixture of a new layout once its columns are final').toEqual([]);
  });

  it.each(released.map((layout) => [layout.version, layout] as const))(
    'only appends to layout %i',
    (_version, layout) => {
      expect(breakingColumnChanges(layout, current)).toEqual([]);
    },
  );

  it('derives each layout from since: layout N is exactly the fixture of N', () => {
    for (const layout of released) {
      const columns = currentColumns(lakeColumnNamesOf(layout.version as SchemaVersion));
      expect(columns.map(({ since: _since, ...column }) => column)).toEqual(layout.columns);
    }
  });

  it('orders the columns by since, so that every layout is a prefix of the next', () => {
    const since = LAKE_COLUMN_NAMES.map((name) => LAKE_COLUMNS[name].since);
    expect(since).toEqual([...since].sort((a, b) => a - b));
    expect(Math.max(...since)).toBe(SCHEMA_VERSION);
  });
});

describe('breakingColumnChanges', () => {
  const v1: LayoutColumns = {
    version: 1,
    columns: [
      { name: 'order_id', type: 'string', nullable: false },
      { name: 'order_total', type: 'decimal(12,2)', nullable: false },
      { name: 'previous_status', type: 'string', nullable: true },
    ],
  };
  const at = (version: number, columns: (ColumnSnapshot & { since?: number })[]) => ({
    version,
    columns: columns.map((column) => ({ since: 1, ...column })),
  });
  const coupon = { name: 'coupon_code', type: 'string', nullable: true, since: 2 };

  it('passes the same columns, and nullable columns appended by the next version', () => {
    expect(breakingColumnChanges(v1, at(1, [...v1.columns]))).toEqual([]);
    expect(breakingColumnChanges(v1, at(2, [...v1.columns, coupon]))).toEqual([]);
  });

  it.each([
    [
      'a removed column',
      at(2, [v1.columns[0]!, v1.columns[2]!]),
      ['order_total was removed', 'previous_status moved from position 3 to 2'],
    ],
    [
      'a renamed column',
      at(2, [v1.columns[0]!, { ...v1.columns[1]!, name: 'total' }, v1.columns[2]!]),
      [
        'order_total was renamed to total',
        'total was inserted at position 2; new columns go at the end',
        'total was added but is not nullable (rows of older layouts have no value)',
        'total was added after layout 1 but says since 1 (expected 2..2)',
      ],
    ],
    [
      'a column that changed type',
      at(2, [v1.columns[0]!, { ...v1.columns[1]!, type: 'double' }, v1.columns[2]!]),
      ['order_total changed type from decimal(12,2) to double'],
    ],
    [
      'a column that is no longer nullable',
      at(2, [v1.columns[0]!, v1.columns[1]!, { ...v1.columns[2]!, nullable: false }]),
      ['previous_status became not nullable'],
    ],
    [
      'two columns swapped',
      at(2, [v1.columns[1]!, v1.columns[0]!, v1.columns[2]!]),
      ['order_id moved from position 1 to 2', 'order_total moved from position 2 to 1'],
    ],
    [
      'a column inserted in the middle',
      at(2, [v1.columns[0]!, coupon, v1.columns[1]!, v1.columns[2]!]),
      [
        'order_total moved from position 2 to 3',
        'previous_status moved from position 3 to 4',
        'coupon_code was inserted at position 2; new columns go at the end',
      ],
    ],
    [
      'an appended column that is not nullable',
      at(2, [...v1.columns, { ...coupon, nullable: false }]),
      ['coupon_code was added but is not nullable (rows of older layouts have no value)'],
    ],
    [
      'an appended column without a new version',
      at(1, [...v1.columns, { ...coupon, since: 1 }]),
      ['coupon_code was added to layout 1, which is released: bump SCHEMA_VERSION'],
    ],
    [
      'an appended column that says the wrong version',
      at(3, [...v1.columns, { ...coupon, since: 1 }]),
      ['coupon_code was added after layout 1 but says since 1 (expected 2..3)'],
    ],
    [
      'an old column that says a later version',
      at(2, [v1.columns[0]!, { ...v1.columns[1]!, since: 2 }, v1.columns[2]!]),
      ['order_total is in layout 1 but says since 2'],
    ],
  ])('refuses %s', (_case, current, problems) => {
    expect(breakingColumnChanges(v1, current)).toEqual(problems);
  });
});
