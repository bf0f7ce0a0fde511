/** One failed record as Firehose writes it under its error prefix (one JSON object per line). */
export interface FirehoseErrorRecord {
  attemptsMade: number;
  arrivalTimestamp: number;
  errorCode: string;
  errorMessage: string;
  attemptEndingTimestamp: number;
  /** Base64 of the record's original bytes. */
  rawData: string;
  lambdaArn: string;
}

/** The error prefix of a record, as `errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/`. */
export function errorPrefix(errorOutputType: string, atMs: number): string {
  const iso = new Date(atMs).toISOString();
  return `errors/${errorOutputType}/${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(11, 13)}/`;
}

/** The lake prefix of an Ok record: `lake/orders_changes/dt=!{partitionKeyFromLambda:dt}/hour=!{partitionKeyFromLambda:hour}/`. */
export function lakePrefix(table: string, partitionKeys: { dt: string; hour: string }): string {
  return `lake/${table}/dt=${partitionKeys.dt}/hour=${partitionKeys.hour}/`;
}
