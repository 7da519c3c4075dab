// The local runner's refusals, one by one, against a real createRunner() on 127.0.0.1.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { WebSocket } from 'ws';
import { RawClient, isAlive, rawRequest, rightHeader, startRunner, waitUntil, type TestRunner } from '../test/runner-harness.ts';

let t: TestRunner;
before(async () => {
  t = await startRunner({ limits: { maxProcesses: 2, maxMessageBytes: 64 * 1024 } });
});
after(() => t.close());

const wsPath = () => `/__lab/runner/ws?token=${t.runner.token}`;
const sameOrigin = () => `http://127.0.0.1:${t.port}`;

describe('GET /__lab/runner', () => {
  test('answers the token, the WebSocket path and the Node version, never cached', async () => {
    const res = await rawRequest(t.port, '/__lab/runner', { Origin: sameOrigin(), 'Sec-Fetch-Site': 'same-origin', ...rightHeader(t.right) });
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const info = JSON.parse(res.body);
    assert.equal(info.token, t.runner.token);
    assert.match(info.token, /^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    assert.equal(info.ws, '/__lab/runner/ws');
    assert.equal(info.node, process.version);
  });

  test('accepts localhost by name', async () => {
    const res = await rawRequest(t.port, '/__lab/runner', { Host: `localhost:${t.port}`, Origin: `http://localhost:${t.port}`, ...rightHeader(t.right) });
    assert.equal(res.status, 200);
  });

  test('leaves every other URL to the site', async () => {
    const res = await rawRequest(t.port, '/guides/', {});
    assert.equal(res.status, 404);
    assert.equal(res.body, 'site');
  });

  test('refuses a non-loopback Host (DNS rebinding)', async () => {
    const res = await rawRequest(t.port, '/__lab/runner', { Host: `evil.example:${t.port}` });
    assert.equal(res.status, 403);
    assert.match(JSON.parse(res.body).error, /Host "evil\.example:\d+" refused/);
  });

  test('refuses a foreign Origin', async () => {
    const res = await rawRequest(t.port, '/__lab/runner', { Origin: 'https://evil.example' });
    assert.equal(res.status, 403);
    assert.match(JSON.parse(res.body).error, /Origin "https:\/\/evil\.example" refused/);
  });

  test('refuses another loopback origin (another local site on another port)', async () => {
    const res = await rawRequest(t.port, '/__lab/runner', { Origin: 'http://127.0.0.1:1' });
    assert.equal(res.status, 403);
  });

  test('refuses a cross-site request by Sec-Fetch-Site', async () => {
    const res = await rawRequest(t.port, '/__lab/runner', { 'Sec-Fetch-Site': 'cross-site' });
    assert.equal(res.status, 403);
    assert.match(JSON.parse(res.body).error, /cross-site request refused/);
  });
});

describe('WebSocket upgrade', () => {
  test('accepts the right token from the same origin', async () => {
    const res = await rawRequest(t.port, wsPath(), { Origin: sameOrigin(), ...rightHeader(t.right) }, true);
    assert.equal(res.status, 101);
  });

  test('refuses a missing token', async () => {
    const res = await rawRequest(t.port, '/__lab/runner/ws', { Origin: sameOrigin(), ...rightHeader(t.right) }, true);
    assert.equal(res.status, 403);
    assert.match(JSON.parse(res.body).error, /missing token/);
  });

  test('refuses a wrong token', async () => {
    const wrong = t.runner.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const res = await rawRequest(t.port, `/__lab/runner/ws?token=${wrong}`, { Origin: sameOrigin(), ...rightHeader(t.right) }, true);
    assert.equal(res.status, 403);
    assert.match(JSON.parse(res.body).error, /wrong token/);
  });

  test('refuses a foreign Origin even with the right token', async () => {
    const res = await rawRequest(t.port, wsPath(), { Origin: 'https://evil.example' }, true);
    assert.equal(res.status, 403);
    assert.match(JSON.parse(res.body).error, /Origin .* refused/);
  });

  test('refuses a non-loopback Host even with the right token', async () => {
    const res = await rawRequest(t.port, wsPath(), { Host: `rebind.example:${t.port}` }, true);
    assert.equal(res.status, 403);
    assert.match(JSON.parse(res.body).error, /DNS rebinding/);
  });

  test('leaves other upgrade paths alone', async () => {
    await assert.rejects(rawRequest(t.port, '/vite-hmr', {}, true)); // the test server destroys the socket
  });
});

describe('protocol refusals', () => {
  let c: RawClient;
  before(async () => {
    c = await RawClient.connect(t);
    assert.equal((await c.call({ op: 'mount', dir: 'ok', files: { 'a.js': '', 'lib/b.js': '' } })).ok, true);
  });
  after(() => c.close());

  test('a malformed message', async () => {
    c.ws.send('{not json');
    const reply = await c.wait((m) => 're' in m && m.re === null && !m.ok && /malformed/.test(m.error));
    assert.ok(reply);
    c.ws.send('[1,2]');
    await c.wait((m) => 're' in m && m.re === null && !m.ok && /expected a JSON object/.test(m.error));
  });

  test('an unknown op', async () => {
    const reply = await c.call({ op: 'exec', command: 'ls' });
    assert.equal(reply.ok, false);
    assert.match(reply.error!, /unknown op "exec"/);
  });

  test('an absolute path', async () => {
    const write = await c.call({ op: 'write', dir: 'ok', path: '/etc/x.js', contents: 'x' });
    assert.equal(write.ok, false);
    assert.match(write.error!, /absolute path "\/etc\/x\.js" refused/);
    const mount = await c.call({ op: 'mount', dir: 'ok', files: { 'a.js': '', '/tmp/evil.js': 'x' } });
    assert.match(mount.error!, /absolute path/);
  });

  test('a ".." path', async () => {
    const write = await c.call({ op: 'write', dir: 'ok', path: '../escape.js', contents: 'x' });
    assert.equal(write.ok, false);
    assert.match(write.error!, /"\.\." leaves the example's folder/);
    const nested = await c.call({ op: 'write', dir: 'ok', path: 'lib/../../escape.js', contents: 'x' });
    assert.match(nested.error!, /"\.\."/);
    const mount = await c.call({ op: 'mount', dir: 'ok', files: { '../x.js': 'x' } });
    assert.match(mount.error!, /"\.\."/);
  });

  test('a folder name that is not one safe segment', async () => {
    for (const dir of ['..', '../ok', 'a/b', 'UPPER', '', '-x', 'x'.repeat(65)]) {
      const reply = await c.call({ op: 'mount', dir, files: {} });
      assert.equal(reply.ok, false, dir);
      assert.match(reply.error!, /folder name|"dir"/, dir);
    }
  });

  test('anything but node on the folder’s own .js files', async () => {
    const cases: Array<[unknown[], RegExp]> = [
      [['-e', 'require("child_process").execSync("id")'], /node flag "-e" is not allowed/],
      [['--eval=1'], /node flag "--eval=1" is not allowed/],
      [['-p', '1'], /node flag "-p" is not allowed/],
      [['/bin/sh'], /absolute path "\/bin\/sh" refused/],
      [['../x.js'], /"\.\." leaves/],
      [['--require=x', 'a.js'], /node flag "--require=x" is not allowed/],
      [['--import', 'data:text/javascript,1', 'a.js'], /node flag "--import" is not allowed/],
      [['--inspect', 'a.js'], /node flag "--inspect" is not allowed/],
      [['run.sh'], /only \.js, \.cjs or \.mjs files run here/],
      [['missing.js'], /missing\.js does not exist/],
      [['--watch'], /no script given/],
      [[], /"args" must be a list/],
      [['a.js', 42], /every argument must be a string/],
    ];
    for (const [args, reason] of cases) {
      const reply = await c.call({ op: 'spawn', dir: 'ok', args });
      assert.equal(reply.ok, false, JSON.stringify(args));
      assert.match(reply.error!, reason, JSON.stringify(args));
    }
  });

  test('environment variables that change what node runs', async () => {
    for (const name of ['PATH', 'NODE_OPTIONS', 'NODE_PATH', 'LD_PRELOAD', 'HOME']) {
      const reply = await c.call({ op: 'spawn', dir: 'ok', args: ['a.js'], env: { [name]: 'x' } });
      assert.equal(reply.ok, false, name);
      assert.match(reply.error!, new RegExp(`${name} may not be set`));
    }
    const lower = await c.call({ op: 'spawn', dir: 'ok', args: ['a.js'], env: { path: 'x' } });
    assert.match(lower.error!, /name "path" refused/);
    const long = await c.call({ op: 'spawn', dir: 'ok', args: ['a.js'], env: { PORT: 'x'.repeat(300) } });
    assert.match(long.error!, /at most 256 characters/);
  });

  test('a signal other than SIGTERM or SIGKILL', async () => {
    const reply = await c.call({ op: 'kill', proc: 1, signal: 'SIGSTOP' });
    assert.match(reply.error!, /signal "SIGSTOP" refused/);
  });

  test('an oversized message gets a readable refusal; a huge one closes the connection', async () => {
    const big = await c.call({ op: 'write', dir: 'ok', path: 'big.js', contents: 'x'.repeat(100 * 1024) });
    assert.equal(big.ok, false);
    assert.match(big.error!, /message too large: 100\.\d KB, the local runner accepts at most 64 KB/);
    const other = await RawClient.connect(t);
    other.ws.send(JSON.stringify({ id: 1, op: 'write', dir: 'ok', path: 'x.js', contents: 'x'.repeat(200 * 1024) }));
    await assert.rejects(
      other.wait(() => false, 2000),
      /socket closed \(1009\)/,
    );
  });

  test('too many processes', async () => {
    await c.call({ op: 'write', dir: 'ok', path: 'idle.js', contents: 'setInterval(() => {}, 1000);' });
    const first = await c.call({ op: 'spawn', dir: 'ok', args: ['idle.js'] });
    const second = await c.call({ op: 'spawn', dir: 'ok', args: ['idle.js'] });
    assert.equal(first.ok && second.ok, true);
    const third = await c.call({ op: 'spawn', dir: 'ok', args: ['idle.js'] });
    assert.equal(third.ok, false);
    assert.match(third.error!, /too many processes: this page already runs 2, the local runner's limit is 2/);
    // Once one is stopped, there is room again.
    assert.equal((await c.call({ op: 'kill', proc: first.proc, signal: 'SIGKILL' })).ok, true);
    const again = await c.call({ op: 'spawn', dir: 'ok', args: ['idle.js'] });
    assert.equal(again.ok, true);
    await c.call({ op: 'kill', proc: second.proc, signal: 'SIGKILL' });
    await c.call({ op: 'kill', proc: again.proc, signal: 'SIGKILL' });
  });

  test('stdin to a process that does not exist', async () => {
    const reply = await c.call({ op: 'stdin', proc: 999, data: 'x' });
    assert.match(reply.error!, /process 999 is not running/);
  });
});

describe('clean-up', () => {
  test('close() kills every page’s processes and removes their folders', async () => {
    const own = await startRunner();
    const c = await RawClient.connect(own);
    await c.call({ op: 'mount', dir: 'idle', files: { 'idle.js': 'setInterval(() => {}, 1000);' } });
    const spawned = await c.call({ op: 'spawn', dir: 'idle', args: ['idle.js'] });
    assert.equal(spawned.ok, true);
    const [connection] = own.runner.connections;
    const root = connection!.runtime.processes.root;
    const [pid] = connection!.runtime.processes.hostPids(); // the PID on this machine (the page sees the sandbox's own)
    assert.ok(pid && isAlive(pid) && (root === null || existsSync(root)));
    await own.close();
    assert.equal(isAlive(pid), false);
    assert.equal(root !== null && existsSync(root), false); // sandboxed: the files were on the sandbox's own tmpfs
    const refused = await rawRequest(own.port, '/__lab/runner', {}).catch(() => null);
    assert.equal(refused, null, 'the http server is closed too');
  });

  test('a page that stops answering pings is dropped and its processes killed', async () => {
    const own = await startRunner({ heartbeatMs: 6000 }); // long enough for the sandbox to start the process first, on a busy machine too
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${own.port}/__lab/runner/ws?token=${own.runner.token}`, { autoPong: false });
      await new Promise((resolve) => ws.once('open', resolve));
      ws.send(JSON.stringify({ id: 1, op: 'mount', dir: 'idle', files: { 'idle.js': 'setInterval(() => {}, 1000);' } }));
      ws.send(JSON.stringify({ id: 2, op: 'spawn', dir: 'idle', args: ['idle.js'] }));
      await new Promise<void>((resolve, reject) => {
        ws.on('message', (data) => {
          if (JSON.parse(data.toString()).re === 2) resolve();
        });
        ws.once('close', () => reject(new Error('dropped before the process started')));
      });
      const [pid] = [...own.runner.connections][0]!.runtime.processes.hostPids();
      assert.ok(pid && isAlive(pid));
      await waitUntil(() => own.runner.connections.size === 0, 15_000, 'the silent page to be dropped');
      assert.equal(isAlive(pid), false);
    } finally {
      await own.close();
    }
  });
});
