import type * as z from 'zod';
import { OrderSchemaError } from './errors';

const MAX_VALUE_TEXT = 80;

function pathText(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    text += typeof key === 'number' ? `[${key}]` : text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? '(root)' : text;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Short JSON text of a value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = typeof value === 'bigint' ? `${value}n` : JSON.stringify(value);
  return text.length > MAX_VALUE_TEXT ? `${text.slice(0, MAX_VALUE_TEXT)}…` : text;
}

/** One message per issue, each naming the field and the bad value: `items[0].quantity: Too small: … (got 0)`. */
export function formatIssues(error: z.ZodError, input: unknown): string {
  return error.issues
    .map(
      (issue) =>
        `${pathText(issue.path)}: ${issue.message} (got ${describeValue(valueAt(input, issue.path))})`,
    )
    .join('; ');
}

/** Parses `input` with `schema`, or throws an `OrderSchemaError` whose message names each bad field and value. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new OrderSchemaError(`invalid ${what}: ${formatIssues(result.error, input)}`, {
    cause: result.error,
  });
}
