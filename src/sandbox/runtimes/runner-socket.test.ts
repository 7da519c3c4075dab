// RunnerSocketRuntime against a real local runner on 127.0.0.1: detection, connecting, the hello example
// through Session, killing, disconnect clean-up and the runner's caps.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import { RunnerSocketRuntime, WENT_AWAY, type RunnerSocketInfo } from './runner-socket.ts';
import { RuntimeUnavailableError } from '../core/runtime.ts';
import { Session } from '../core/session.ts';
import { loadExample } from '../../examples/load.ts';
import { AGENT_SOURCE } from '../../examples/run.ts';
import { isAlive, pageRuntime, startRunner, waitUntil, type TestRunner } from '../../test/runner-harness.ts';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function connected(t: TestRunner): Promise<{ runtime: RunnerSocketRuntime; info: RunnerSocketInfo }> {
  const page = await pageRuntime(t);
  await page.runtime.boot();
  return page;
}

/** Collects a process's output as text. */
function collect(proc: { onOutput(l: (chunk: string) => void): void }): () => string {
  let text = '';
  proc.onOutput((chunk) => (text += chunk));
  return () => text;
}

describe('RunnerSocketRuntime.detect', () => {
  let t: TestRunner;
  before(async () => (t = await startRunner()));
  after(() => t.close());

  test('without the right: the runner is there but locked, and says how to get the right', async () => {
    const info = await RunnerSocketRuntime.detect(t.base);
    assert.ok(info?.locked);
    assert.equal(info.token, '');
    assert.match(info.locked, /open the address that npm start/);
  });

  test('finds the runner and the absolute WebSocket address', async () => {
    const info = await RunnerSocketRuntime.detect(t.base, t.right);
    assert.ok(info);
    assert.equal(info.token, t.runner.token);
    assert.equal(info.wsUrl, `ws://127.0.0.1:${t.port}/__lab/runner/ws`);
    assert.equal(info.node, process.version);
  });

  test('null on a 404 (a static deploy has no runner)', async () => {
    const server = createServer((_req, res) => res.writeHead(404).end('not found'));
    try {
      assert.equal(await RunnerSocketRuntime.detect(await listen(server)), null);
    } finally {
      await closeServer(server);
    }
  });

  test('null when the answer is not JSON (a host that serves index.html for every path)', async () => {
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><p>site'));
    try {
      assert.equal(await RunnerSocketRuntime.detect(await listen(server)), null);
    } finally {
      await closeServer(server);
    }
  });

  test('null on a network error', async () => {
    const server = createServer();
    const base = await listen(server);
    await closeServer(server);
    assert.equal(await RunnerSocketRuntime.detect(base), null);
  });
});

describe('RunnerSocketRuntime.boot', () => {
  test('a wrong token fails with a clear error', async () => {
    const t = await startRunner();
    try {
      const info = (await RunnerSocketRuntime.detect(t.base, t.right))!;
      const runtime = new RunnerSocketRuntime({ ...info, token: 'nope' });
      await assert.rejects(runtime.boot(), (err: unknown) => {
        assert.ok(err instanceof RuntimeUnavailableError);
        assert.match(err.message, /refused the connection or is not running/);
        return true;
      });
    } finally {
      await t.close();
    }
  });

  test('a server that never answers the upgrade times out', async () => {
    const server = createServer();
    const held: Duplex[] = [];
    server.on('upgrade', (_req, socket: Duplex) => held.push(socket)); // holds the socket, answers nothing
    const base = await listen(server);
    try {
      const runtime = new RunnerSocketRuntime(
        { token: 'x', ws: '/__lab/runner/ws', node: 'v0', wsUrl: base.replace('http', 'ws') + '__lab/runner/ws' },
        { connectTimeoutMs: 300 },
      );
      const started = Date.now();
      await assert.rejects(runtime.boot(), /did not answer within 0\.3 s/);
      assert.ok(Date.now() - started < 2000);
    } finally {
      for (const socket of held) socket.destroy(); // upgraded sockets are not the http server's to close
      await closeServer(server);
    }
  });
});

