/** Rows as a plain-text table with a header rule; numbers right-aligned. */
export function textTable(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const cells = rows.map((row) =>
    columns.map((column) => (row[column] === null ? '∅' : String(row[column] ?? ''))),
  );
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((r) => r[i]!.length)));
  const numeric = columns.map((_, i) => cells.length > 0 && cells.every((r) => /^-?[\d.]+$/.test(r[i]!)));
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => (numeric[i] ? value.padStart(widths[i]!) : value.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
