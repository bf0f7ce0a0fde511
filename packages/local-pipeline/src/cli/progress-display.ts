import type { RunProgress, RunStage } from '../run-options';

const STAGE_TEXT: Record<RunStage, string> = {
  streaming: 'streaming changes',
  'source-state': 'writing source state',
  analytics: 'running analytics',
  reconciliation: 'reconciling',
  report: 'writing report',
  done: 'done',
};

/**
 * Progress on stderr: one self-overwriting line on a terminal, a plain line per stage otherwise
 * (so logs and CI output stay readable).
 */
export function progressDisplay(stream: NodeJS.WriteStream): (progress: RunProgress) => void {
  let lastStage: RunStage | undefined;
  return (progress) => {
    const seconds = (progress.elapsedMs / 1000).toFixed(1);
    const text = `${STAGE_TEXT[progress.stage]} · ${progress.changes.toLocaleString('en-US')} changes · ${progress.lakeRows.toLocaleString('en-US')} lake rows · ${progress.failedRecords} failed · ${seconds}s`;
    if (stream.isTTY) {
      stream.write(`\r\x1b[2K${text}${progress.stage === 'done' ? '\n' : ''}`);
    } else if (progress.stage !== lastStage) {
      stream.write(`${text}\n`);
    }
    lastStage = progress.stage;
  };
}
