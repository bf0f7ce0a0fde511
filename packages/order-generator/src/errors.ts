/** Base error of @org/order-generator. */
export class OrderGeneratorError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OrderGeneratorError';
  }
}

/** A write's condition did not hold (the key exists on insert, or the stored version is not the expected one). */
export class ConditionFailedError extends OrderGeneratorError {
  public constructor(orderId: string, detail: string, options?: ErrorOptions) {
    super(`condition failed for order ${orderId}: ${detail}`, options);
    this.name = 'ConditionFailedError';
  }
}

/** The target is throttling: the write may be retried later. */
export class ThrottledError extends OrderGeneratorError {
  public constructor(message = 'write throttled', options?: ErrorOptions) {
    super(message, options);
    this.name = 'ThrottledError';
  }
}
