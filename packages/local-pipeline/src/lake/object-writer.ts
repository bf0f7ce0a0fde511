import { type FileHandle, mkdir, open, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { SeededRandom } from '../random';

const gzip = promisify(gzipCallback);

/**
 * zlib level of GZIP objects. Level 3 (zlib's fast deflate) takes about half the CPU of the default 6
 * for objects about 19% larger; any level is valid GZIP, and a local lake is read once.
 */
const GZIP_LEVEL = 3;

/**
 * Turns a finished staging file of JSON lines into the object's final bytes (Parquet conversion) at
 * `closedAtMs` on the run's clock (Infinity: at the end of the run); resolves to false when the object
 * was not written (its records went to the error prefix).
 */
export type ObjectFinisher = (stagingPath: string, finalPath: string, closedAtMs: number) => Promise<boolean>;

export interface ObjectWriterOptions {
  /** Directory that plays the bucket. */
  root: string;
  /** Object name start, as Firehose names objects: `<stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid>`. */
  deliveryStreamName: string;
  /** `gzip`: GZIP (`.gz`); `none`: plain bytes; or a finisher that converts the JSON lines. */
  encoding: 'gzip' | 'none' | { extension: string; finish: ObjectFinisher };
  /** S3 buffering hints: an object is closed once it holds this many raw bytes or is this old. */
  bufferBytes: number;
  bufferIntervalMs: number;
  random: SeededRandom;
  /** Told of each object once it is whole at its final path (`prefix` as given to `append`). */
  onObject?: (object: { prefix: string; path: string }) => void;
}

interface OpenObject {
  prefix: string;
  path: string;
  stagingPath: string;
  /** Bytes not yet on disk. */
  chunks: Buffer[];
  chunkBytes: number;
  /** Opened once the object outgrows memory. */
  handle: FileHandle | undefined;
  rawBytes: number;
  encodedBytes: number;
  openedAtMs: number;
}

export interface ObjectWriterStats {
  objects: number;
  bytes: number;
  rawBytes: number;
}

/** An open object keeps at most this much in memory; more goes to its staging file (a gzip member each time). */
const SPILL_BYTES = 1024 * 1024;

function objectTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/[T:]/g, '-');
}

/**
 * Writes records into objects under prefixes, the way Firehose's S3 destination does: one open
 * object per prefix, closed when its size or interval hint is reached (on the run's clock), or at
 * the end. An object holds at most 1 MiB in memory; beyond that it spills to a staging file, so a
 * reader never sees half an object and memory stays bounded.
 */
export class ObjectWriter {
  public readonly stats: ObjectWriterStats = { objects: 0, bytes: 0, rawBytes: 0 };
  private readonly open = new Map<string, OpenObject>();
  private readonly directories = new Set<string>();
  private readonly options: ObjectWriterOptions;

  public constructor(options: ObjectWriterOptions) {
    this.options = options;
  }

  /** Appends `data` (whole records) to the object open under `prefix`, opening one at `nowMs` if needed. */
  public async append(prefix: string, data: Buffer, nowMs: number): Promise<void> {
    let object = this.open.get(prefix);
    if (!object) {
      object = this.openObject(prefix, nowMs);
      this.open.set(prefix, object);
    }
    object.chunks.push(data);
    object.chunkBytes += data.length;
    object.rawBytes += data.length;
    this.stats.rawBytes += data.length;
    if (object.rawBytes >= this.options.bufferBytes) await this.closeObject(object, nowMs);
    else if (object.chunkBytes >= SPILL_BYTES) await this.spill(object);
  }

  /** Closes every object older than the interval hint at `nowMs`. */
  public async expire(nowMs: number): Promise<void> {
    const due = [...this.open.values()].filter((o) => nowMs - o.openedAtMs >= this.options.bufferIntervalMs);
    await Promise.all(due.map((object) => this.closeObject(object, nowMs)));
  }

  /** Closes every open object. */
  public async close(): Promise<void> {
    await Promise.all(
      [...this.open.values()].map((object) => this.closeObject(object, Number.POSITIVE_INFINITY)),
    );
  }

  private openObject(prefix: string, nowMs: number): OpenObject {
    const { encoding, root, deliveryStreamName, random } = this.options;
    const extension = encoding === 'gzip' ? '.gz' : encoding === 'none' ? '' : encoding.extension;
    const name = `${deliveryStreamName}-1-${objectTime(nowMs)}-${random.uuid()}`;
    return {
      prefix,
      path: join(root, prefix, `${name}${extension}`),
      stagingPath: join(root, '.staging', `${name}.part`),
      chunks: [],
      chunkBytes: 0,
      handle: undefined,
      rawBytes: 0,
      encodedBytes: 0,
      openedAtMs: nowMs,
    };
  }

  private async ensureDirectory(path: string): Promise<void> {
    const directory = dirname(path);
    if (this.directories.has(directory)) return;
    await mkdir(directory, { recursive: true });
    this.directories.add(directory);
  }

  private async encode(object: OpenObject): Promise<Buffer> {
    const data = object.chunks.length === 1 ? object.chunks[0]! : Buffer.concat(object.chunks);
    object.chunks = [];
    object.chunkBytes = 0;
    const encoded = this.options.encoding === 'gzip' ? await gzip(data, { level: GZIP_LEVEL }) : data;
    object.encodedBytes += encoded.length;
    return encoded;
  }

  private async spill(object: OpenObject): Promise<void> {
    if (!object.handle) {
      await this.ensureDirectory(object.stagingPath);
      object.handle = await open(object.stagingPath, 'w');
    }
    // Concatenated gzip members are one valid gzip stream.
    await object.handle.write(await this.encode(object));
  }

  private async closeObject(object: OpenObject, nowMs: number): Promise<void> {
    this.open.delete(object.prefix);
    const encoding = this.options.encoding;
    await this.ensureDirectory(object.path);
    if (typeof encoding === 'object') {
      await this.spill(object);
      await object.handle!.close();
      if (!(await encoding.finish(object.stagingPath, object.path, nowMs))) return;
      this.stats.bytes += (await stat(object.path)).size;
    } else if (object.handle) {
      if (object.chunkBytes > 0) await object.handle.write(await this.encode(object));
      await object.handle.close();
      await rename(object.stagingPath, object.path);
      this.stats.bytes += object.encodedBytes;
    } else {
      // Small objects are written whole, in one step.
      await writeFile(object.path, await this.encode(object));
      this.stats.bytes += object.encodedBytes;
    }
    this.stats.objects++;
    this.options.onObject?.({ prefix: object.prefix, path: object.path });
  }
}
