const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/**
 * Returns `value` when it is a table or view name the SQL can hold unquoted (`name` or `database.name`);
 * throws a RangeError naming `field` and the value otherwise, so that no name can break the statement.
 */
export function sqlIdentifier(field: string, value: string): string {
  if (!IDENTIFIER.test(value)) {
    throw new RangeError(
      `${field} must be an SQL identifier such as orders_changes or db.orders_changes, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}
