import type { RunProgress, RunStage } from './run-options';

/** The counts a progress report carries. */
export type ProgressCounts = Pick<RunProgress, 'changes' | 'lakeRows' | 'failedRecords'>;

/** The stages whose time a run summary reports. */
export type TimedStage = Exclude<RunStage, 'done'>;

/** Times the stages of one run and reports where it is to `onProgress`. */
export class RunClock {
  public readonly startedAt = new Date();
  public readonly durationsMs: Partial<Record<TimedStage, number>> = {};
  /** CPU time of the whole process (every thread: workers, DuckDB, zlib) per stage. */
  public readonly cpuMs: Partial<Record<TimedStage, number>> = {};
  private readonly started = performance.now();
  private readonly onProgress: ((progress: RunProgress) => void) | undefined;

  public constructor(onProgress?: (progress: RunProgress) => void) {
    this.onProgress = onProgress;
  }

  /** Milliseconds since the run started. */
  public get elapsedMs(): number {
    return performance.now() - this.started;
  }

  public progress(stage: RunStage, counts: ProgressCounts): void {
    this.onProgress?.({ stage, ...counts, elapsedMs: this.elapsedMs });
  }

  /**
   * Runs a stage and keeps its duration; reports its start with `counts`, or leaves the reports to the
   * stage (streaming reports as changes go through).
   */
  public async stage<T>(
    stage: TimedStage,
    counts: ProgressCounts | undefined,
    work: () => Promise<T>,
  ): Promise<T> {
    if (counts) this.progress(stage, counts);
    const started = performance.now();
    const cpu = process.cpuUsage();
    try {
      return await work();
    } finally {
      this.durationsMs[stage] = performance.now() - started;
      const used = process.cpuUsage(cpu);
      this.cpuMs[stage] = (used.user + used.system) / 1000;
    }
  }
}
