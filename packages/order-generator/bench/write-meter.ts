import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { DeleteItemCommand, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { orderKeyToAttributeMap, orderToAttributeMap } from '@org/order-schema';
import { generateOperations, type OrderOperation } from '../src/index';

interface Total {
  operations: number;
  ms: number;
  serverCpuMs: number;
  clientCpuMs: number;
}

let ticksPerSecond = Number.NaN;

/** CPU time of a process (Linux /proc; NaN elsewhere). */
function processCpuMs(pid: number | undefined): number {
  try {
    if (Number.isNaN(ticksPerSecond))
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}

function clientCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * Times named write variants and the CPU they cost, per operation: DynamoDB Local's JVM (the server,
 * read from /proc) and this process (the client: writer, SDK, and anything else it runs).
 */
export class WriteMeter {
  private readonly totals = new Map<string, Total>();
  public readonly cores = availableParallelism();

  public constructor(private readonly serverPid: number | undefined) {}

  public async timed(name: string, operations: number, write: () => Promise<void>): Promise<void> {
    const server = processCpuMs(this.serverPid);
    const client = clientCpuMs();
    const started = performance.now();
    await write();
    const total = this.totals.get(name) ?? { operations: 0, ms: 0, serverCpuMs: 0, clientCpuMs: 0 };
    total.operations += operations;
    total.ms += performance.now() - started;
    total.serverCpuMs += processCpuMs(this.serverPid) - server;
    total.clientCpuMs += clientCpuMs() - client;
    this.totals.set(name, total);
  }

  public names(): string[] {
    return [...this.totals.keys()];
  }

  /** Operations per second over every timed round. */
  public rate(name: string): number {
    const total = this.totals.get(name);
    return total === undefined ? Number.NaN : (total.operations * 1000) / total.ms;
  }

  public ratio(name: string, baseline: string): number {
    return this.rate(name) / this.rate(baseline);
  }

  /** CPU µs per operation of the server or the client. */
  public micros(name: string, side: 'server' | 'client'): number {
    const total = this.totals.get(name);
    if (total === undefined) return Number.NaN;
    return ((side === 'server' ? total.serverCpuMs : total.clientCpuMs) * 1000) / total.operations;
  }

  /** The rate the variant could not pass even with every core busy on nothing but it. */
  public bound(name: string): number {
    return (this.cores * 1e6) / (this.micros(name, 'server') + this.micros(name, 'client'));
  }

  public cpuLines(serverName = 'DynamoDB Local', clientName = 'client'): string[] {
    return this.names().map(
      (name) =>
        `  ${name}: ${serverName} ${Math.round(this.micros(name, 'server'))} µs, ${clientName} ${Math.round(this.micros(name, 'client'))} µs`,
    );
  }

  public rateLines(): string[] {
    return this.names().map((name) => `  ${name}: ${Math.round(this.rate(name))} operations/s`);
  }
}

/** Fresh order ids on every call, so that conditional inserts never collide with an earlier round. */
export function workloads(seed: string) {
  let workload = 0;
  return (orders: number, inserts: 'all' | 'only'): OrderOperation[] => {
    workload += 1;
    const operations = [...generateOperations({ orders, seed, orderIdPrefix: `w${workload}-` })];
    return inserts === 'only' ? operations.filter((operation) => operation.type === 'insert') : operations;
  };
}

/** The original approach: one PutItem (or DeleteItem) after the other, unconditional. */
export async function putLoop(
  client: DynamoDBClient,
  tableName: string,
  operations: readonly OrderOperation[],
): Promise<void> {
  for (const operation of operations) {
    if (operation.type === 'delete') {
      await client.send(
        new DeleteItemCommand({
          TableName: tableName,
          Key: orderKeyToAttributeMap(operation.orderId) as never,
        }),
      );
    } else {
      await client.send(
        new PutItemCommand({ TableName: tableName, Item: orderToAttributeMap(operation.order) as never }),
      );
    }
  }
}
