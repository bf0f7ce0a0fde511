import { DEFAULT_TABLE_NAME } from '@org/order-schema';
import { DEFAULT_CLI_ORDERS } from './cli-options';
import { GENERATE_DEFAULTS, WRITER_DEFAULTS } from './constants';

export const HELP_TEXT = `Usage: order-generator [flags]

Generates realistic, seeded order lifecycles (insert PLACED, then PAID, SHIPPED, DELIVERED, with some
CANCELLED, RETURNED and deleted orders) and writes them to a DynamoDB table. Every update is written
with a condition on the previous version; the same seed and flags give the same operations.

Flags:
  --endpoint URL       DynamoDB endpoint, e.g. http://localhost:8000 for DynamoDB Local.
                       For a local endpoint (localhost, 127.x, ::1) with no AWS credentials in the
                       environment, placeholder credentials are used (DynamoDB Local ignores them).
  --region REGION      AWS region (default: AWS_REGION, AWS_DEFAULT_REGION or the shared config;
                       us-east-1 for a local endpoint).
  --table NAME         Table name (default: ${DEFAULT_TABLE_NAME}).
  --orders N           Number of orders to generate (default: ${DEFAULT_CLI_ORDERS}); about 4 operations each.
  --seed S             Seed of the generator, any text (default: ${GENERATE_DEFAULTS.seed}).
  --rate OPS           At most OPS operations per second (default: as fast as the table allows).
  --concurrency N      Requests in flight at once (default: ${WRITER_DEFAULTS.concurrency}).
  --transaction-size N Up to N (<= 100) conditional writes of different orders in one
                       TransactWriteItems request (default: 1, each on its own). Fewer requests,
                       but DynamoDB charges transactional writes twice.
  --delete-rate R      Share of orders deleted at the end of their life, 0..1 (default: ${GENERATE_DEFAULTS.deleteRate}).
  --cancel-rate R      Share of orders cancelled, 0..1 (default: ${GENERATE_DEFAULTS.cancelRate}).
  --return-rate R      Share of delivered orders returned, 0..1 (default: ${GENERATE_DEFAULTS.returnRate}).
  --start-time ISO     Time of the first order (default: ${GENERATE_DEFAULTS.startTime}).
  --coupon-share P     Share of new orders placed with a coupon, 0..1, from the point --coupon-from
                       on (default: ${GENERATE_DEFAULTS.couponShare}). Such an order carries couponCode and discountTotal
                       (schema version 2): orderTotal stays the sum of its lines, before the
                       discount; the customer pays orderTotal - discountTotal.
  --coupon-from F      Where coupons start, as a share of the run's orders, 0..1: order n may carry
                       one when n > F x orders (default: ${GENERATE_DEFAULTS.couponFrom}, the second half of the run).
  --create-table       Create the table (orderId hash key, on-demand, stream NEW_AND_OLD_IMAGES) and
                       wait until it is active. A table created by this run is known to be empty, so
                       inserts then go out as BatchWriteItem batches.
  --bulk               Insert with BatchWriteItem (25 per request, unconditional): only for a table that
                       holds none of the generated keys. Without it, each insert is a PutItem
                       conditional on the key not existing.
  --dry-run            Print the operations as JSON lines on stdout; no AWS call.
  --json               Print a machine-readable summary as the last line of stdout.
  -h, --help           Show this help.

Progress goes to stderr (one updating line on a terminal, plain lines otherwise); the summary
(orders, inserts, updates, deletes, retries, throttles, ambiguous resolved, failed, elapsed,
operations/s) to stdout. "Ambiguous resolved" counts writes whose answer was lost after they were
applied (seen when a retry then failed its condition against exactly that write); "failed" counts
writes not applied.
Exit status: 0 when every operation was written, 1 when some failed or the run stopped, 2 for bad flags.
`;
