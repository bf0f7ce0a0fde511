import { DEFAULT_CURRENT_STATE_VIEW, DEFAULT_LAKE_TABLE, type OutputFormat } from '@org/order-schema';
import { analyticsQueries } from '@org/order-schema/sql';
import { type LakeDatabase, loadLake } from '../lake/lake-database';

/** One query's answer, values as JSON (DECIMAL and BIGINT as exact text). */
export interface QueryResult {
  id: string;
  title: string;
  columns: string[];
  rows: Record<string, unknown>[];
}

/**
 * Runs the analytics SQL from @org/order-schema, the text Athena's named queries hold, unchanged:
 * first the current-state view, then the reports.
 */
export async function runAnalytics(database: LakeDatabase): Promise<QueryResult[]> {
  const results: QueryResult[] = [];
  for (const query of analyticsQueries({ table: DEFAULT_LAKE_TABLE, view: DEFAULT_CURRENT_STATE_VIEW })) {
    const reader = await database.connection.runAndReadAll(query.sql);
    results.push({
      id: query.id,
      title: query.title,
      columns: reader.columnNames(),
      rows: reader.getRowObjectsJson(),
    });
  }
  return results;
}

const BUCKETS_MINUTES = [1, 5, 15, 60, 360, 1440];
const MAX_BUCKETS = 360;

/** Report chart data beyond the named queries. */
export interface ReportQueryResults {
  bucketLabel: string;
  bucketMinutes: number;
  changesPerBucket: Record<string, unknown>[];
  revenueByCountryAndChannel: Record<string, unknown>[];
}

/**
 * The report's extra views of the same data. They only group what the named queries define (the
 * current-state view, event_time) more finely for the charts: changes per minute, or per a coarser
 * bucket when the run's event times span too many minutes to draw.
 */
export async function runReportQueries(database: LakeDatabase): Promise<ReportQueryResults> {
  const { connection } = database;
  const span = (
    await connection.runAndReadAll(
      `SELECT coalesce(epoch(max(from_iso8601_timestamp(event_time))) - epoch(min(from_iso8601_timestamp(event_time))), 0) AS seconds FROM ${DEFAULT_LAKE_TABLE}`,
    )
  ).getRowObjectsJson()[0];
  const minutes = Number(span?.['seconds'] ?? 0) / 60;
  const bucket = BUCKETS_MINUTES.find((m) => minutes / m <= MAX_BUCKETS) ?? 1440;
  const changes = await connection.runAndReadAll(
    `SELECT strftime(time_bucket(INTERVAL ${bucket} MINUTE, from_iso8601_timestamp(event_time)), '%Y-%m-%dT%H:%MZ') AS minute,
  change_type, count(DISTINCT event_id) AS changes
FROM ${DEFAULT_LAKE_TABLE} GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const revenue = await connection.runAndReadAll(
    `SELECT country, channel, currency, count(*) AS orders, sum(order_total) AS revenue
FROM ${DEFAULT_CURRENT_STATE_VIEW} WHERE status IN ('PAID', 'SHIPPED', 'DELIVERED')
GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  );
  return {
    bucketMinutes: bucket,
    bucketLabel:
      bucket === 1
        ? 'minute'
        : bucket < 60
          ? `${bucket} minutes`
          : bucket === 60
            ? 'hour'
            : `${bucket / 60} hours`,
    changesPerBucket: changes.getRowObjectsJson(),
    revenueByCountryAndChannel: revenue.getRowObjectsJson(),
  };
}

/** The analytics of a run: the named queries' answers and the report's chart data. */
export interface LakeAnalytics {
  results: QueryResult[];
  charts: ReportQueryResults;
}

/** Loads the lake written under `outDir` into DuckDB and runs the named queries and the report's queries. */
export async function analyseLake(
  database: LakeDatabase,
  outDir: string,
  format: OutputFormat,
): Promise<LakeAnalytics> {
  await loadLake(database, outDir, format);
  const results = await runAnalytics(database);
  return { results, charts: await runReportQueries(database) };
}
