// Claims of the "How the live examples work" page about the hello example, checked under real Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';

test('hello: startup runs once, the counter climbs per request, one PID answers', async () => {
  const ex = await runExample('hello');
  try {
    const first = await ex.session.request({ method: 'GET', path: '/' });
    assert.equal(first.status, 200);
    assert.match(first.body ?? '', /answered 1 request/);
    const burst = await ex.session.burst({ method: 'GET', path: '/' }, 5, 5);
    assert.equal(burst.length, 5);
    const second = await ex.session.request({ method: 'GET', path: '/' });
    assert.match(second.body ?? '', /answered 7 request/);
    assert.equal(new Set([first.pid, second.pid, ...burst.map((r) => r.pid)]).size, 1);
    assert.equal(ex.events('start').length, 1);
    assert.equal(ex.output().match(/^startup:/gm)?.length, 1);
    assert.equal(ex.events('request').length, 7);
  } finally {
    await ex.close();
  }
});
