import { HELP_TEXT } from './cli-help';
import { type CliOptions, parseCliOptions } from './cli-options';
import { INSERT_MODE, type InsertMode } from './constants';
import { createOrdersTable } from './create-orders-table';
import { connectDynamoDB, connectionError, describeOrdersTable } from './dynamodb-connection';
import { DynamoDBOrderTable } from './dynamodb-order-table';
import { InvalidOptionError, OrderGeneratorError, TableNotFoundError } from './errors';
import { generateOperations } from './generate-operations';
import { OrderWriter } from './order-writer';
import { ProgressDisplay, type ProgressStream } from './progress-display';
import type { OrderOperation } from './types';
import type { WriteFailure, WriteSummary } from './write-summary';

/** The process around the CLI; tests pass their own. */
export interface CliIo {
  readonly stdout: ProgressStream & { write(text: string, done?: () => void): boolean };
  readonly stderr: ProgressStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const SHOWN_FAILURES = 10;

/** Runs `order-generator` with the given arguments; resolves to the exit status. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliOptions(argv);
  } catch (error) {
    io.stderr.write(`order-generator: ${messageOf(error)}\nRun order-generator --help for the flags.\n`);
    return 2;
  }
  if (options.help) {
    io.stdout.write(HELP_TEXT);
    return 0;
  }
  try {
    const operations = generateOperations({
      orders: options.orders,
      seed: options.seed,
      deleteRate: options.deleteRate,
      cancelRate: options.cancelRate,
      returnRate: options.returnRate,
      startTime: options.startTime,
      couponShare: options.couponShare,
      couponFrom: options.couponFrom,
    });
    if (options.dryRun) return await dryRun(operations, options, io);
    return await writeToTable(operations, options, io);
  } catch (error) {
    io.stderr.write(`order-generator: ${messageOf(error)}\n`);
    return error instanceof InvalidOptionError ? 2 : 1;
  }
}

async function dryRun(operations: Iterable<OrderOperation>, options: CliOptions, io: CliIo): Promise<number> {
  const counts = { insert: 0, update: 0, delete: 0 };
  let couponOrders = 0;
  let chunk = '';
  for (const operation of operations) {
    counts[operation.type] += 1;
    if (operation.type === 'insert' && operation.order.couponCode !== undefined) couponOrders += 1;
    chunk += `${JSON.stringify(operation)}\n`;
    if (chunk.length >= 65_536) {
      await writeOut(io, chunk);
      chunk = '';
    }
  }
  if (chunk !== '') await writeOut(io, chunk);
  const summary = {
    dryRun: true,
    orders: counts.insert,
    inserts: counts.insert,
    updates: counts.update,
    deletes: counts.delete,
    operations: counts.insert + counts.update + counts.delete,
    couponOrders,
    seed: options.seed,
  };
  io.stderr.write(
    `dry run: ${summary.orders} orders (${couponOrders} with a coupon), ${summary.inserts} inserts, ${summary.updates} updates, ${summary.deletes} deletes\n`,
  );
  if (options.json) await writeOut(io, `${JSON.stringify(summary)}\n`);
  return 0;
}

async function writeToTable(
  operations: Iterable<OrderOperation>,
  options: CliOptions,
  io: CliIo,
): Promise<number> {
  const connection = connectDynamoDB({
    endpoint: options.endpoint,
    region: options.region,
    maxSockets: Math.max(64, options.concurrency),
    env: io.env,
  });
  if (connection.dummyCredentials) {
    io.stderr.write(
      `no AWS credentials set: using placeholder credentials for the local endpoint ${options.endpoint}\n`,
    );
  }
  let insertMode: InsertMode = options.bulk ? INSERT_MODE.BATCH : INSERT_MODE.CONDITIONAL;
  try {
    if (options.createTable) {
      const table = await createOrdersTable(connection.client, options.table).catch((error: unknown) => {
        throw connectionError(error, connection, options.table);
      });
      io.stderr.write(
        `table ${options.table}: ${table.created ? 'created' : 'exists already, used as it is'}\n`,
      );
      // A table this run created holds none of the keys, so unconditional batch inserts are safe.
      if (table.created) insertMode = INSERT_MODE.BATCH;
    }
    const description = await describeOrdersTable(connection, options.table);
    const keys = (description.KeySchema ?? [])
      .map((key) => `${key.AttributeName} (${key.KeyType})`)
      .join(', ');
    if (keys !== 'orderId (HASH)') {
      throw new OrderGeneratorError(
        `table ${options.table} has the key ${keys}; orders need orderId (HASH) alone`,
      );
    }
  } catch (error) {
    if (error instanceof TableNotFoundError) {
      io.stderr.write(`order-generator: ${error.message}; pass --create-table to create it\n`);
      return 1;
    }
    throw error;
  }

  const display = new ProgressDisplay(io.stderr, options.orders);
  const writer = new OrderWriter(new DynamoDBOrderTable(connection.client, options.table), {
    concurrency: options.concurrency,
    transactionSize: options.transactionSize,
    insertMode,
    ratePerSecond: options.rate,
    onProgress: (progress) => display.update(progress),
    maxFailureDetails: SHOWN_FAILURES,
  });
  let summary: WriteSummary;
  try {
    summary = await writer.write(operations);
  } finally {
    display.done();
    connection.client.destroy();
  }
  for (const failure of summary.failures) io.stderr.write(`failed: ${describeFailure(failure)}\n`);
  if (summary.failed > summary.failures.length) {
    io.stderr.write(`failed: … and ${summary.failed - summary.failures.length} more\n`);
  }
  io.stdout.write(
    `orders ${summary.orders}, inserts ${summary.inserts}, updates ${summary.updates}, deletes ${summary.deletes}, ` +
      `retries ${summary.retries}, throttles ${summary.throttles}, ambiguous resolved ${summary.ambiguousResolved}, ` +
      `failed ${summary.failed}, ` +
      `elapsed ${(summary.elapsedMs / 1000).toFixed(1)} s, ${Math.round(summary.operationsPerSecond)} operations/s\n`,
  );
  if (options.json) {
    const { failures: _failures, ...counts } = summary;
    await writeOut(
      io,
      `${JSON.stringify({ ...counts, table: options.table, seed: options.seed, insertMode })}\n`,
    );
  }
  return summary.failed === 0 ? 0 : 1;
}

// Only ids and reasons: a failure line never carries the order's personal data.
function describeFailure(failure: WriteFailure): string {
  return `${failure.type} ${failure.orderId} after ${failure.attempts} attempt(s): ${failure.errorName}: ${failure.reason}`;
}

function messageOf(error: unknown): string {
  if (error instanceof OrderGeneratorError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function writeOut(io: CliIo, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (io.stdout.write(text, () => resolve()) === true) resolve();
  });
}
