import { CHANGE_TYPE, type LakeRow, ORDER_STATUSES } from '../../src/index';
import { exampleLakeRow } from '../../src/testing/index';

/** What sets one change of one order apart; the rest comes from `exampleLakeRow`. */
export interface ChangeSpec {
  readonly orderId: string;
  readonly version: number;
  /** event_time, ISO 8601 UTC with milliseconds: it decides the lake partition. */
  readonly at: string;
  readonly deleted?: boolean;
  /** @default `<orderId>/<version>` (`/delete` appended for a delete) */
  readonly eventId?: string;
  /** @default `at` plus one second */
  readonly ingestAt?: string;
  /** @default 20 digits that grow with the version */
  readonly sequence?: string;
}

const plusSeconds = (iso: string, seconds: number): string =>
  new Date(Date.parse(iso) + seconds * 1000).toISOString();

/** A valid lake row for one change: its status and total follow the version, so versions differ in content. */
export function change(spec: ChangeSpec): LakeRow {
  const { orderId, version, at, deleted = false } = spec;
  const status = ORDER_STATUSES[(version - 1) % ORDER_STATUSES.length]!;
  return exampleLakeRow({
    event_id: spec.eventId ?? `${orderId}/${version}${deleted ? '/delete' : ''}`,
    change_type: deleted ? CHANGE_TYPE.REMOVE : version === 1 ? CHANGE_TYPE.INSERT : CHANGE_TYPE.MODIFY,
    event_time: at,
    ingest_time: spec.ingestAt ?? plusSeconds(at, 1),
    sequence: spec.sequence ?? `${10n ** 19n + BigInt(version * 1000 + (deleted ? 1 : 0))}`,
    order_id: orderId,
    status,
    previous_status: version === 1 ? null : ORDER_STATUSES[(version - 2) % ORDER_STATUSES.length]!,
    order_total: `${100 + version}.00`,
    items: [
      {
        sku: 'SKU-1',
        product_name: 'Headphones',
        category: 'electronics',
        quantity: 1,
        unit_price: `${100 + version}.00`,
      },
    ],
    version,
    is_deleted: deleted,
  });
}
