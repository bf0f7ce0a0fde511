import { describe, expect, it } from 'vitest';
import { LAKE_COLUMN_NAMES } from '../../src/index';
import { analyticsQueries, currentStateViewSql } from '../../src/sql/index';

describe('analytics SQL', () => {
  it('is parameterised by table and view names', () => {
    const queries = analyticsQueries({ table: 'sales.orders_changes', view: 'sales.orders_current' });
    expect(queries.map((query) => query.id)).toEqual([
      'create-current-state-view',
      'revenue-by-day-and-country',
      'revenue-after-discounts',
      'status-funnel',
      'changes-per-hour-by-type',
    ]);
    expect(queries[0]!.sql).toMatch(/^CREATE OR REPLACE VIEW sales\.orders_current AS/);
    expect(queries[0]!.sql).toContain('FROM sales.orders_changes');
    expect(queries[1]!.sql).toContain('FROM sales.orders_current');
  });

  it('selects exactly the lake columns in the view', () => {
    expect(currentStateViewSql()).toContain(`SELECT ${LAKE_COLUMN_NAMES.join(', ')}\nFROM (`);
  });

  it.each([['orders; DROP TABLE x'], ['1abc'], ['a.b.c'], ['']])('refuses the table name %j', (table) => {
    expect(() => analyticsQueries({ table })).toThrow(`table must be an SQL identifier`);
  });
});
