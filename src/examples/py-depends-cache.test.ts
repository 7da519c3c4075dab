// py-depends-cache: a Depends() result is shared within one request and made again for the next;
// an @lru_cache result is built once per process; app.state set in lifespan is per worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';
import { PYTHON_TEST, listeningWorkers, pidsIn, assertOncePerWorker } from './python.ts';

test('py-depends-cache: Depends is cached per request, lru_cache per process, app.state per worker', PYTHON_TEST, async (t) => {
  const ex = await runExample('py-depends-cache', { t });
  const workers = (await listeningWorkers(ex, 2)).sort((a, b) => a - b);
  // One request at a time until both workers have answered: lru_cache takes no lock, so two first
  // calls at once in one worker's threadpool could both build (measured in a burst); one at a time,
  // each worker builds once.
  const first: { pid?: number | null; status?: number; body?: string }[] = [];
  for (let i = 0; i < 60 && new Set(first.map((r) => r.pid)).size < 2; i++) first.push(await ex.session.request({ method: 'GET', path: '/' }));
  const burst = [...first, ...(await ex.session.burst({ method: 'GET', path: '/' }, 30, 5))];
  assert.ok(burst.every((r) => r.status === 200));
  const bodies = burst.map((r) => JSON.parse(r.body!) as { pid: number; db: number; same_db_twice: boolean; settings_built_in: number; state_client: string });
  assert.ok(
    bodies.every((b) => b.same_db_twice),
    'two parameters asking for get_db got one session',
  );
  assert.ok(
    bodies.every((b) => b.settings_built_in === b.pid),
    'the settings came from the same process',
  );
  assert.ok(
    bodies.every((b) => b.state_client === `client made by lifespan in pid ${b.pid}`),
    'app.state.client is the worker’s own',
  );
  const served = [...new Set(bodies.map((b) => b.pid))].sort((a, b) => a - b);
  assert.deepEqual(served, workers, 'both workers answered');
  for (const pid of served) {
    const numbers = bodies.filter((b) => b.pid === pid).map((b) => b.db);
    assert.equal(new Set(numbers).size, numbers.length, `worker ${pid} opened a new session for every request`);
  }
  const opened = pidsIn(ex, '^get_db\\(\\) opened session \\d+ in pid (\\d+)$');
  assert.equal(opened.length, burst.length, 'get_db ran once per request, not twice');
  assertOncePerWorker(ex, '^get_settings\\(\\) built the settings in pid (\\d+)$', workers, 'lru_cache: built once per worker');
  assertOncePerWorker(ex, '^lifespan startup set app.state.client in pid (\\d+)$', workers);
});
