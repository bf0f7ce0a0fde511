import { DEFAULT_CURRENT_STATE_VIEW, DEFAULT_LAKE_TABLE, ORDER_STATUSES } from '../constants';
import { LAKE_COLUMN_NAMES } from '../lake-columns';
import { rankedChangesSql } from './current-state-rule';
import { sqlIdentifier } from './sql-identifier';

/**
 * The analytics SQL, written once in Athena's (Trino) dialect. DuckDB runs the same text after
 * `DUCKDB_TRINO_MACROS`. Athena named queries and the local pipeline both take it from here.
 */
export interface AnalyticsQuery {
  /** Stable id, also the Athena named query's name suffix. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly sql: string;
}

/** Names of the lake table and the current-state view; each may be qualified as `database.name`. */
export interface LakeTableNames {
  /** @default 'orders_changes' */
  readonly table?: string;
  /** @default 'orders_current' */
  readonly view?: string;
}

function resolveNames(names: LakeTableNames): { table: string; view: string } {
  return {
    table: sqlIdentifier('table', names.table ?? DEFAULT_LAKE_TABLE),
    view: sqlIdentifier('view', names.view ?? DEFAULT_CURRENT_STATE_VIEW),
  };
}

/** The orders that count as revenue: paid and not cancelled or returned. */
const REVENUE_STATUSES = "status IN ('PAID', 'SHIPPED', 'DELIVERED')";

const STATUS_ORDER = `CASE status ${ORDER_STATUSES.map((status, index) => `WHEN '${status}' THEN ${index + 1}`).join(' ')} END`;

/**
 * `CREATE OR REPLACE VIEW` of the current state: per order, the row with the highest version (at an
 * equal version a delete wins, then the later event_time, then the higher sequence), de-duplicated on
 * event_id (the first copy to arrive), excluded when that row is a delete. It reads the whole log on
 * every query; `currentStateMergeSql` keeps the same rows in a table.
 */
export function currentStateViewSql(names: LakeTableNames = {}): string {
  const { table, view } = resolveNames(names);
  return `CREATE OR REPLACE VIEW ${view} AS
SELECT ${LAKE_COLUMN_NAMES.join(', ')}
FROM (
  ${rankedChangesSql(table)}
) AS ranked
WHERE state_rank = 1 AND NOT is_deleted`;
}

/** Every analytics statement: the view first, then the reports that read it. */
export function analyticsQueries(names: LakeTableNames = {}): AnalyticsQuery[] {
  const { table, view } = resolveNames(names);
  return [
    {
      id: 'create-current-state-view',
      title: 'Create the current-state view',
      description: `Creates ${view}: the latest version of every order that is not deleted.`,
      sql: currentStateViewSql({ table, view }),
    },
    {
      id: 'revenue-by-day-and-country',
      title: 'Revenue by day and country',
      description:
        'Orders and revenue of paid, shipped and delivered orders, by order date, country and currency.',
      sql: `SELECT substr(created_at, 1, 10) AS order_date, country, currency,
  count(*) AS orders, sum(order_total) AS revenue
FROM ${view}
WHERE ${REVENUE_STATUSES}
GROUP BY substr(created_at, 1, 10), country, currency
ORDER BY order_date, country, currency`,
    },
    {
      id: 'revenue-after-discounts',
      title: 'Revenue after discounts',
      description:
        'Revenue of paid, shipped and delivered orders by currency, before and after coupon discounts (rows without a discount count as 0).',
      sql: `SELECT currency, count(*) AS orders, count(coupon_code) AS orders_with_coupon,
  sum(order_total) AS revenue, sum(coalesce(discount_total, 0)) AS discounts,
  sum(order_total) - sum(coalesce(discount_total, 0)) AS revenue_after_discounts
FROM ${view}
WHERE ${REVENUE_STATUSES}
GROUP BY currency
ORDER BY currency`,
    },
    {
      id: 'status-funnel',
      title: 'Status funnel',
      description: 'How many orders ever reached each status, and how many are in it now.',
      sql: `WITH reached AS (
  SELECT status, count(DISTINCT order_id) AS orders_reached
  FROM ${table}
  WHERE NOT is_deleted
  GROUP BY status
), now_in AS (
  SELECT status, count(*) AS orders_now
  FROM ${view}
  GROUP BY status
)
SELECT reached.status, reached.orders_reached, coalesce(now_in.orders_now, 0) AS orders_now
FROM reached LEFT JOIN now_in ON now_in.status = reached.status
ORDER BY ${STATUS_ORDER.replaceAll('CASE status', 'CASE reached.status')}`,
    },
    {
      id: 'changes-per-hour-by-type',
      title: 'Changes per hour by type',
      description: 'Distinct change events per UTC hour of event_time and change type.',
      sql: `SELECT date_trunc('hour', from_iso8601_timestamp(event_time)) AS event_hour, change_type,
  count(DISTINCT event_id) AS changes
FROM ${table}
GROUP BY date_trunc('hour', from_iso8601_timestamp(event_time)), change_type
ORDER BY event_hour, change_type`,
    },
  ];
}
