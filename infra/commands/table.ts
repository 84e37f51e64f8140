import Table from 'cli-table3';

/** Rows as a readable table on a terminal, or as JSON when asked. */
export const print = (rows: Record<string, unknown>[], columns: string[], json: boolean): void => {
  if (json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const table = new Table({ head: columns, wordWrap: true });
  for (const row of rows) table.push(columns.map((c) => cell(row[c])));
  process.stdout.write(`${table.toString()}\n`);
};

const cell = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
