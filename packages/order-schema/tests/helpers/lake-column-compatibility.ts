import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAKE_COLUMN_NAMES, LAKE_COLUMNS, type LakeColumnName } from '../../src/index';
import { glueType } from '../../src/sql/index';

/** A lake column as a released layout had it: what a reader of that layout relies on. */
export interface ColumnSnapshot {
  readonly name: string;
  /** The Glue type, e.g. `decimal(12,2)`. */
  readonly type: string;
  readonly nullable: boolean;
}

/** The columns of one schema version. `since` is known for the current code's columns only. */
export interface LayoutColumns<C extends ColumnSnapshot = ColumnSnapshot> {
  readonly version: number;
  readonly columns: readonly C[];
}

export const FIXTURES_DIR = join(import.meta.dirname, '..', 'fixtures');

/** The fixture of layout `version`: `tests/fixtures/lake-columns.v<version>.json`. */
export const fixtureName = (version: number): string => `lake-columns.v${version}.json`;

/** The released layouts kept as fixtures, by version. */
export function releasedLayouts(): LayoutColumns[] {
  return readdirSync(FIXTURES_DIR)
    .flatMap((file) => {
      const version = /^lake-columns\.v(\d+)\.json$/.exec(file)?.[1];
      if (version === undefined) return [];
      const columns = JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8')) as ColumnSnapshot[];
      return [{ version: Number(version), columns }];
    })
    .sort((a, b) => a.version - b.version);
}

/** The current code's columns (of `names`, default all), as a fixture holds them, plus `since`. */
export function currentColumns(
  names: readonly LakeColumnName[] = LAKE_COLUMN_NAMES,
): (ColumnSnapshot & { since: number })[] {
  return names.map((name) => ({
    name,
    type: glueType(LAKE_COLUMNS[name].type),
    nullable: LAKE_COLUMNS[name].nullable,
    since: LAKE_COLUMNS[name].since,
  }));
}

/**
 * What breaks readers of the `previous` layout in the `current` columns: every column of the previous
 * layout must stay where it is with the same name, type and nullability. The only change allowed is
 * appending columns, each nullable (older rows have no value) and added by a newer version than the
 * previous layout (`since`, at most `current.version`). Returns one sentence per problem; none means
 * the change is additive.
 */
export function breakingColumnChanges(
  previous: LayoutColumns,
  current: LayoutColumns<ColumnSnapshot & { since: number }>,
): string[] {
  const problems: string[] = [];
  const currentNames = current.columns.map((column) => column.name);
  const previousNames = new Set(previous.columns.map((column) => column.name));
  previous.columns.forEach((old, position) => {
    const index = currentNames.indexOf(old.name);
    const now = current.columns[index];
    if (now === undefined) {
      const inPlace = current.columns[position];
      problems.push(
        inPlace !== undefined && !previousNames.has(inPlace.name) && inPlace.type === old.type
          ? `${old.name} was renamed to ${inPlace.name}`
          : `${old.name} was removed`,
      );
      return;
    }
    if (index !== position) problems.push(`${old.name} moved from position ${position + 1} to ${index + 1}`);
    if (now.type !== old.type) problems.push(`${old.name} changed type from ${old.type} to ${now.type}`);
    if (now.nullable !== old.nullable) {
      problems.push(`${old.name} became ${now.nullable ? 'nullable' : 'not nullable'}`);
    }
    if (now.since > previous.version) {
      problems.push(`${old.name} is in layout ${previous.version} but says since ${now.since}`);
    }
  });
  current.columns.forEach((added, index) => {
    if (previousNames.has(added.name)) return;
    if (index < previous.columns.length) {
      problems.push(`${added.name} was inserted at position ${index + 1}; new columns go at the end`);
    }
    if (!added.nullable) {
      problems.push(`${added.name} was added but is not nullable (rows of older layouts have no value)`);
    }
    if (added.since <= previous.version || added.since > current.version) {
      problems.push(
        current.version === previous.version
          ? `${added.name} was added to layout ${previous.version}, which is released: bump SCHEMA_VERSION`
          : `${added.name} was added after layout ${previous.version} but says since ${added.since} (expected ${previous.version + 1}..${current.version})`,
      );
    }
  });
  return problems;
}
