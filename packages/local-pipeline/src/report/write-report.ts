import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LakeAnalytics } from '../analytics/analytics';
import { OUTPUT_FILES } from '../output-directory';
import type { RunSummary } from '../run-summary';
import { renderReportInBrowser } from './report-browser';
import { renderReport } from './report-html';

/** Writes `report.html` under `outDir` and, with `screenshot`, `report.png` of it. */
export async function writeReport(
  outDir: string,
  summary: RunSummary,
  analytics: LakeAnalytics,
  screenshot: boolean,
): Promise<void> {
  const { results, charts } = analytics;
  const htmlPath = join(outDir, OUTPUT_FILES.report);
  await writeFile(
    htmlPath,
    renderReport({
      summary,
      analytics: results,
      charts: {
        bucketLabel: charts.bucketLabel,
        bucketMinutes: charts.bucketMinutes,
        changesPerMinute: charts.changesPerBucket,
        revenueByCountryAndChannel: charts.revenueByCountryAndChannel,
        statusFunnel: results.find((result) => result.id === 'status-funnel')?.rows ?? [],
      },
    }),
  );
  if (screenshot) await renderReportInBrowser(htmlPath, join(outDir, OUTPUT_FILES.screenshot));
}
