import { SCHEMA_VERSION, type SchemaVersion } from '@org/order-schema';

/**
 * A staged upgrade of the transformer, played on the run's simulated clock: invocations before the
 * upgrade write row layout `from`, invocations from it on write layout `to`, into the same lake. The
 * moment is set once, while the run goes (the generator's first order that may carry a coupon: a
 * fleet is upgraded before the application writes the new attributes). Firehose's format conversion
 * follows the same moment, as the Glue table gains the columns in the same deployment.
 */
export class TransformerUpgrade {
  private upgradeAtMs: number | undefined;

  public constructor(
    public readonly from: SchemaVersion = 1,
    public readonly to: SchemaVersion = SCHEMA_VERSION,
  ) {}

  /** When the upgrade happened (simulated), or undefined while it has not been scheduled. */
  public get atMs(): number | undefined {
    return this.upgradeAtMs;
  }

  /** Schedules the upgrade at `atMs`; the first call wins. */
  public scheduleAt(atMs: number): void {
    this.upgradeAtMs ??= atMs;
  }

  /** The layout an invocation (or a conversion) at `clockMs` writes. */
  public layoutAt(clockMs: number): SchemaVersion {
    return this.upgradeAtMs !== undefined && clockMs >= this.upgradeAtMs ? this.to : this.from;
  }
}
