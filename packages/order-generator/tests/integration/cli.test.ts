import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDBLocal, freePort, startDynamoDBLocal } from '../helpers/dynamodb-local';
import { CLI, runCli as run } from '../helpers/run-cli';

const lastLine = (text: string) => JSON.parse(text.trimEnd().split('\n').at(-1)!);

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the package first (pnpm build)`);
});

describe('order-generator without AWS', () => {
  it('--help lists every flag and exits 0', async () => {
    const { status, stdout } = await run(['--help']);
    expect(status).toBe(0);
    for (const flag of [
      '--endpoint',
      '--region',
      '--table',
      '--orders',
      '--seed',
      '--rate',
      '--concurrency',
      '--delete-rate',
      '--create-table',
      '--dry-run',
      '--json',
      '--help',
      '--bulk',
      '--transaction-size',
      '--cancel-rate',
      '--return-rate',
      '--start-time',
      '--coupon-share',
      '--coupon-from',
    ]) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toMatch(/placeholder credentials/);
  });

  it('--dry-run prints the operations as JSON lines, the same for the same seed, with --json last', async () => {
    const args = ['--', '--dry-run', '--orders', '25', '--seed', 'cli', '--delete-rate', '0.2', '--json'];
    const first = await run(args);
    const second = await run(args);
    expect(first.status).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const lines = first.stdout.trimEnd().split('\n');
    const operations = lines.slice(0, -1).map((line) => JSON.parse(line));
    const summary = lastLine(first.stdout);
    expect(summary).toMatchObject({ dryRun: true, orders: 25, inserts: 25, seed: 'cli' });
    expect(summary.operations).toBe(operations.length);
    expect(operations.filter((o) => o.type === 'update')).toHaveLength(summary.updates);
    expect(operations.filter((o) => o.type === 'delete')).toHaveLength(summary.deletes);
    expect(operations[0]).toMatchObject({ type: 'insert', order: { orderId: 'ord-000001', version: 1 } });
    expect(first.stderr).toContain('dry run: 25 orders (0 with a coupon)');
  });

  it('--dry-run --coupon-share puts coupons on orders after --coupon-from only', async () => {
    const args = ['--dry-run', '--orders', '40', '--coupon-share', '1', '--coupon-from', '0.75', '--json'];
    const { status, stdout, stderr } = await run(args);
    expect(status).toBe(0);
    const inserts = stdout
      .trimEnd()
      .split('\n')
      .slice(0, -1)
      .map((line) => JSON.parse(line))
      .filter((operation) => operation.type === 'insert');
    expect(inserts.map((operation) => operation.order.couponCode !== undefined)).toEqual([
      ...Array(30).fill(false),
      ...Array(10).fill(true),
    ]);
    expect(lastLine(stdout)).toMatchObject({ orders: 40, couponOrders: 10 });
    expect(stderr).toContain('dry run: 40 orders (10 with a coupon)');
  });

  it.each([
    [['--orders', 'many'], 'invalid --orders: expected a whole number >= 0, got "many"'],
    [['--frobnicate'], 'invalid flag: expected one of the flags listed by --help, got "--frobnicate"'],
    [
      ['--delete-rate', '1.5'],
      'invalid --delete-rate: expected a share between 0 and 1, e.g. 0.05, got "1.5"',
    ],
    [
      ['--endpoint', 'localhost:8000'],
      'invalid --endpoint: expected an http(s) URL such as http://localhost:8000',
    ],
    [['--concurrency', '0'], 'invalid --concurrency: expected a whole number >= 1, got "0"'],
    [
      ['--transaction-size', '101'],
      'invalid --transaction-size: expected a whole number from 1 to 100, got "101"',
    ],
  ])('rejects %o with exit status 2 and a clear message', async (args, message) => {
    const { status, stderr, stdout } = await run(args);
    expect(status).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('--help');
    expect(stdout).toBe('');
  });

  it('names missing credentials for an AWS endpoint', async () => {
    const { status, stderr } = await run(['--orders', '1', '--region', 'eu-west-1']);
    expect(status).toBe(1);
    expect(stderr).toContain('no AWS credentials found');
    expect(stderr).toContain('AWS_PROFILE');
  });

  it('names an unreachable endpoint', async () => {
    const port = await freePort();
    const { status, stderr } = await run(['--endpoint', `http://127.0.0.1:${port}`, '--orders', '1']);
    expect(status).toBe(1);
    expect(stderr).toContain(`cannot reach DynamoDB at http://127.0.0.1:${port}`);
  }, 60_000);
});

describe('order-generator against DynamoDB Local', () => {
  let local: DynamoDBLocal;

  beforeAll(async () => {
    local = await startDynamoDBLocal();
  });

  afterAll(async () => {
    await local?.stop();
  });

  it('reports a missing table and suggests --create-table', async () => {
    const { status, stderr } = await run([
      '--endpoint',
      local.endpoint,
      '--table',
      'NoSuchOrders',
      '--orders',
      '1',
    ]);
    expect(status).toBe(1);
    expect(stderr).toContain('table NoSuchOrders does not exist; pass --create-table to create it');
    expect(stderr).toContain('placeholder credentials');
  });

  it('creates the table, writes the orders and prints the summary, --json last', async () => {
    const args = ['--endpoint', local.endpoint, '--table', 'CliOrders', '--orders', '30', '--seed', 'c'];
    const { status, stdout, stderr } = await run([...args, '--create-table', '--json']);
    expect(stderr).toContain('table CliOrders: created');
    expect(status).toBe(0);
    const summary = lastLine(stdout);
    expect(summary).toMatchObject({
      orders: 30,
      inserts: 30,
      failed: 0,
      insertMode: 'batch',
      table: 'CliOrders',
    });
    expect(summary.operations).toBe(summary.inserts + summary.updates + summary.deletes);
    expect(stdout).toMatch(
      /orders 30, inserts 30, updates \d+, deletes \d+, retries \d+, throttles \d+, ambiguous resolved 0, failed 0, elapsed/,
    );
    expect(stderr).toMatch(/progress: orders \d+\/30/);

    // The same orders again: conditional inserts refuse to overwrite, and every failure is counted.
    const again = await run([...args, '--json']);
    expect(again.status).toBe(1);
    const failed = lastLine(again.stdout);
    expect(failed).toMatchObject({ failed: summary.operations, inserts: 0, insertMode: 'conditional' });
    // Failures are listed as they happen, which depends on which write finishes first: check what the
    // CLI promises (the format of each line, how many, the rest counted), not which order comes first.
    const listed = again.stderr.split('\n').filter((line) => line.startsWith('failed: '));
    const shown = listed.filter((line) => !line.startsWith('failed: … and'));
    expect(shown).toHaveLength(10);
    expect(listed.at(-1)).toBe(`failed: … and ${summary.operations - 10} more`);
    for (const line of shown) {
      expect(line).toMatch(
        /^failed: (insert|update|delete) (ord-\d{6}) after \d+ attempt\(s\): (ConditionFailedError: condition failed for order \2: |OrderSkippedError: skipped: an earlier operation of order \2 failed$)/,
      );
    }
    // An order's later operations are skipped only after its own write failed: the first failure is a condition.
    expect(shown[0]).toMatch(
      /^failed: insert (ord-\d{6}) after 1 attempt\(s\): ConditionFailedError: condition failed for order \1: the order already exists$/,
    );
    expect(again.stderr).not.toMatch(/@example\./);
  }, 120_000);
});
