/** The environment of the backfill Lambda, as the construct sets it. */
export const BACKFILL_ENV = {
  BUCKET: 'EXPORT_BUCKET',
  STREAM_ARN: 'STREAM_ARN',
  TABLE_NAME: 'TABLE_NAME',
  /** This writer's share of the records per second the backfill may put on the stream. */
  RECORDS_PER_SECOND: 'WRITE_RECORDS_PER_SECOND',
  /** This writer's share of the bytes per second. */
  BYTES_PER_SECOND: 'WRITE_BYTES_PER_SECOND',
} as const;
