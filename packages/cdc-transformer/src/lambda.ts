import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { CHANGE_TYPE } from '@org/order-schema';
import type { Context } from 'aws-lambda';
import { DEFAULT_METRICS_NAMESPACE, DEFAULT_SERVICE_NAME, MAX_LOGGED_FAILURES, METRIC } from './constants';
import { transformFirehoseEvent } from './transform-firehose-event';
import type {
  BatchOutcome,
  FirehoseTransformationEvent,
  FirehoseTransformationResult,
  LambdaContext,
} from './types';

const serviceName = process.env['POWERTOOLS_SERVICE_NAME'] || DEFAULT_SERVICE_NAME;

/** Structured JSON logs; debug logs for a sampled share of invocations (`POWERTOOLS_LOGGER_SAMPLE_RATE`). */
export const logger = new Logger({ serviceName });

/** EMF metrics in `POWERTOOLS_METRICS_NAMESPACE` (default `CdcSalesPipeline`). */
export const metrics = new Metrics({
  namespace: process.env['POWERTOOLS_METRICS_NAMESPACE'] || DEFAULT_METRICS_NAMESPACE,
  serviceName,
});

function report(outcome: BatchOutcome): void {
  const { summary, failures } = outcome;
  metrics.addMetric(METRIC.RECORDS_OK, MetricUnit.Count, summary.ok);
  metrics.addMetric(METRIC.RECORDS_FAILED, MetricUnit.Count, summary.failed);
  metrics.addMetric(METRIC.RECORDS_OVER_RESPONSE_LIMIT, MetricUnit.Count, summary.overResponseLimit);
  metrics.addMetric(METRIC.INSERT_ROWS, MetricUnit.Count, summary.changeTypes[CHANGE_TYPE.INSERT]);
  metrics.addMetric(METRIC.UPDATE_ROWS, MetricUnit.Count, summary.changeTypes[CHANGE_TYPE.MODIFY]);
  metrics.addMetric(METRIC.DELETE_ROWS, MetricUnit.Count, summary.changeTypes[CHANGE_TYPE.REMOVE]);
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
 * The Firehose transformation Lambda: decode → core → result, log, metric. Each record's fate is decided
 * by `transformFirehoseEvent`; this adapter only reports it. A malformed event is logged and rethrown so
 * that Firehose retries it.
 */
export async function handler(
  event: FirehoseTransformationEvent,
  context: LambdaContext,
): Promise<FirehoseTransformationResult> {
  logger.refreshSampleRateCalculation();
  logger.addContext(context as Context);
  logger.appendKeys({ invocationId: event?.invocationId });
  metrics.captureColdStartMetric(context.functionName);
  const batchSize = Array.isArray(event?.records) ? event.records.length : 0;
  metrics.addMetric(METRIC.RECORDS_IN, MetricUnit.Count, batchSize);
  metrics.addMetric(METRIC.BATCH_SIZE, MetricUnit.Count, batchSize);
  try {
    const outcome = transformFirehoseEvent(event);
    report(outcome);
    return outcome.result;
  } catch (error) {
    logger.error('invocation failed', error as Error);
    throw error;
  } finally {
    metrics.publishStoredMetrics();
  }
}
