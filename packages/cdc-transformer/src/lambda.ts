import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { CHANGE_TYPE, type SchemaVersion } from '@org/order-schema';
import type { Context } from 'aws-lambda';
import { DEFAULT_METRICS_NAMESPACE, DEFAULT_SERVICE_NAME, MAX_LOGGED_FAILURES, METRIC } from './constants';
import { rowLayoutOf, transformFirehoseEvent } from './transform-firehose-event';
import type {
  BatchOutcome,
  FirehoseTransformationEvent,
  FirehoseTransformationResult,
  LambdaContext,
} from './types';

/** The Firehose transformation Lambda handler. */
export type FirehoseTransformationHandler = (
  event: FirehoseTransformationEvent,
  context: LambdaContext,
) => Promise<FirehoseTransformationResult>;

/** Options of `createHandler`; each has a default, so `createHandler()` is the deployed handler. */
export interface CreateHandlerOptions {
  /**
   * Where logs go.
   * @default - a Powertools Logger for `serviceName`, configured by the POWERTOOLS_* variables
   */
  logger?: Logger | undefined;
  /**
   * Where metrics go (EMF). A given instance keeps its own namespace and service.
   * @default - Powertools Metrics in `namespace`, service `serviceName`
   */
  metrics?: Metrics | undefined;
  /**
   * Service name of the default logger and metrics (also the `service` dimension of every metric).
   * @default POWERTOOLS_SERVICE_NAME, else 'cdc-transformer'
   */
  serviceName?: string | undefined;
  /**
   * Namespace of the default metrics.
   * @default POWERTOOLS_METRICS_NAMESPACE, else 'CdcSalesPipeline'
   */
  namespace?: string | undefined;
  /**
   * The lake row layout to write (`ProcessOptions.schemaVersion`): an older one only while a staged
   * upgrade keeps writing it. Checked when the handler is made.
   * @default SCHEMA_VERSION
   */
  schemaVersion?: SchemaVersion | undefined;
}

function report(outcome: BatchOutcome, logger: Logger, metrics: Metrics): void {
  const { summary, failures } = outcome;
  metrics.addMetric(METRIC.RECORDS_OK, MetricUnit.Count, summary.ok);
  metrics.addMetric(METRIC.RECORDS_FAILED, MetricUnit.Count, summary.failed);
  metrics.addMetric(METRIC.RECORDS_OVER_RESPONSE_LIMIT, MetricUnit.Count, summary.overResponseLimit);
  metrics.addMetric(METRIC.INSERT_ROWS, MetricUnit.Count, summary.changeTypes[CHANGE_TYPE.INSERT]);
  metrics.addMetric(METRIC.UPDATE_ROWS, MetricUnit.Count, summary.changeTypes[CHANGE_TYPE.MODIFY]);
  metrics.addMetric(METRIC.DELETE_ROWS, MetricUnit.Count, summary.changeTypes[CHANGE_TYPE.REMOVE]);
  metrics.addMetric(METRIC.SNAPSHOT_ROWS, MetricUnit.Count, summary.changeTypes[CHANGE_TYPE.SNAPSHOT]);
  metrics.addMetric(METRIC.BATCH_BYTES, MetricUnit.Bytes, summary.inputDataBytes);

  // Reasons name the field and the value, never an e-mail; a batch of garbage logs a bounded amount.
  for (const failure of failures.slice(0, MAX_LOGGED_FAILURES)) {
    logger.warn('record failed', { ...failure });
  }
  if (failures.length > MAX_LOGGED_FAILURES) {
    logger.warn('more records failed', { notLogged: failures.length - MAX_LOGGED_FAILURES });
  }
  const { partitions, ...counts } = summary;
  logger.info('batch transformed', { ...counts });
  logger.debug('rows per partition', { partitions });
}

/**
 * A Firehose transformation Lambda handler: decode → core → result, log, metric. Each record's fate is
 * decided by `transformFirehoseEvent`; the handler only reports it. A malformed event is logged and
 * rethrown so that Firehose retries it. The environment is read here, when the handler is made, and
 * not when this module is imported.
 *
 * @example export const handler = createHandler({ serviceName: 'orders-cdc', namespace: 'Orders' });
 */
export function createHandler(options: CreateHandlerOptions = {}): FirehoseTransformationHandler {
  // An unset or empty variable means the default, as for the construct that sets them.
  const serviceName = options.serviceName ?? (process.env['POWERTOOLS_SERVICE_NAME'] || DEFAULT_SERVICE_NAME);
  const namespace =
    options.namespace ?? (process.env['POWERTOOLS_METRICS_NAMESPACE'] || DEFAULT_METRICS_NAMESPACE);
  const logger = options.logger ?? new Logger({ serviceName });
  const metrics = options.metrics ?? new Metrics({ namespace, serviceName });
  const processOptions = { schemaVersion: rowLayoutOf(options.schemaVersion) };

  return async (event, context) => {
    logger.refreshSampleRateCalculation();
    logger.addContext(context as Context);
    logger.appendKeys({ invocationId: event?.invocationId });
    metrics.captureColdStartMetric(context.functionName);
    const batchSize = Array.isArray(event?.records) ? event.records.length : 0;
    metrics.addMetric(METRIC.RECORDS_IN, MetricUnit.Count, batchSize);
    metrics.addMetric(METRIC.BATCH_SIZE, MetricUnit.Count, batchSize);
    try {
      const outcome = transformFirehoseEvent(event, processOptions);
      report(outcome, logger, metrics);
      return outcome.result;
    } catch (error) {
      logger.error('invocation failed', error as Error);
      throw error;
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}

let deployed: FirehoseTransformationHandler | undefined;

/**
 * The handler the Lambda bundle exports (`index.handler`): `createHandler()`, made on the first
 * invocation, with Powertools Logger and Metrics configured by the environment.
 */
export function handler(
  event: FirehoseTransformationEvent,
  context: LambdaContext,
): Promise<FirehoseTransformationResult> {
  deployed ??= createHandler();
  return deployed(event, context);
}
