export { ConditionFailedError, OrderGeneratorError, ThrottledError } from './errors';
export type { OrderOperation, OrderOperationType, OrderWriteTarget } from './types';
