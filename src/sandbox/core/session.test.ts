// Bad input gets a clear message and loses nothing: the Session under real node processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MachineRuntime } from '../../runner/machine-runtime.ts';
import { AGENT_SOURCE } from '../../examples/run.ts';
import { Session } from './session.ts';
import { parseMarker } from './events.ts';

async function withSession(files: Record<string, string>, fn: (s: Session) => Promise<void>, listenTimeoutMs = 10_000): Promise<void> {
  const runtime = new MachineRuntime();
  const session = new Session(runtime, files, { dir: 'test', command: ['server.js'], agentSource: AGENT_SOURCE, listenTimeoutMs });
  try {
    await fn(session);
  } finally {
    await session.dispose();
    await runtime.dispose();
  }
}

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('a server that crashes at startup: status crashed, exit code, output kept', async () => {
  await withSession({ 'server.js': 'console.log("about to fail"); throw new Error("boom at startup");' }, async (s) => {
    await s.start();
    await until(() => s.status === 'crashed');
    assert.equal(s.detail, 'exit code 1');
    assert.match(s.output.text(), /about to fail/);
    assert.match(s.output.text(), /Error: boom at startup/);
    assert.match(s.output.text(), /crashed: exit code 1/);
  });
});

test('a server that never listens: a message after the timeout', async () => {
  await withSession(
    { 'server.js': 'setInterval(() => {}, 1000);' },
    async (s) => {
      const started = s.start();
      await until(() => /nothing is listening/.test(s.detail), 3000);
      assert.equal(s.status, 'starting');
      assert.match(s.output.text(), /Does the server call listen\(process.env.PORT\)\?/);
      await s.stop();
      await started;
      assert.equal(s.status, 'stopped');
    },
    500,
  );
});

test('a server that prints no [lab] marker is found by the probe, and answers', async () => {
  const server = 'require("http").createServer((q, r) => r.end("plain")).listen(process.env.PORT, "127.0.0.1");';
  await withSession({ 'server.js': server }, async (s) => {
    await s.start();
    assert.equal(s.status, 'running');
    assert.equal((await s.request({ method: 'GET', path: '/' })).body, 'plain');
  });
});

test('a request to a stopped server says "not running" at once', async () => {
  const server = 'require("http").createServer((q, r) => r.end("ok")).listen(process.env.PORT, "127.0.0.1");';
  await withSession({ 'server.js': server }, async (s) => {
    const before = await s.request({ method: 'GET', path: '/' });
    assert.match(before.error ?? '', /not running/);
    await s.start();
    assert.equal((await s.request({ method: 'GET', path: '/' })).status, 200);
    await s.stop();
    const after = await s.request({ method: 'GET', path: '/' });
    assert.equal(after.ok, false);
    assert.match(after.error ?? '', /not running/);
  });
});

const LOOPS = {
  'an infinite loop': '',
  'a loop that ignores SIGTERM': "process.on('SIGTERM', () => console.log('ignoring SIGTERM'));",
};
for (const [name, prelude] of Object.entries(LOOPS)) {
  test(`${name} is stopped within 2 s`, async () => {
    const server = `${prelude}
      require('http').createServer((q, r) => { while (true) {} }).listen(process.env.PORT, '127.0.0.1');`;
    await withSession({ 'server.js': server }, async (s) => {
      await s.start();
      void s.request({ method: 'GET', path: '/', timeoutMs: 60_000 });
      await new Promise((r) => setTimeout(r, 200));
      const t0 = Date.now();
      await s.stop();
      assert.ok(Date.now() - t0 < 2000, `stop took ${Date.now() - t0} ms`);
      assert.equal(s.status, 'stopped');
    });
  });
}

test('a marker printed without a final newline still counts', async () => {
  await withSession({ 'server.js': 'process.stdout.write(`[lab] start pid=${process.pid} role=single`); process.exit(3);' }, async (s) => {
    await s.start();
    await until(() => s.status === 'crashed');
    assert.equal(s.events.list().filter((e) => e.type === 'start').length, 1);
  });
});

test('edits reach the runtime and Restart runs them', async () => {
  const server = (text: string) =>
    `require("http").createServer((q, r) => { r.setHeader('x-pid', process.pid); r.end(${JSON.stringify(text)}); }).listen(process.env.PORT, "127.0.0.1");`;
  await withSession({ 'server.js': server('before') }, async (s) => {
    await s.start();
    const first = await s.request({ method: 'GET', path: '/' });
    assert.equal(first.body, 'before');
    await s.writeFile('server.js', server('after'));
    await s.restart();
    const second = await s.request({ method: 'GET', path: '/' });
    assert.equal(second.body, 'after');
    assert.notEqual(second.pid, first.pid);
  });
});

test('markers: well-formed lines become events, anything else is ignored', () => {
  assert.deepEqual(parseMarker('[lab] start pid=42 role=worker', 1), { type: 'start', t: 1, pid: 42, role: 'worker' });
  assert.deepEqual(parseMarker('\x1b[2m[lab] listening pid=42 port=3000\x1b[22m', 2), { type: 'listening', t: 2, pid: 42, port: 3000 });
  // `node --watch` prints ESC c (clear screen) right before the restarted process's first line.
  assert.deepEqual(parseMarker('\x1bc[lab] start pid=43 role=single', 3), { type: 'start', t: 3, pid: 43, role: 'single' });
  assert.deepEqual(parseMarker('[lab] exit pid=43 code=null signal=SIGKILL', 3), { type: 'exit', t: 3, pid: 43, code: null, signal: 'SIGKILL' });
  assert.deepEqual(parseMarker('[lab] event pid=42 name=config-loaded', 4), { type: 'mark', t: 4, pid: 42, name: 'config-loaded', fields: {} });
  assert.equal(parseMarker('[lab] start role=worker', 5), null);
  assert.equal(parseMarker('hello [lab] start pid=1', 5), null);
  assert.equal(parseMarker('[lab] start pid=abc', 5), null);
});
