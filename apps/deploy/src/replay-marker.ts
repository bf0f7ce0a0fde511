import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/**
 * Where `replay-errors` records its last complete run: in the lake bucket, so that every operator of
 * the stage (and `status`, from any machine) sees the same one; outside `errors/` (whose objects it
 * describes, and which expires) and outside the data prefix (which Athena reads).
 */
export const REPLAY_MARKER_KEY = 'operations/replay-errors/last-run.json';

/** The last complete replay: every error object that arrived before `replayedBefore` has been handled. */
export interface ReplayMarker {
  /** When the run started listing the error output (ISO 8601): later objects were not seen by it. */
  readonly replayedBefore: string;
  readonly finishedAt: string;
  readonly stackName: string;
  readonly records: number;
  readonly chunks: number;
}

export async function readReplayMarker(s3: S3Client, bucket: string): Promise<ReplayMarker | undefined> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: REPLAY_MARKER_KEY }));
    return JSON.parse(await object.Body!.transformToString()) as ReplayMarker;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

export async function writeReplayMarker(s3: S3Client, bucket: string, marker: ReplayMarker): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: REPLAY_MARKER_KEY,
      Body: `${JSON.stringify(marker, null, 2)}\n`,
      ContentType: 'application/json',
    }),
  );
}
