/** A table as `kubectl get` prints it: upper-case headers, columns padded to their widest cell plus three spaces. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]! + 3)))
      .join('')
      .trimEnd();
  return [line(headers), ...rows.map(line)].map((l) => `${l}\n`).join('');
}

/** workloadName is how kubectl names an object of a kind: `deployment/checkout`. */
export const workloadName = (kind: string, name: string): string => `${kind.toLowerCase()}/${name}`;
