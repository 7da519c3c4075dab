// Claims of the reload-and-shutdown guide about the signal a restart tool sends, checked under real
// Node: nodemon restarts with SIGUSR2 by default. A server that listens only for SIGTERM never runs
// its cleanup then: Node leaves SIGUSR2 at the default action, which ends the process at once. A
// SIGUSR2 listener that cleans up and re-sends the signal to itself ends the same way, after cleanup.
// (nodemon itself is not installed here; the test sends the signal nodemon sends.)
import { spawn } from 'node:child_process';
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';

const SERVER = (listeners: string) => `
const http = require('node:http');
const server = http.createServer((req, res) => res.end('ok'));
server.listen(0, '127.0.0.1', () => console.log('listening in pid ' + process.pid));
function shutdown(done) {
  console.log('cleanup ran');
  server.close(done);
}
${listeners}
`;

async function start(t: TestContext, listeners: string) {
  const child = spawn(process.execPath, ['-e', SERVER(listeners)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  t.after(() => {
    child.kill('SIGKILL');
  });
  const deadline = Date.now() + 10_000;
  while (!out.includes('listening in pid')) {
    if (Date.now() > deadline) throw new Error(`the server did not start\n${out}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return { child, ended, output: () => out };
}

test("SIGUSR2 (nodemon's default restart signal) ends a server that listens only for SIGTERM, without its cleanup", async (t) => {
  const s = await start(t, "process.once('SIGTERM', () => shutdown(() => process.exit(0)));");
  s.child.kill('SIGUSR2');
  const { code, signal } = await s.ended;
  assert.equal(signal, 'SIGUSR2');
  assert.equal(code, null);
  assert.doesNotMatch(s.output(), /cleanup ran/);
});

test('the same server given SIGTERM runs its cleanup and exits with code 0', async (t) => {
  const s = await start(t, "process.once('SIGTERM', () => shutdown(() => process.exit(0)));");
  s.child.kill('SIGTERM');
  const { code, signal } = await s.ended;
  assert.deepEqual([code, signal], [0, null]);
  assert.match(s.output(), /cleanup ran/);
});

test('a SIGUSR2 listener that cleans up and re-sends SIGUSR2 to itself runs the cleanup, then ends by SIGUSR2', async (t) => {
  const s = await start(t, "process.once('SIGUSR2', () => shutdown(() => process.kill(process.pid, 'SIGUSR2')));");
  s.child.kill('SIGUSR2');
  const { code, signal } = await s.ended;
  assert.equal(signal, 'SIGUSR2');
  assert.equal(code, null);
  assert.match(s.output(), /cleanup ran/);
});
