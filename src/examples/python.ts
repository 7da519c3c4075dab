// Shared by the Python example tests (py-*.test.ts): they run on real uvicorn and gunicorn from the
// pinned environment (content/claims/python/requirements.txt), started by the local runner as a
// reader's Run is. Without python3 they are skipped, and say so.
import assert from 'node:assert/strict';
import { findPython } from '../claims/python-claims.ts';
import type { RunningExample } from './run.ts';

/** Options for test(): skipped, with the reason, when python3 is absent. Python workers take seconds
 * to start on a loaded machine, hence the timeout. */
export const PYTHON_TEST = {
  skip: findPython() ? false : 'python3 is not installed: the Python examples need it (and build their environment from requirements.txt)',
  timeout: 120_000,
} as const;

/** Generous: spawning Python workers takes seconds on a loaded 2-core machine; a wait ends as soon as it holds. */
export const PY_WAIT_MS = 30_000;

/** Every match of `pattern` (a RegExp source, multiline) in the output so far. */
export function lines(ex: RunningExample, pattern: string): RegExpMatchArray[] {
  return [...ex.output().matchAll(new RegExp(pattern, 'gm'))];
}

/** The number captured by `pattern`'s first group, for each match. */
export function pidsIn(ex: RunningExample, pattern: string): number[] {
  return lines(ex, pattern).map((m) => Number(m[1]));
}

/** `pattern` (capturing a PID) was printed once by each of `workers` (sorted) and by no other process. */
export function assertOncePerWorker(ex: RunningExample, pattern: string, workers: number[], message?: string): void {
  assert.deepEqual(
    pidsIn(ex, pattern).sort((a, b) => a - b),
    workers,
    message,
  );
}

/** Wait until `count` processes with this role are listening (their lab listening marker). */
export async function listeningWorkers(ex: RunningExample, count: number, role: 'worker' | 'single' = 'worker'): Promise<number[]> {
  const listening = () => {
    const ids = new Set(ex.events('listening').map((e) => e.pid));
    return ex.pids(role).filter((pid) => ids.has(pid));
  };
  await ex.waitFor(() => listening().length >= count, PY_WAIT_MS, `${count} ${role}(s) listening`);
  return listening();
}

/** Distinct PIDs that answered bursts of `count` GET requests to `path`, all of which must be 200.
 * Which worker accepts a connection on a shared socket is the kernel's choice, and one worker can take
 * a whole burst: with `until`, bursts are sent (up to five) until every one of those PIDs has answered. */
export async function answeredBy(ex: RunningExample, path = '/', count = 20, until: number[] = []): Promise<number[]> {
  const seen = new Set<number>();
  for (let round = 0; round < 5; round++) {
    const burst = await ex.session.burst({ method: 'GET', path }, count, 5);
    const bad = burst.filter((r) => r.status !== 200);
    if (bad.length > 0) throw new Error(`${bad.length} of ${count} requests to ${path} did not get 200: ${JSON.stringify(bad.slice(0, 3))}`);
    for (const r of burst) seen.add(r.pid!);
    if (until.every((pid) => seen.has(pid))) break;
  }
  return [...seen].sort((a, b) => a - b);
}
