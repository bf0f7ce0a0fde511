import { describe, expect, it } from 'vitest';
import {
  BASELINE_LAKE_COLUMN_NAMES,
  DEFAULT_CURRENT_STATE_TABLE,
  DEFAULT_CURRENT_STATE_VIEW,
  LAKE_COLUMN_NAMES,
  SCHEMA_VERSION,
} from '../../src/index';
import {
  duckdbStateTableSql,
  glueColumns,
  icebergStateTableSql,
  stateTableMigrationsSql,
} from '../../src/sql/index';
import { change } from '../helpers/factories';
import { StateDatabase } from '../helpers/state-database';

const LOCATION = 's3://lake-bucket/orders_state/';

/** `name type` of each column a CREATE TABLE or ALTER TABLE … ADD COLUMNS statement declares. */
function declaredColumns(sql: string): string[] {
  const columns: string[] = [];
  let depth = 0;
  let current = '';
  for (const character of sql.slice(sql.indexOf('(') + 1, sql.lastIndexOf(')'))) {
    if (character === ',' && depth === 0) {
      columns.push(current.trim());
      current = '';
      continue;
    }
    if (character === '(' || character === '<') depth++;
    if (character === ')' || character === '>') depth--;
    current += character;
  }
  return [...columns, current.trim()].filter((column) => column !== '');
}

describe('icebergStateTableSql', () => {
  it('creates an Iceberg table under the location, once', () => {
    const sql = icebergStateTableSql({ stateTable: 'sales.orders_state', location: LOCATION });
    expect(sql).toMatch(/^CREATE TABLE IF NOT EXISTS sales\.orders_state \(\n {2}event_id string,\n/);
    expect(sql).toContain(`\n)\nLOCATION '${LOCATION}'\nTBLPROPERTIES ('table_type' = 'ICEBERG')`);
    expect(sql).not.toContain('PARTITIONED BY');
  });

  it('and its migrations reach exactly the lake columns, in order, with their Glue types', () => {
    const created = declaredColumns(icebergStateTableSql({ location: LOCATION }).split('\nLOCATION')[0]!);
    const migrations = stateTableMigrationsSql();
    const added = migrations.flatMap((migration) => declaredColumns(migration.sql));

    expect([...created, ...added]).toEqual(glueColumns().map((column) => `${column.name} ${column.type}`));
    expect(created.map((column) => column.split(' ')[0])).toEqual(BASELINE_LAKE_COLUMN_NAMES);
    expect(migrations.find((migration) => migration.schemaVersion === 2)?.sql).toBe(
      `ALTER TABLE ${DEFAULT_CURRENT_STATE_TABLE} ADD COLUMNS (coupon_code string, discount_total decimal(12,2))`,
    );
    expect(migrations.map((migration) => migration.schemaVersion)).toEqual(
      [...migrations.map((migration) => migration.schemaVersion)].sort((a, b) => a - b),
    );
    for (const migration of migrations) {
      expect(migration.schemaVersion).toBeGreaterThan(1);
      expect(migration.schemaVersion).toBeLessThanOrEqual(SCHEMA_VERSION);
      expect(migration.sql).toMatch(
        new RegExp(`^ALTER TABLE ${DEFAULT_CURRENT_STATE_TABLE} ADD COLUMNS \\(`),
      );
      // The names it reports are the names its SQL declares.
      expect(migration.columns).toEqual(declaredColumns(migration.sql).map((column) => column.split(' ')[0]));
    }
  });

  it('takes a location holding a CDK token', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a CDK token, not a template
    const location = 's3://${Token[TOKEN.123]}/orders_state/';
    expect(icebergStateTableSql({ location })).toContain(`LOCATION '${location}'`);
  });

  it.each([["s3://bucket/it's/"], ['https://bucket.s3.amazonaws.com/x/'], ['s3://bucket/a b/'], ['']])(
    'refuses the location %j',
    (location) => {
      expect(() => icebergStateTableSql({ location })).toThrow(
        `location must be an s3:// URL without quotes or spaces, got ${JSON.stringify(location)}`,
      );
    },
  );

  it('refuses a state table name that is no identifier', () => {
    expect(() => icebergStateTableSql({ stateTable: 'x y', location: LOCATION })).toThrow(
      'stateTable must be an SQL identifier',
    );
    expect(() => stateTableMigrationsSql({ stateTable: 'x y' })).toThrow(
      'stateTable must be an SQL identifier',
    );
  });
});

describe('duckdbStateTableSql', () => {
  it('creates a table with the view’s columns and types, one row per order', async () => {
    const db = await StateDatabase.open(); // runs duckdbStateTableSql()
    try {
      await db.run(duckdbStateTableSql()); // IF NOT EXISTS: a second run is harmless
      const columnsOf = async (relation: string) =>
        (await db.run(`DESCRIBE ${relation}`)).map(
          (column) => `${column['column_name']} ${column['column_type']}`,
        );
      expect(await columnsOf(DEFAULT_CURRENT_STATE_TABLE)).toEqual(
        await columnsOf(DEFAULT_CURRENT_STATE_VIEW),
      );

      await db.land([
        change({ orderId: 'A', version: 1, at: '2026-11-25T08:00:00.000Z' }),
        change({ orderId: 'A', version: 2, at: '2026-11-25T09:00:00.000Z' }),
      ]);
      await expect(
        db.run(
          `INSERT INTO ${DEFAULT_CURRENT_STATE_TABLE} SELECT ${LAKE_COLUMN_NAMES.join(', ')} FROM orders_changes`,
        ),
      ).rejects.toThrow(/PRIMARY KEY or UNIQUE constraint violation/);
    } finally {
      db.close();
    }
  });
});
