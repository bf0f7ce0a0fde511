import { DynamoDBOrderTable, type WriteSummary } from '@org/order-generator';
import { DEFAULTS } from '../constants';
import { SeededRandom } from '../random';
import type { RunOptions } from '../run-options';
import { runEndpointSource } from './dynamodb-endpoint-source';
import { type BackfillPlan, runEmbeddedBackfill } from './embedded-backfill';
import { EmbeddedOrderTable } from './embedded-order-table';
import { generatorWorkload } from './generator-workload';
import type { ChangeSink, SourceState } from './table-change';
import { simulatedClock } from './workload';

/** What the source stage leaves behind: the table's final state and the generator's write counts. */
export interface SourceRun {
  state: SourceState;
  /** The generator's writes, or undefined for a workload given in the options. */
  writes: WriteSummary | undefined;
}

/**
 * The source stage: the workload's writes into the embedded table, or into a fresh table at
 * `dynamodbEndpoint` whose stream is read back; every change goes to `sink` in commit order.
 * `onFirstCouponOrder` hears when the first order that may carry a coupon is placed; `backfill` sends
 * the pre-existing orders' snapshots.
 */
export async function runSource(
  options: Pick<
    RunOptions,
    'orders' | 'seed' | 'workload' | 'dynamodbEndpoint' | 'couponShare' | 'couponFrom' | 'preexisting'
  >,
  startedAt: Date,
  sink: ChangeSink,
  onFirstCouponOrder?: (atMs: number) => void,
  backfill?: BackfillPlan,
): Promise<SourceRun> {
  const coupons = { share: options.couponShare, from: options.couponFrom, onFirstCouponOrder };
  const generated = options.workload
    ? undefined
    : generatorWorkload(options.orders, options.seed, coupons, options.preexisting);
  const workload = options.workload ?? generated!;
  let state: SourceState;
  if (options.dynamodbEndpoint) {
    state = await runEndpointSource({
      endpoint: options.dynamodbEndpoint,
      region: process.env['AWS_REGION'] ?? DEFAULTS.region,
      tableName: `${DEFAULTS.tableName}-local-${Date.now().toString(36)}`,
      workload,
      createTarget: (client, tableName) => new DynamoDBOrderTable(client, tableName),
      sink,
      backfill,
    });
  } else {
    const clock = simulatedClock();
    const table = new EmbeddedOrderTable({
      origin: {
        region: DEFAULTS.region,
        accountId: DEFAULTS.accountId,
        tableName: DEFAULTS.tableName,
        streamLabel: startedAt.toISOString().replace('Z', ''),
      },
      sink,
      clock,
      random: new SeededRandom(options.seed + 29),
      streamEnabled: !backfill,
    });
    if (backfill) {
      // The export's point in time: the last write before the stream turned on.
      const exportMs = () => clock(undefined);
      await runEmbeddedBackfill(table, workload, exportMs, new SeededRandom(options.seed + 31), backfill);
    } else {
      await workload.run(table);
    }
    state = table;
  }
  return { state, writes: generated?.summary() };
}
