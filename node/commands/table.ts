import Table from 'cli-table3';

const cell = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);

/** Rows as a readable table fitted to the terminal (the last column wraps), or as JSON when asked. */
export const print = (rows: Record<string, unknown>[], columns: string[], json: boolean): void => {
  if (json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const cells = rows.map((row) => columns.map((c) => cell(row[c])));
  const widths = columns.map((c, i) => Math.min(48, Math.max(c.length, ...cells.map((r) => r[i].length)) + 2));
  const room = (process.stdout.columns ?? 160) - widths.slice(0, -1).reduce((a, b) => a + b, 0) - columns.length - 1;
  widths[widths.length - 1] = Math.max(20, Math.min(widths[widths.length - 1], room));
  const table = new Table({ head: columns, colWidths: widths, wordWrap: true, wrapOnWordBoundary: false, style: { head: [], border: [] } });
  table.push(...cells);
  process.stdout.write(`${table.toString()}\n`);
};
