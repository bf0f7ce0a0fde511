import type { QueryResult } from '../analytics/analytics';
import { revenueAfterDiscountsLine } from '../analytics/revenue-after-discounts';
import type { RunSummary } from '../run-summary';
import { REPORT_SCRIPT } from './report-script';

/** What the report page shows; embedded in the page as JSON. */
export interface ReportData {
  summary: RunSummary;
  analytics: QueryResult[];
  charts: {
    bucketLabel: string;
    bucketMinutes: number;
    changesPerMinute: Record<string, unknown>[];
    revenueByCountryAndChannel: Record<string, unknown>[];
    statusFunnel: Record<string, unknown>[];
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function table(result: QueryResult, limit = 50): string {
  const head = result.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = result.rows
    .slice(0, limit)
    .map(
      (row) =>
        `<tr>${result.columns.map((c) => `<td>${escapeHtml(String(row[c] ?? ''))}</td>`).join('')}</tr>`,
    )
    .join('');
  const more =
    result.rows.length > limit
      ? `<p class="note">${result.rows.length - limit} more rows in analytics.json</p>`
      : '';
  return `<h3>${escapeHtml(result.title)}</h3><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}`;
}

const STYLE = `
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:980px;color:#222;padding:0 16px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:14px}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
.tile{border:1px solid #ddd;border-radius:6px;padding:8px 10px}.tile b{display:block;font-size:20px}
.ok{color:#2e7d32}.fail{color:#c62828}figure{margin:12px 0;border:1px solid #eee;border-radius:6px;padding:8px}
figcaption{font-weight:600;font-size:13px;margin-bottom:4px}table{border-collapse:collapse;font-size:12px}
td,th{border:1px solid #ddd;padding:2px 6px;text-align:right}th{background:#f5f5f5}.note{color:#666;font-size:12px}
`;

/** A self-contained HTML page: styles, data and drawing script inline, nothing fetched. */
export function renderReport(data: ReportData): string {
  const s = data.summary;
  const verdict =
    s.reconciliation.differences === 0
      ? `<span class="ok">0 differences: the lake's current state equals the source</span>`
      : `<span class="fail">${s.reconciliation.differences} differences (missing ${s.reconciliation.missing}, extra ${s.reconciliation.extra}, mismatched ${s.reconciliation.mismatched})</span>`;
  const t = s.currentTable;
  const tableDifferences = t.missing + t.extra + t.mismatched;
  const tableVerdict =
    tableDifferences === 0
      ? `<span class="ok">0 differences: ${t.rows} rows, ${t.matched} matched</span>`
      : `<span class="fail">${tableDifferences} differences (missing ${t.missing}, extra ${t.extra}, mismatched ${t.mismatched})</span>`;
  const tiles: [string, string][] = [
    ['orders', String(s.run.orders)],
    ['change events', String(s.changes.total)],
    ['inserts / updates / deletes', `${s.changes.insert} / ${s.changes.update} / ${s.changes.delete}`],
    ['lake rows', String(s.lake.rows)],
    ['view / table orders', `${s.reconciliation.lakeOrders} / ${t.rows}`],
    ...(s.backfill
      ? ([
          [
            'snapshot rows (duplicates dropped)',
            `${s.backfill.snapshotRows} (${s.backfill.duplicatesDropped})`,
          ],
        ] as [string, string][])
      : []),
    ['lake files', `${s.lake.files} (${(s.lake.bytes / 1024).toFixed(0)} KiB)`],
    ['failed records', String(s.errors.records)],
    ['invocations (retries)', `${s.firehose.invocations} (${s.firehose.retries})`],
    ['change events/s', Math.round(s.changeEventsPerSecond).toLocaleString('en-US')],
  ];
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>CDC pipeline local run</title><style>${STYLE}</style></head>
<body>
<h1>CDC pipeline: local run</h1>
<p class="note">capture ${escapeHtml(s.run.capture)} · format ${escapeHtml(s.run.format)} · chaos ${s.run.chaos ? 'on' : 'off'} · source ${escapeHtml(s.run.source)} · seed ${s.run.seed} · ${escapeHtml(s.run.startedAt)}</p>
<p>Revenue after discounts: ${escapeHtml(revenueAfterDiscountsLine(data.analytics) || 'no paid orders')}</p>
<p>Reconciliation of the view <code>orders_current</code>: ${verdict}</p>
<p>Reconciliation of the table <code>orders_state</code> (${t.refreshes} windowed refreshes of ${t.windowHours} h folding ${t.deliveries} deliveries, then a full pass that changed ${t.fullPassRows} rows): ${tableVerdict}</p>
<div class="tiles">${tiles.map(([k, v]) => `<div class="tile">${escapeHtml(k)}<b>${escapeHtml(v)}</b></div>`).join('')}</div>
<h2>Charts</h2>
<figure data-chart="changes-per-minute"><figcaption>Changes per ${escapeHtml(data.charts.bucketLabel)} by type (event time, UTC)</figcaption></figure>
<figure data-chart="revenue-by-country-and-channel"><figcaption>Revenue by country and channel (paid, shipped, delivered; current state)</figcaption></figure>
<figure data-chart="status-funnel"><figcaption>Status funnel: orders that reached each status, and orders in it now</figcaption></figure>
<figure data-chart="reconciliation"><figcaption>Reconciliation: source final state vs the lake's current-state view</figcaption></figure>
<figure data-chart="stage-durations"><figcaption>Stage durations (ms)</figcaption></figure>
<h2>Analytics (the Athena named queries, run by DuckDB)</h2>
${data.analytics
  .filter((r) => r.columns.length > 0 && r.rows.length > 0)
  .map((r) => table(r))
  .join('\n')}
<script type="application/json" id="report-data">${json}</script>
<script>${REPORT_SCRIPT}</script>
</body></html>
`;
}
