// Claims of the forking-vs-spawning guide about the child-process example, checked under real Node:
// fork and spawn each start a new process (new PID) that runs child.js's module code from the top.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';

test('child-process: every /fork and /spawn makes a new PID that runs child.js once', async (t) => {
  const ex = await runExample('child-process', { t });
  const server = ex.events('start');
  assert.equal(server.length, 1);
  const serverPid = server[0]!.pid;

  const children: number[] = [];
  for (const path of ['/fork', '/fork', '/spawn', '/spawn']) {
    const r = await ex.session.request({ method: 'GET', path });
    assert.equal(r.status, 200);
    assert.equal(r.pid, serverPid, 'the server itself answers');
    const how = path === '/fork' ? /forked child pid (\d+) answered by IPC message/ : /spawned child pid (\d+) answered on stdout/;
    const match = how.exec(r.body ?? '');
    assert.ok(match, `unexpected body for ${path}: ${r.body}`);
    children.push(Number(match[1]));
  }
  assert.equal(new Set(children).size, 4, 'each child has its own PID');
  assert.ok(!children.includes(serverPid), 'no child shares the server PID');

  // Each child ran child.js's module code exactly once, and ended.
  await ex.waitFor(() => ex.events('exit').filter((e) => e.pid !== null).length >= 4, 5000, 'four child exits');
  const childStarts = ex.events('start').filter((s) => s.role === 'child');
  assert.deepEqual(
    childStarts.map((s) => s.pid),
    children,
  );
  for (const pid of children) {
    const lines = ex.output().match(new RegExp(`^child\\.js: module scope ran in pid ${pid} \\(parent ${serverPid}\\)$`, 'gm'));
    assert.equal(lines?.length, 1, `module scope line of child ${pid}`);
  }
  const exits = ex.events('exit').filter((e) => e.pid !== null);
  assert.deepEqual(exits.map((e) => e.pid).sort(), [...children].sort(), 'each child exit was seen once');
  assert.ok(
    exits.every((e) => e.code === 0),
    'every child exited with code 0',
  );
  assert.equal(ex.output().match(/^server: module scope ran/gm)?.length, 1, 'the server module ran once');
});
