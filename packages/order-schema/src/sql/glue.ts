import type { ColumnType } from '@org/order-schema';
import { LAKE_COLUMN_NAMES, LAKE_COLUMNS, PARTITION_KEYS } from '../lake-columns';

/** A Glue column as `AWS::Glue::Table` `Columns`/`PartitionKeys` take it. */
export interface GlueColumn {
  readonly name: string;
  readonly type: string;
  readonly comment: string;
}

/** The Glue (Hive) type of a column: `string`, `decimal(12,2)`, `array<struct<…>>`, … */
export function glueType(type: ColumnType): string {
  switch (type.kind) {
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    case 'array':
      return `array<${glueType(type.of)}>`;
    case 'struct':
      return `struct<${type.fields.map((field) => `${field.name}:${glueType(field.type)}`).join(',')}>`;
    default:
      return type.kind;
  }
}

/** The lake table's Glue columns, in row order. */
export function glueColumns(): GlueColumn[] {
  return LAKE_COLUMN_NAMES.map((name) => ({
    name,
    type: glueType(LAKE_COLUMNS[name].type),
    comment: LAKE_COLUMNS[name].description,
  }));
}

/** The lake table's Glue partition keys (`dt`, `hour`). */
export function gluePartitionKeys(): GlueColumn[] {
  return PARTITION_KEYS.map((key) => ({
    name: key.name,
    type: glueType(key.type),
    comment: key.description,
  }));
}
