// py-blocking-async: under a burst of 5, time.sleep(0.5) in async def serialises the requests (the
// event loop is blocked), while the same sleep in a def handler runs in the threadpool, side by side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';
import { PYTHON_TEST } from './python.ts';

test('py-blocking-async: time.sleep in async def makes a burst take turns; in def it does not', PYTHON_TEST, async (t) => {
  const ex = await runExample('py-blocking-async', { t });
  const burst = async (path: string) => {
    const results = await ex.session.burst({ method: 'GET', path }, 5, 5);
    assert.ok(
      results.every((r) => r.status === 200),
      path,
    );
    return Math.max(...results.map((r) => r.ms!));
  };
  await burst('/def-blocking'); // warm up the threadpool and the connections
  const blocked = await burst('/async-blocking');
  const threaded = await burst('/def-blocking');
  const awaited = await burst('/async-await');
  // 5 x 0.5 s in turn: the last waits about 2.5 s. Side by side: about 0.5 s each.
  assert.ok(blocked >= 2300, `async def + time.sleep: slowest ${blocked} ms, expected >= 2300 (five in turn)`);
  assert.ok(threaded < 1800, `def + time.sleep: slowest ${threaded} ms, expected < 1800 (side by side)`);
  assert.ok(awaited < 1800, `async def + await asyncio.sleep: slowest ${awaited} ms, expected < 1800`);
});