describe('RunnerSocketRuntime over the runner', () => {
  let t: TestRunner;
  before(async () => (t = await startRunner({ limits: { maxOutputBytes: 20_000, maxLifetimeMs: 60_000 } })));
  after(() => t.close());

  test('Session runs the hello example: GET / answers 200 with a PID', async () => {
    const { runtime } = await connected(t);
    const example = loadExample('hello');
    const session = new Session(runtime, example.files, { dir: 'hello', command: example.command, agentSource: AGENT_SOURCE });
    try {
      await session.start();
      assert.equal(session.status, 'running');
      const res = await session.request({ method: 'GET', path: '/' });
      assert.equal(res.status, 200, res.error);
      assert.ok(Number.isInteger(res.pid) && res.pid! > 0, `a PID: ${res.pid}`);
      assert.match(res.body ?? '', new RegExp(`Hello from process ${res.pid}\\. This process has answered 1 request`));
      assert.equal(session.events.list().filter((e) => e.type === 'start').length, 1);
      const burst = await session.burst({ method: 'GET', path: '/' }, 5, 5);
      assert.deepEqual(new Set(burst.map((r) => r.pid)), new Set([res.pid]));
    } finally {
      await session.dispose();
      await runtime.dispose();
    }
  });

  test('an infinite loop that ignores SIGTERM is stopped within 2 s by kill', async () => {
    const { runtime } = await connected(t);
    try {
      await runtime.mount('loop', { 'loop.js': "process.on('SIGTERM', () => {}); console.log('spinning'); while (true) {}" });
      const proc = await runtime.spawn('loop', ['loop.js']);
      const output = collect(proc);
      await waitUntil(() => output().includes('spinning'), 5000, 'the loop to start');
      const started = Date.now();
      await proc.kill();
      assert.ok(Date.now() - started < 2000, `stopped after ${Date.now() - started} ms`);
      assert.equal(await proc.exit, 137); // SIGKILL after the grace period
    } finally {
      await runtime.dispose();
    }
  });

  test('closing the socket kills the process tree (detached children too) and removes the temp folder', async () => {
    const { runtime } = await connected(t);
    const connection = [...t.runner.connections].at(-1)!;
    const root = connection.runtime.processes.root;
    await runtime.mount('tree', {
      // One child in the parent's process group, one that left it (detached): both must go.
      'parent.js':
        "const { fork, spawn } = require('node:child_process'); fork('child.js'); spawn(process.execPath, ['child.js'], { detached: true, stdio: 'inherit' }); console.log(`parent ${process.pid}`); setInterval(() => {}, 1000);",
      'child.js': 'console.log(`child ${process.pid}`); setInterval(() => {}, 1000);',
    });
    const proc = await runtime.spawn('tree', ['parent.js']);
    const output = collect(proc);
    await waitUntil(() => (output().match(/^(parent|child) \d+$/gm) ?? []).length === 3, 5000, 'the parent and its two children');
    assert.equal([...output().matchAll(/^(?:parent|child) (\d+)$/gm)].length, 3);
    // The PIDs printed are the sandbox's own (small numbers) when bwrap runs them: ask for this machine's.
    const pids = connection.runtime.processes.hostPids();
    assert.ok(pids.length >= 3, `found ${pids}`);
    assert.ok(pids.every(isAlive));
    assert.ok(root === null || existsSync(root));
    await runtime.dispose();
    assert.equal(await proc.exit, 1);
    await waitUntil(() => !t.runner.connections.has(connection), 5000, 'the connection to be cleaned up');
    await waitUntil(() => !pids.some(isAlive), 2000, 'every PID to be gone');
    assert.equal(root !== null && existsSync(root), false, 'temp folder removed');
  });

  test('the output cap stops a chatty process with one note', async () => {
    const { runtime } = await connected(t);
    try {
      await runtime.mount('chatty', { 'chatty.js': "setInterval(() => console.log('x'.repeat(1000)), 1);" });
      const proc = await runtime.spawn('chatty', ['chatty.js']);
      const output = collect(proc);
      assert.equal(await proc.exit, 137);
      const text = output();
      assert.equal(text.match(/output limit reached/g)?.length, 1);
      assert.match(text, /printed more than 19\.5 KB, so the local runner stopped it/);
      assert.ok(text.length < 25_000, `${text.length} characters delivered`);
    } finally {
      await runtime.dispose();
    }
  });

  test('when the runner goes away, exits resolve with 1 and later calls say so', async () => {
    const own = await startRunner();
    const { runtime } = await connected(own);
    await runtime.mount('gone', { 'idle.js': 'setInterval(() => {}, 1000);' });
    const proc = await runtime.spawn('gone', ['idle.js']);
    await own.close();
    assert.equal(await proc.exit, 1);
    await assert.rejects(runtime.mount('gone', {}), new RegExp(WENT_AWAY.replace(/[()?]/g, '\\$&')));
    await assert.rejects(runtime.boot(), /the local runner went away \(is npm start still running\?\)/);
  });
});

describe('RunnerSocketRuntime limits', () => {
  test('a process that outlives the lifetime cap is stopped with a note', async () => {
    const t = await startRunner({ limits: { maxLifetimeMs: 300 } });
    try {
      const { runtime } = await connected(t);
      await runtime.mount('old', { 'idle.js': 'setInterval(() => {}, 1000);' });
      const proc = await runtime.spawn('old', ['idle.js']);
      const output = collect(proc);
      assert.equal(await proc.exit, 137);
      assert.match(output(), /stopped by the local runner: a process may run for at most 0\.3 s/);
      await runtime.dispose();
    } finally {
      await t.close();
    }
  });

  test('files too large for one message are refused before sending', async () => {
    const t = await startRunner({ limits: { maxMessageBytes: 10_000 } });
    try {
      const { runtime } = await connected(t);
      await assert.rejects(
        runtime.mount('big', { 'big.js': 'x'.repeat(20_000) }),
        /too large for the local runner: 19\.\d KB in one message, the limit is 9\.8 KB/,
      );
      await runtime.mount('small', { 'small.js': '1' }); // the connection is still fine
      await runtime.dispose();
    } finally {
      await t.close();
    }
  });
});
