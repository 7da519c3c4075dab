// Claims of the reload-and-shutdown guide about the watch-restart example, checked under real Node:
// editing a required file makes node --watch restart the whole process. The old PID gets SIGTERM,
// a new PID runs all module code again, and GET / answers with the new text from the new PID.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';

test('watch-restart: editing message.js restarts the process with a new PID and the new text', async (t) => {
  const ex = await runExample('watch-restart', { t });
  assert.deepEqual(ex.example.command.slice(0, 1), ['--watch']);
  const first = ex.events('start');
  assert.equal(first.length, 1);
  const oldPid = first[0]!.pid;
  const before = await ex.session.request({ method: 'GET', path: '/' });
  assert.equal(before.pid, oldPid);
  assert.equal(before.body, `Hello from the first version of message.js (pid ${oldPid})\n`);

  // The reader edits message.js; the sandbox writes it to the runtime. Nothing else is done:
  // node --watch notices the change by itself.
  const edited = ex.example.files['message.js']!.replace('first version', 'edited version');
  assert.notEqual(edited, ex.example.files['message.js']);
  await ex.session.writeFile('message.js', edited);
  await ex.waitFor(() => ex.events('listening').length === 2, 10_000, 'the restarted server to listen');

  const starts = ex.events('start');
  assert.equal(starts.length, 2, 'exactly one restart');
  const newPid = starts[1]!.pid;
  assert.notEqual(newPid, oldPid, 'a new process, not the old one patched');
  const out = ex.output();
  const sigterm = out.indexOf(`pid ${oldPid} got SIGTERM`);
  assert.ok(sigterm >= 0, 'the old process got SIGTERM');
  assert.equal(out.match(/got SIGTERM/g)?.length, 1);
  // All module code ran again, in the new process, after the old one said goodbye.
  for (const line of [`message.js evaluated in pid ${newPid}`, `server.js: module scope ran in pid ${newPid}`]) {
    assert.ok(out.indexOf(line) > sigterm, `"${line}" after the SIGTERM line`);
  }
  assert.equal(out.match(/^server\.js: module scope ran/gm)?.length, 2);

  const after = await ex.session.request({ method: 'GET', path: '/' });
  assert.equal(after.pid, newPid);
  assert.equal(after.body, `Hello from the edited version of message.js (pid ${newPid})\n`);
  assert.equal(ex.session.status, 'running', 'the watcher itself kept running');
});
