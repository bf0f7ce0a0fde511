/** Firehose's `!{firehose:error-output-type}` values that the emulator produces. */
export const ERROR_OUTPUT_TYPE = {
  PROCESSING_FAILED: 'processing-failed',
  FORMAT_CONVERSION_FAILED: 'format-conversion-failed',
} as const;
export type ErrorOutputType = (typeof ERROR_OUTPUT_TYPE)[keyof typeof ERROR_OUTPUT_TYPE];

/** Firehose error codes written into error records. */
export const FIREHOSE_ERROR_CODE = {
  PROCESSING_FAILED_STATUS: 'Lambda.ProcessingFailedStatus',
  FUNCTION_ERROR: 'Lambda.FunctionError',
  MISSING_RECORD_ID: 'Lambda.MissingRecordId',
  DUPLICATED_RECORD_ID: 'Lambda.DuplicatedRecordId',
  INVALID_RESPONSE: 'Lambda.JsonProcessingException',
  RESPONSE_TOO_LARGE: 'Lambda.ResponseSizeExceeded',
  MISSING_PARTITION_KEYS: 'DynamicPartitioning.MetadataExtractionFailed',
  FORMAT_CONVERSION: 'DataFormatConversion.ParseError',
} as const;

/** Firehose and Lambda limits the emulator enforces. */
export const FIREHOSE_LIMITS = {
  /** Lambda's synchronous invoke payload limit, on the request and on the response. */
  maxInvokePayloadBytes: 6 * 1024 * 1024,
  /** Processor buffer size hint range (MB in the console; bytes here). */
  minProcessorBufferBytes: 200 * 1024,
  maxProcessorBufferBytes: 3 * 1024 * 1024,
  /** Firehose retries a failed invocation this many times by default. */
  defaultRetries: 3,
} as const;
