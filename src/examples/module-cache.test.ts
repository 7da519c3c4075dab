// Claims of guide 2 (state and config) about the module-cache example, checked under real Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';

test('module-cache: two requires evaluate config.js once; deleting require.cache re-evaluates it', async (t) => {
  const ex = await runExample('module-cache', { t });
  const evaluations = () => ex.output().match(/^config\.js evaluated in process \d+$/gm)?.length ?? 0;
  const marks = () => ex.events('mark').filter((e) => e.name === 'config-evaluated').length;
  const get = (path: string) => ex.session.request({ method: 'GET', path });
  // server.js and routes.js both required config.js: evaluated once, one shared object.
  const first = await get('/');
  assert.match(first.body ?? '', /got the same config object: true/);
  assert.equal(evaluations(), 1);
  assert.equal(marks(), 1);

  // /reload: evaluated again, and the new object is a different one.
  const reload = await get('/reload');
  assert.match(reload.body ?? '', /^config\.js evaluated again: .*same as the old one: false\n/);
  await ex.waitFor(() => marks() === 2, 2000, 'the second evaluation marker');
  assert.equal(evaluations(), 2);

  // Earlier importers keep the object they got; each /reload evaluates once more.
  const after = await get('/');
  assert.match(after.body ?? '', /got the same config object: true/);
  assert.equal(/loaded at (\S+)\)/.exec(after.body ?? '')?.[1], /loaded at (\S+)\)/.exec(first.body ?? '')?.[1]);
  await get('/reload');
  await ex.waitFor(() => marks() === 3, 2000, 'the third evaluation marker');
  assert.equal(evaluations(), 3);

  assert.equal(ex.events('start').length, 1);
  assert.equal(new Set([first.pid, reload.pid, after.pid]).size, 1);
});
