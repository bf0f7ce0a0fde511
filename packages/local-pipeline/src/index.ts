export { runLocalPipeline } from './run-local-pipeline';
export type { RunOptions, RunProgress, RunStage } from './run-options';
export type { RunSummary } from './run-summary';
