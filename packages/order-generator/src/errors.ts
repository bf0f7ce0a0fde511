import { describeValue } from '@org/order-schema';

/** Base error of @org/order-generator. */
export class OrderGeneratorError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OrderGeneratorError';
  }
}

/** What a target knows about a failed condition, beyond the failure itself. */
export interface ConditionFailure {
  /**
   * The table holds exactly what the write would have left: the same item (same version, same content),
   * or no item for a delete. Undefined when the target cannot tell.
   */
  readonly intendedStateHeld?: boolean;
  /**
   * This call re-sent the write after an attempt of its own that may have been applied (the AWS SDK
   * retried after a 5xx or a lost connection), so the write that now fails may be its own earlier one.
   */
  readonly afterAmbiguousAttempt?: boolean;
}

/** A write's condition did not hold (the key exists on insert, or the stored version is not the expected one). */
export class ConditionFailedError extends OrderGeneratorError implements ConditionFailure {
  public readonly intendedStateHeld: boolean | undefined;
  public readonly afterAmbiguousAttempt: boolean;

  public constructor(orderId: string, detail: string, options?: ErrorOptions & ConditionFailure) {
    super(`condition failed for order ${orderId}: ${detail}`, options);
    this.name = 'ConditionFailedError';
    this.intendedStateHeld = options?.intendedStateHeld;
    this.afterAmbiguousAttempt = options?.afterAmbiguousAttempt ?? false;
  }
}

/**
 * A write whose outcome is unknown: DynamoDB answered 5xx, or the connection was lost or timed out after
 * the request may have reached it. It may have been applied; it may be sent again.
 */
export class AmbiguousWriteError extends OrderGeneratorError {
  public constructor(detail: string, options?: ErrorOptions) {
    super(`outcome unknown, the write may have been applied: ${detail}`, options);
    this.name = 'AmbiguousWriteError';
  }
}

/** The target is throttling: the write may be retried later. */
export class ThrottledError extends OrderGeneratorError {
  public constructor(message = 'write throttled', options?: ErrorOptions) {
    super(message, options);
    this.name = 'ThrottledError';
  }
}

/** An option of the generator, the writer or the CLI has a bad value. */
export class InvalidOptionError extends OrderGeneratorError {
  public readonly option: string;

  public constructor(option: string, value: unknown, expected: string, options?: ErrorOptions) {
    super(`invalid ${option}: expected ${expected}, got ${describeValue(value)}`, options);
    this.name = 'InvalidOptionError';
    this.option = option;
  }
}

/** An order does not match `OrderSchema`; it is never written. */
export class InvalidOrderError extends OrderGeneratorError {
  public constructor(orderId: string, issues: string, options?: ErrorOptions) {
    super(`invalid order ${orderId}: ${issues}`, options);
    this.name = 'InvalidOrderError';
  }
}

/** The DynamoDB table does not exist. */
export class TableNotFoundError extends OrderGeneratorError {
  public readonly tableName: string;

  public constructor(tableName: string, options?: ErrorOptions) {
    super(`table ${tableName} does not exist`, options);
    this.name = 'TableNotFoundError';
    this.tableName = tableName;
  }
}

/** The DynamoDB endpoint did not answer. */
export class EndpointUnreachableError extends OrderGeneratorError {
  public constructor(endpoint: string, detail: string, options?: ErrorOptions) {
    super(`cannot reach DynamoDB at ${endpoint}: ${detail}`, options);
    this.name = 'EndpointUnreachableError';
  }
}

/** No AWS credentials could be found for a non-local endpoint. */
export class MissingCredentialsError extends OrderGeneratorError {
  public constructor(detail: string, options?: ErrorOptions) {
    super(
      `no AWS credentials found (${detail}); set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
      options,
    );
    this.name = 'MissingCredentialsError';
  }
}

/** No AWS region was given or configured. */
export class MissingRegionError extends OrderGeneratorError {
  public constructor(options?: ErrorOptions) {
    super('no AWS region configured; pass --region or set AWS_REGION', options);
    this.name = 'MissingRegionError';
  }
}

/** An operation was not attempted because an earlier operation of the same order failed. */
export class OrderSkippedError extends OrderGeneratorError {
  public constructor(orderId: string, options?: ErrorOptions) {
    super(`skipped: an earlier operation of order ${orderId} failed`, options);
    this.name = 'OrderSkippedError';
  }
}

/** A write was still throttled or unprocessed after the last attempt. */
export class RetriesExhaustedError extends OrderGeneratorError {
  public constructor(attempts: number, detail: string, options?: ErrorOptions) {
    super(`gave up after ${attempts} attempts: ${detail}`, options);
    this.name = 'RetriesExhaustedError';
  }
}

/** An operation of an all-or-nothing group was not applied because another one of the group failed. */
export class NotAppliedError extends OrderGeneratorError {
  public constructor(orderId: string, options?: ErrorOptions) {
    super(`not applied: another write of the transaction with order ${orderId} failed`, options);
    this.name = 'NotAppliedError';
  }
}
