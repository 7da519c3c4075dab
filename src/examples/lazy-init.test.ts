// Claims of guide 1 (startup vs request) about the lazy-init example, checked under real Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';

test('lazy-init: eager at startup, lazy once even under a burst, racy once per concurrent first request', async (t) => {
  const ex = await runExample('lazy-init', { t });
  const builds = (name: string) => ex.output().match(new RegExp(`^building ${name} value`, 'gm'))?.length ?? 0;
  const allBuilds = () => ex.output().match(/^building /gm)?.length ?? 0;
  // At startup: only the eager value is built, before the server listens.
  await ex.waitFor(() => ex.events('listening').length === 1, 2000, 'the listening marker');
  assert.equal(allBuilds(), 1);
  assert.equal(builds('eager'), 1);
  assert.ok(ex.output().indexOf('building eager value') < ex.output().indexOf('[lab] listening'));

  const eager = await ex.session.request({ method: 'GET', path: '/eager' });
  assert.equal(eager.status, 200);
  assert.match(eager.body ?? '', /eager value from build #1 \(1 builds so far\)/);

  // Five concurrent first requests to /lazy share one build.
  const lazy = await ex.session.burst({ method: 'GET', path: '/lazy' }, 5, 5);
  assert.equal(lazy.length, 5);
  assert.ok(lazy.every((r) => r.status === 200 && /lazy value from build #2 /.test(r.body ?? '')));
  // (Output travels by pipe, responses by socket: wait for the lines before counting them.)
  await ex.waitFor(() => builds('lazy') >= 1, 2000, 'the lazy build line');
  assert.equal(builds('lazy'), 1);

  // Five concurrent first requests to /racy each run the build: five different values.
  const racy = await ex.session.burst({ method: 'GET', path: '/racy' }, 5, 5);
  assert.equal(racy.length, 5);
  assert.ok(racy.every((r) => r.status === 200));
  await ex.waitFor(() => builds('racy') >= 5, 2000, 'five racy build lines');
  assert.equal(builds('racy'), 5);
  const racyBuilds = new Set(racy.map((r) => /from build #(\d+)/.exec(r.body ?? '')?.[1]));
  assert.equal(racyBuilds.size, 5);

  // Once a value is stored, it is reused: no new build.
  const again = await ex.session.request({ method: 'GET', path: '/racy' });
  assert.match(again.body ?? '', /\(7 builds so far\)/);
  assert.equal(builds('racy'), 5);
  assert.equal(allBuilds(), 7);

  // One process all along.
  assert.equal(new Set([eager, ...lazy, ...racy, again].map((r) => r.pid)).size, 1);
  assert.equal(ex.events('start').length, 1);
});

test('lazy-init: a failed first build is not cached; the next call builds again and later calls reuse it', async (t) => {
  const ex = await runExample('lazy-init', { t });
  // Two callers at once share the failing attempt: both get the same 500.
  const first = await ex.session.burst({ method: 'GET', path: '/flaky' }, 2, 2);
  assert.deepEqual(
    first.map((r) => [r.status, r.body]),
    first.map(() => [500, `process ${first[0]!.pid}: /flaky failed: config service unreachable (attempt #1)\n`]),
  );
  // The rejection was dropped: this call starts attempt #2, which succeeds.
  const second = await ex.session.request({ method: 'GET', path: '/flaky' });
  assert.equal(second.status, 200);
  assert.match(second.body ?? '', /got the flaky \(attempt #2\) value from build #2 /);
  // And from then on the value is cached like any other.
  const third = await ex.session.request({ method: 'GET', path: '/flaky' });
  assert.equal(third.body, second.body);
  await ex.waitFor(() => /^building flaky/m.test(ex.output()), 2000, 'the flaky build line');
  assert.equal(ex.output().match(/^building flaky/gm)?.length, 1);
});
