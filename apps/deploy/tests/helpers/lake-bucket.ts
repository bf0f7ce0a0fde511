import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandInput,
  type ListObjectsV2CommandOutput,
  NoSuchKey,
  PutObjectCommand,
  type S3ClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-s3';
import type { AwsStub } from 'aws-sdk-client-mock';

export interface FakeObject {
  readonly key: string;
  readonly body?: Uint8Array;
  readonly lastModified?: Date;
}

/**
 * Answers ListObjectsV2, GetObject and PutObject the way S3 does for a bucket holding `objects`: keys in
 * order, `Delimiter` rolled up into CommonPrefixes, pages of `pageSize` keys with continuation tokens,
 * NoSuchKey for a missing key. PutObject, CopyObject and DeleteObject change what later calls see.
 */
export function fakeLakeBucket(
  s3: AwsStub<ServiceInputTypes, ServiceOutputTypes, S3ClientResolvedConfig>,
  objects: readonly FakeObject[],
  pageSize = 2,
): Map<string, FakeObject> {
  const stored = new Map(objects.map((object) => [object.key, object]));
  s3.on(ListObjectsV2Command).callsFake((input: ListObjectsV2CommandInput): ListObjectsV2CommandOutput => {
    const prefix = input.Prefix ?? '';
    const entries: { key?: string; commonPrefix?: string }[] = [];
    for (const key of [...stored.keys()].sort()) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const cut = input.Delimiter ? rest.indexOf(input.Delimiter) : -1;
      if (cut === -1) entries.push({ key });
      else {
        const commonPrefix = prefix + rest.slice(0, cut + 1);
        if (entries.at(-1)?.commonPrefix !== commonPrefix) entries.push({ commonPrefix });
      }
    }
    const start = Number(input.ContinuationToken ?? 0);
    const page = entries.slice(start, start + pageSize);
    const truncated = start + pageSize < entries.length;
    return {
      $metadata: {},
      Contents: page.flatMap(({ key }) => {
        if (key === undefined) return [];
        const object = stored.get(key)!;
        return [{ Key: key, Size: object.body?.length ?? 0, LastModified: object.lastModified }];
      }),
      CommonPrefixes: page.flatMap(({ commonPrefix }) => (commonPrefix ? [{ Prefix: commonPrefix }] : [])),
      IsTruncated: truncated,
      ...(truncated ? { NextContinuationToken: String(start + pageSize) } : {}),
    };
  });
  s3.on(GetObjectCommand).callsFake(({ Key }: { Key: string }) => {
    const object = stored.get(Key);
    if (!object) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} });
    const bytes = object.body ?? new Uint8Array();
    return {
      Body: {
        transformToByteArray: async () => bytes,
        transformToString: async () => Buffer.from(bytes).toString('utf8'),
      },
    };
  });
  s3.on(PutObjectCommand).callsFake(({ Key, Body }: { Key: string; Body: string }) => {
    stored.set(Key, { key: Key, body: Buffer.from(Body), lastModified: new Date() });
    return {};
  });
  s3.on(CopyObjectCommand).callsFake(({ Key, CopySource }: { Key: string; CopySource: string }) => {
    const source = decodeURIComponent(CopySource.slice(CopySource.indexOf('/') + 1));
    const object = stored.get(source);
    if (!object) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} });
    stored.set(Key, { ...object, key: Key, lastModified: new Date() });
    return {};
  });
  s3.on(DeleteObjectCommand).callsFake(({ Key }: { Key: string }) => {
    stored.delete(Key);
    return {};
  });
  return stored;
}
