import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createHandler, type FirehoseTransformationHandler } from '@org/cdc-transformer/lambda';
import type { SchemaVersion } from '@org/order-schema';

const SERVICE_NAME = 'cdc-transformer-local';
const NAMESPACE = 'CdcSalesPipelineLocal';

/**
 * Powertools Metrics that are counted and then dropped: a local run has no CloudWatch to read the
 * EMF, which would otherwise be a JSON blob on stdout per invocation.
 */
class DroppedMetrics extends Metrics {
  public override publishStoredMetrics(): this {
    this.clearMetrics();
    this.clearDimensions();
    this.clearMetadata();
    return this;
  }

  /** The cold-start metric goes through a single-metric instance, dropped as well. */
  public override singleMetric(): Metrics {
    return new DroppedMetrics({ namespace: NAMESPACE, serviceName: SERVICE_NAME, singleMetric: true });
  }
}

/**
 * The real Firehose transformation handler of `@org/cdc-transformer/lambda` for a local run: its
 * metrics dropped, its logs silent unless `POWERTOOLS_LOG_LEVEL` asks for them. `schemaVersion` is
 * the row layout it writes (default the current one).
 */
export function realTransformationHandler(schemaVersion?: SchemaVersion): FirehoseTransformationHandler {
  const logLevel = process.env['POWERTOOLS_LOG_LEVEL'] ? {} : { logLevel: 'SILENT' as const };
  return createHandler({
    logger: new Logger({ serviceName: SERVICE_NAME, ...logLevel }),
    metrics: new DroppedMetrics({ namespace: NAMESPACE, serviceName: SERVICE_NAME }),
    schemaVersion,
  });
}

/** The real handler of each row layout, made on first use: one deployed version per layout. */
export function realHandlersByLayout(): (layout: SchemaVersion) => FirehoseTransformationHandler {
  const handlers = new Map<SchemaVersion, FirehoseTransformationHandler>();
  return (layout) => {
    let handler = handlers.get(layout);
    if (!handler) {
      handler = realTransformationHandler(layout);
      handlers.set(layout, handler);
    }
    return handler;
  };
}
