/** Base error of @org/local-pipeline. */
export class LocalPipelineError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalPipelineError';
  }
}

/** A command-line flag or run option is missing, unknown or out of range. The message names it and the value. */
export class UsageError extends LocalPipelineError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** A Firehose invocation of the transformation handler failed (error, invalid or oversized response). */
export class InvocationFailedError extends LocalPipelineError {
  public readonly errorCode: string;

  public constructor(errorCode: string, detail: string, options?: ErrorOptions) {
    super(`transformation invocation failed (${errorCode}): ${detail}`, options);
    this.name = 'InvocationFailedError';
    this.errorCode = errorCode;
  }
}

/** A value a DynamoDB table would refuse (bad number, empty key). The message names the attribute and value. */
export class ValidationError extends LocalPipelineError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ValidationError';
  }
}

/** The DynamoDB endpoint cannot be used: it does not answer, or there are no credentials or region for it. */
export class DynamoDBEndpointError extends LocalPipelineError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DynamoDBEndpointError';
  }
}

/**
 * The DynamoDB endpoint's stream did not deliver one record per applied write: fewer before the
 * timeout, or more than were written.
 */
export class StreamReadError extends LocalPipelineError {
  public constructor(expected: number, received: number, options?: ErrorOptions) {
    super(
      received < expected
        ? `stream delivered ${received} of ${expected} changes before the timeout`
        : `stream delivered ${received} records for ${expected} applied writes`,
      options,
    );
    this.name = 'StreamReadError';
  }
}
