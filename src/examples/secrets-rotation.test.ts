// Claims of guide 2 (state and config) about the secrets-rotation example, checked under real Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';

const reads = (body: string | undefined) => ({
  startup: /^read at startup: +(.*)$/m.exec(body ?? '')?.[1],
  perRequest: /^read per request: +(.*)$/m.exec(body ?? '')?.[1],
});

test('secrets-rotation: after an edit only the per-request read is new; after a restart both are', async (t) => {
  const ex = await runExample('secrets-rotation', { t });
  const get = () => ex.session.request({ method: 'GET', path: '/' });
  const before = await get();
  assert.equal(before.status, 200);
  assert.deepEqual(reads(before.body), { startup: 'api-key-v1', perRequest: 'api-key-v1' });

  // The reader edits secret.txt; the sandbox writes it into the running example's folder.
  await ex.session.writeFile('secret.txt', 'api-key-v2\n');
  const edited = await get();
  assert.deepEqual(reads(edited.body), { startup: 'api-key-v1', perRequest: 'api-key-v2' });
  assert.match(edited.body ?? '', /the startup copy is stale/);
  assert.equal(edited.pid, before.pid, 'the same process answered: no restart happened');

  // Restart: a new process reads the file at startup again.
  await ex.session.restart();
  const restarted = await get();
  assert.deepEqual(reads(restarted.body), { startup: 'api-key-v2', perRequest: 'api-key-v2' });
  assert.doesNotMatch(restarted.body ?? '', /stale/);
  assert.notEqual(restarted.pid, before.pid);
  assert.equal(ex.events('start').length, 2);
  assert.equal(ex.output().match(/^read secret\.txt once, at startup/gm)?.length, 2);
});
