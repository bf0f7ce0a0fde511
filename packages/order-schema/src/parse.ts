import { type ChangeRecord, ChangeRecordSchema } from './change-record';
import { type LakeRow, LakeRowSchema } from './lake-columns';
import { type Order, OrderSchema } from './order';
import { parseWith } from './validation';

/** Validates an order item; throws `OrderSchemaError` naming each bad field and value. */
export const parseOrder = (input: unknown): Order => parseWith(OrderSchema, input, 'order');

/** Validates a lake row; throws `OrderSchemaError` naming each bad field and value. */
export const parseLakeRow = (input: unknown): LakeRow => parseWith(LakeRowSchema, input, 'lake row');

/** Validates a change record in either wire format; throws `OrderSchemaError` naming each bad field and value. */
export const parseChangeRecord = (input: unknown): ChangeRecord =>
  parseWith(ChangeRecordSchema, input, 'change record');
