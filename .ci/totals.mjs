// Totals of one run of the test command, from each package's vitest JSON report and turbo's run summary:
//   node .ci/totals.mjs run <totals file> <label> [--tests-must-run]   per package and overall, appended there
//   node .ci/totals.mjs overall <totals file>                          the sum of every run recorded there
// Exits 1 when a test failed, a report is missing, or (--tests-must-run) turbo replayed a test task from
// its cache instead of running it.
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [mode, totalsFile, label, flag] = process.argv.slice(2);

if (mode === 'overall') {
  const runs = readFileSync(totalsFile, 'utf8').trim().split('\n').filter(Boolean).map(JSON.parse);
  const passed = runs.reduce((sum, run) => sum + run.passed, 0);
  const failed = runs.reduce((sum, run) => sum + run.failed, 0);
  for (const run of runs) console.log(`ci: ${run.label}: ${run.passed} passed, ${run.failed} failed`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || runs.length === 0 ? 1 : 0);
}

// The tasks of this run: how long each took and whether turbo ran it or replayed it from the cache.
const testTasks = new Map();
const executed = [];
const runsDir = join('.turbo', 'runs');
if (existsSync(runsDir)) {
  for (const file of readdirSync(runsDir).filter((name) => name.endsWith('.json'))) {
    const summary = JSON.parse(readFileSync(join(runsDir, file), 'utf8'));
    for (const task of summary.tasks ?? []) {
      const seconds = ((task.execution?.endTime ?? 0) - (task.execution?.startTime ?? 0)) / 1000;
      if (task.cache?.status !== 'HIT') executed.push({ id: task.taskId, seconds });
      if (task.task === 'test') testTasks.set(task.directory, { status: task.cache?.status, seconds });
    }
  }
}

let passed = 0;
let failed = 0;
let files = 0;
for (const group of ['packages', 'apps', 'tools']) {
  if (!existsSync(group)) continue;
  for (const dir of readdirSync(group)) {
    const report = join(group, dir, 'test-results', 'vitest.json');
    if (!existsSync(report)) continue;
    const json = JSON.parse(readFileSync(report, 'utf8'));
    // A file that fails to load counts as a failure even when no test in it ran.
    const failedHere = json.numFailedTests + (json.success === false && json.numFailedTests === 0 ? 1 : 0);
    passed += json.numPassedTests;
    failed += failedHere;
    files += 1;
    const task = testTasks.get(`${group}/${dir}`);
    const how =
      task === undefined
        ? ''
        : task.status === 'HIT'
          ? ' (replayed from cache)'
          : ` (${task.seconds.toFixed(1)} s)`;
    console.log(`ci: ${label}: ${group}/${dir}: ${json.numPassedTests} passed, ${failedHere} failed${how}`);
  }
}
if (files === 0) {
  console.log(`ci: ${label}: no test report found`);
  failed += 1;
}
const replayed = [...testTasks].filter(([, task]) => task.status === 'HIT').map(([directory]) => directory);
if (flag === '--tests-must-run' && (testTasks.size === 0 || replayed.length > 0)) {
  console.log(
    testTasks.size === 0
      ? `ci: ${label}: no turbo run summary: cannot tell whether the tests ran`
      : `ci: ${label}: turbo replayed the tests of ${replayed.join(', ')} from its cache instead of running them`,
  );
  failed += 1;
}
const slowest = executed.sort((a, b) => b.seconds - a.seconds).slice(0, 8);
if (slowest.length > 0) {
  console.log(
    `ci: ${label}: slowest tasks: ${slowest.map((t) => `${t.id} ${t.seconds.toFixed(0)} s`).join(', ')}`,
  );
}
console.log(`ci: ${label}: ${passed} passed, ${failed} failed`);
appendFileSync(totalsFile, `${JSON.stringify({ label, passed, failed })}\n`);
process.exit(failed > 0 ? 1 : 0);
