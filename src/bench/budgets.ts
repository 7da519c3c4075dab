// The performance budgets (README's Performance section), in one place: the bench reports against them and
// src/bench/results.test.ts checks that the recorded results (bench/results.json) hold a row for
// each. A row's key is `<budget id>` or, for a per-page budget, `<budget id> <page path>`.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Budget {
  id: string;
  /** As shown in the table. */
  text: string;
  /** Measured once per page (every guide and /live-examples/), or once in all. */
  perPage: boolean;
}

export const BUDGETS = [
  { id: 'sandbox-js', text: '≤ 5 KB', perPage: true },
  { id: 'page-js', text: '≤ 35 KB', perPage: true },
  { id: 'dom', text: '≤ 1,500', perPage: true },
  { id: 'lighthouse', text: '≥ 98 / 100 / 100 (target 100)', perPage: true },
  { id: 'activation-js', text: '≤ 150 KB', perPage: false },
  { id: 'run-to-listening', text: '≤ 1.3× bare node', perPage: false },
  { id: 'round-trip', text: '≤ 3× a direct fetch', perPage: false },
  { id: 'build', text: '≤ 15 s', perPage: false },
] as const satisfies Budget[];
export type BudgetId = (typeof BUDGETS)[number]['id'];

export const budgetText = (id: BudgetId): string => BUDGETS.find((b) => b.id === id)!.text;
export const rowKey = (id: BudgetId, page?: string): string => (page ? `${id} ${page}` : id);

/** The pages with sandboxes that per-page budgets apply to: every guide, and /live-examples/. */
export function measuredPages(): string[] {
  const guides = fileURLToPath(new URL('../../content/docs/guides/', import.meta.url));
  const slugs = readdirSync(guides)
    .filter((f) => /\.mdx?$/.test(f))
    .map((f) => f.replace(/\.mdx?$/, ''))
    .sort();
  return [...slugs.map((s) => `/guides/${s}/`), '/live-examples/'];
}

/** Every row key the bench must record. */
export const requiredKeys = (pages = measuredPages()): string[] => BUDGETS.flatMap((b) => (b.perPage ? pages.map((p) => rowKey(b.id, p)) : [rowKey(b.id)]));
