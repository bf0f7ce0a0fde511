import { DEFAULT_CURRENT_STATE_TABLE, DEFAULT_LAKE_TABLE } from '../constants';
import { LAKE_COLUMN_NAMES, PARTITION_KEYS } from '../lake-columns';
import { rankedChangesSql, replacesSql } from './current-state-rule';
import { sqlIdentifier } from './sql-identifier';

/** What `currentStateMergeSql` folds, and into which table. */
export interface CurrentStateMergeOptions {
  /** The lake table (Glue), partitioned by `dt` and `hour` of event_time. @default 'orders_changes' */
  readonly table?: string;
  /** The current-state table. @default 'orders_state' */
  readonly stateTable?: string;
  /**
   * Read only the lake partitions from the hour that was `windowHours` hours before the refresh time
   * onward (a windowed refresh). Omitted: the full pass, over every partition.
   * @default - the full pass
   */
  readonly windowHours?: number;
}

const MAX_WINDOW_HOURS = 24 * 366;

/**
 * The partitions of the window: every `dt`/`hour` from the hour of (now() - windowHours) onward, a
 * suffix of the log in event time. The bounds are constants of the query (now() is the query's start),
 * so Athena prunes partitions before reading any object, and DuckDB prunes hive partitions.
 */
function windowSql(windowHours: number): string {
  if (!Number.isInteger(windowHours) || windowHours < 1 || windowHours > MAX_WINDOW_HOURS) {
    throw new RangeError(
      `windowHours must be a whole number of hours from 1 to ${MAX_WINDOW_HOURS}, got ${JSON.stringify(windowHours)}`,
    );
  }
  const [dt, hour] = PARTITION_KEYS.map((key) => key.name);
  const start = `(now() AT TIME ZONE 'UTC') - INTERVAL '${windowHours}' HOUR`;
  const startDay = `date_format(${start}, '%Y-%m-%d')`;
  return `${dt} >= ${startDay}
      AND (${dt} > ${startDay} OR ${hour} >= date_format(${start}, '%H'))`;
}

/**
 * The one MERGE that folds changes from the lake into the current-state table, in Athena's (Trino)
 * dialect; DuckDB runs the same text after `DUCKDB_TRINO_MACROS`.
 *
 * The source holds one row per order: its winning change among the changes read, by the same rule and
 * de-duplication as the view (`currentStateViewSql`). A source row replaces the order's row only when
 * it wins against it by that rule (`replacesSql`): a delete then removes the order, any other change
 * updates it, and an order the table does not hold is inserted unless its change is a delete. An older
 * or duplicate change never replaces a newer one, so running a window again, overlapping windows and
 * late or repeated rows change nothing.
 *
 * With `windowHours` the MERGE reads only the partitions from the hour of `now() - windowHours` onward.
 * The refresh time is `now()`, the query's own clock, not a parameter: on Athena it is the query's start
 * (Trino's `current_timestamp`, https://trino.io/docs/current/functions/datetime.html), and Athena takes
 * `?` execution parameters only in SELECT, INSERT INTO, CTAS and UNLOAD, not in MERGE
 * (https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html). Locally,
 * `duckdbClockMacroSql(at)` sets DuckDB's `now()` to the run's simulated clock.
 *
 * Why a windowed refresh is exact: the window is a suffix of event-time partitions, and per order
 * event_time never decreases as the version grows, so any window that holds a change of an order also
 * holds every newer change of it (its delete included). Once every lake row has been inside the window
 * of a refresh that ran after the row arrived, the table equals the view. A row that lands later than
 * the window (a replayed error record, a long-delayed delivery) waits for the full pass.
 */
export function currentStateMergeSql(options: CurrentStateMergeOptions = {}): string {
  const table = sqlIdentifier('table', options.table ?? DEFAULT_LAKE_TABLE);
  const stateTable = sqlIdentifier('stateTable', options.stateTable ?? DEFAULT_CURRENT_STATE_TABLE);
  const window = options.windowHours === undefined ? undefined : windowSql(options.windowHours);
  const columns = LAKE_COLUMN_NAMES.join(', ');
  const sourceColumns = LAKE_COLUMN_NAMES.map((name) => `s.${name}`).join(', ');
  const updates = LAKE_COLUMN_NAMES.filter((name) => name !== 'order_id')
    .map((name) => `${name} = s.${name}`)
    .join(', ');
  const replaces = replacesSql('s.', 't.');
  return `MERGE INTO ${stateTable} AS t
USING (
  SELECT ${columns}
  FROM (
  ${rankedChangesSql(table, window)}
  ) AS ranked
  WHERE state_rank = 1
) AS s
ON t.order_id = s.order_id
WHEN MATCHED AND s.is_deleted AND ${replaces}
  THEN DELETE
WHEN MATCHED AND ${replaces}
  THEN UPDATE SET ${updates}
WHEN NOT MATCHED AND NOT s.is_deleted
  THEN INSERT (${columns}) VALUES (${sourceColumns})`;
}
