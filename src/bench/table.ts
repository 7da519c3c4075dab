// Formatting for the bench report: medians, sizes, and a markdown table.

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The nearest-rank percentile (p in 0..100). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
export const ms = (value: number): string =>
  value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(2)} ms`;
export const ratio = (value: number): string => `${value.toFixed(2)}×`;

export interface Row {
  /** A budget row's key (see budgets.ts), for the recorded results. */
  key?: string;
  measure: string;
  measured: string;
  budget?: string;
  /** Whether the measurement is within its budget; undefined when there is no budget or nothing was measured. */
  ok?: boolean;
  /** The figures behind `measured`, as numbers, for the recorded results. */
  values?: Record<string, number>;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function markdownTable(rows: Row[]): string {
  const lines = ['| Measure | Measured | Budget | Within |', '| --- | ---: | ---: | :---: |'];
  for (const r of rows) {
    const mark = r.ok === undefined ? '' : r.ok ? 'yes' : '**no**';
    lines.push(`| ${cell(r.measure)} | ${cell(r.measured)} | ${cell(r.budget ?? '')} | ${mark} |`);
  }
  return lines.join('\n');
}
