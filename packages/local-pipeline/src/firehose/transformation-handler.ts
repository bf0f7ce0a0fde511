import type {
  FirehoseTransformationEvent,
  FirehoseTransformationResult,
  LambdaContext,
} from '@org/cdc-transformer';

/** A transformation Lambda as Firehose invokes it. */
export type TransformationHandler = (
  event: FirehoseTransformationEvent,
  context: LambdaContext,
) => Promise<FirehoseTransformationResult> | FirehoseTransformationResult;

/**
 * Environment for the real handler in a local run: Powertools would otherwise print a JSON log line
 * and an EMF metrics blob per invocation to stdout. Values already set by the user win.
 */
const LOCAL_HANDLER_ENVIRONMENT = {
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_SERVICE_NAME: 'cdc-transformer-local',
  POWERTOOLS_METRICS_NAMESPACE: 'CdcSalesPipelineLocal',
} as const;

/**
 * The real Firehose transformation handler from `@org/cdc-transformer/lambda`. The module creates its
 * logger and metrics at import, so the environment is set before importing it.
 */
export async function realTransformationHandler(): Promise<TransformationHandler> {
  for (const [name, value] of Object.entries(LOCAL_HANDLER_ENVIRONMENT)) {
    if (process.env[name] === undefined) process.env[name] = value;
  }
  const module = await import('@org/cdc-transformer/lambda');
  return module.handler;
}
