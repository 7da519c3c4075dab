// The summary under a burst of requests: which processes answered and how many each, the status
// codes, and latency percentiles. Pure, so the numbers a reader sees are unit-tested.

export interface BurstResult {
  ok: boolean;
  status?: number;
  pid?: number | null;
  ms?: number;
}

export interface BurstSummary {
  /** Results given. */
  count: number;
  /** Answered requests per pid, in order of first answer; pid null: answered without an x-pid header. */
  perPid: { pid: number | null; count: number }[];
  /** Requests per status, ascending; 'error' (no response at all) last. */
  statuses: { status: number | 'error'; count: number }[];
  /** Latency of answered requests (ms, nearest-rank); null when none was answered. */
  p50: number | null;
  p95: number | null;
  /** Requests that got no response (refused, timed out, agent gone). */
  errors: number;
}

/** Nearest-rank percentile of an ascending list: the value at rank ceil(p/100 * n). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function summarize(results: readonly BurstResult[]): BurstSummary {
  const perPid = new Map<number | null, number>();
  const statuses = new Map<number | 'error', number>();
  const latencies: number[] = [];
  let errors = 0;
  for (const r of results) {
    // Percentiles cover answered requests only: a refused connection's 1 ms is no latency.
    const answered = r.ok && typeof r.status === 'number';
    if (!answered) {
      errors++;
      statuses.set('error', (statuses.get('error') ?? 0) + 1);
      continue;
    }
    statuses.set(r.status!, (statuses.get(r.status!) ?? 0) + 1);
    const pid = r.pid ?? null;
    perPid.set(pid, (perPid.get(pid) ?? 0) + 1);
    if (typeof r.ms === 'number' && Number.isFinite(r.ms)) latencies.push(r.ms);
  }
  latencies.sort((a, b) => a - b);
  return {
    count: results.length,
    perPid: [...perPid].map(([pid, count]) => ({ pid, count })),
    statuses: [...statuses]
      .map(([status, count]) => ({ status, count }))
      .sort((a, b) => (a.status === 'error' ? 1 : b.status === 'error' ? -1 : a.status - b.status)),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    errors,
  };
}
