/** Base error of @org/order-schema: a value does not match a schema. The message names the field and the value. */
export class OrderSchemaError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OrderSchemaError';
  }
}
