// The hostile suite: what a share link's code once did on the reader's machine through the local
// runner, each attack run through the runner's real WebSocket, with and without the OS sandbox.
// Under bwrap every attack fails. Without it (LAB_SANDBOX=off, macOS, Windows) the code has the
// user's rights, so reading and connecting succeed there (that is why the page asks first), but the
// runner's own defences (links, env, cleanup, kill) hold in both.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bwrapAvailable } from './bwrap.ts';
import { RawClient, countingListener, isAlive, processesWith, startRunner, waitUntil, type TestRunner } from '../test/runner-harness.ts';

/** Run `code` as an example's script; resolve with what it printed once it exits. */
async function runScript(c: RawClient, dir: string, code: string): Promise<string> {
  assert.equal((await c.call({ op: 'mount', dir, files: { 'attack.js': code } })).ok, true);
  const spawned = await c.call({ op: 'spawn', dir, args: ['attack.js'] });
  assert.equal(spawned.ok, true, spawned.error);
  const proc = spawned.proc as number;
  await c.wait((m) => 'ev' in m && m.ev === 'exit' && m.proc === proc, 10_000);
  return c.messages
    .filter((m) => 'ev' in m && m.ev === 'output' && m.proc === proc)
    .map((m) => (m as { data: string }).data)
    .join('');
}

const modes = bwrapAvailable() ? [true, false] : [false];

for (const sandboxed of modes) {
  describe(sandboxed ? 'sandboxed (bwrap)' : 'without the OS sandbox', () => {
    let t: TestRunner;
    let c: RawClient;
    const tag = randomBytes(6).toString('hex');
    const planted = join(homedir(), `.lab-hostile-${tag}`);
    const outside = join(tmpdir(), `lab-hostile-outside-${tag}`);
    before(async () => {
      writeFileSync(planted, 'the reader’s secret');
      t = await startRunner({ sandbox: sandboxed });
      c = await RawClient.connect(t);
    });
    after(async () => {
      await c.close();
      await t.close();
      rmSync(planted, { force: true });
      rmSync(outside, { force: true });
    });

    test('the runner says whether it sandboxes', () => {
      assert.equal(t.runner.sandboxed, sandboxed);
    });

    test('attack: read a file planted in the home folder', async () => {
      const out = await runScript(
        c,
        'read',
        `try { console.log('READ:' + require('fs').readFileSync(${JSON.stringify(planted)}, 'utf8')) } catch (e) { console.log('REFUSED:' + e.code) }`,
      );
      if (sandboxed) assert.match(out, /REFUSED:ENOENT/);
      else assert.match(out, /READ:the reader’s secret/);
    });

    test('attack: write outside its folder', async () => {
      const out = await runScript(
        c,
        'write',
        `try { require('fs').writeFileSync(${JSON.stringify(outside)}, 'x'); console.log('WROTE') } catch (e) { console.log('REFUSED:' + e.code) }`,
      );
      // Sandboxed, /tmp is the session's own (a size-limited tmpfs): the write lands there, never here.
      assert.equal(existsSync(outside), !sandboxed, out);
    });

    test('attack: connect out (to a server on this machine’s loopback)', async () => {
      const server = await countingListener();
      const { port } = server;
      try {
        const out = await runScript(
          c,
          'connect',
          `require('net').connect(${port}, '127.0.0.1').on('connect', () => { console.log('CONNECTED'); process.exit(0) }).on('error', (e) => console.log('REFUSED:' + e.code))`,
        );
        if (sandboxed) {
          assert.match(out, /REFUSED:ECONNREFUSED/);
          assert.equal(server.connections(), 0);
        } else assert.match(out, /CONNECTED/);
        if (sandboxed) {
          // Nor anywhere else: the sandbox has no network but its own loopback.
          const outer = await runScript(c, 'connect', `require('net').connect(80, '1.1.1.1').on('error', (e) => console.log('REFUSED:' + e.code))`);
          assert.match(outer, /REFUSED:ENETUNREACH/);
        }
      } finally {
        server.close();
      }
    });

    test('attack: a detached and a double-forked sleep survive Stop', async () => {
      const a = String(900_000 + Math.floor(Math.random() * 99_999));
      const b = String(800_000 + Math.floor(Math.random() * 99_999));
      const code = `const { spawn } = require('child_process');
        spawn('sleep', ['${a}'], { detached: true, stdio: 'ignore' }).unref();
        spawn('/bin/sh', ['-c', 'sleep ${b} &'], { detached: true, stdio: 'ignore' }).unref();
        console.log('started'); setInterval(() => {}, 1000);`;
      assert.equal((await c.call({ op: 'mount', dir: 'detach', files: { 'attack.js': code } })).ok, true);
      const spawned = await c.call({ op: 'spawn', dir: 'detach', args: ['attack.js'] });
      await waitUntil(() => processesWith(a).length === 1 && processesWith(b).length === 1, 5000, 'both sleeps to start');
      assert.equal((await c.call({ op: 'kill', proc: spawned.proc, signal: 'SIGTERM' })).ok, true);
      await waitUntil(() => processesWith(a).length + processesWith(b).length === 0, 3000, 'no sleep left after Stop');
    });

    test('attack: a link planted by the code makes the runner write outside the folder', async () => {
      const target = join(tmpdir(), `lab-hostile-link-${tag}`);
      writeFileSync(target, 'untouched');
      try {
        const dir = 'links';
        const code = `const fs = require('fs'); fs.unlinkSync('lab.js'); fs.symlinkSync(${JSON.stringify(target)}, 'lab.js'); fs.symlinkSync(${JSON.stringify(tmpdir())}, 'sub'); console.log('planted')`;
        assert.equal((await c.call({ op: 'mount', dir, files: { 'attack.js': code, 'lab.js': '' } })).ok, true);
        const spawned = await c.call({ op: 'spawn', dir, args: ['attack.js'] });
        await c.wait((m) => 'ev' in m && m.ev === 'exit' && m.proc === spawned.proc, 10_000);
        // Sandboxed, the code cannot plant anything (its folder is read-only to it); without the
        // sandbox the runner replaces the links with a real file and folder instead of following them.
        const file = await c.call({ op: 'write', dir, path: 'lab.js', contents: 'written through the link' });
        assert.equal(file.ok, true);
        const folder = await c.call({ op: 'write', dir, path: `sub/lab-hostile-sub-${tag}.js`, contents: 'x' });
        assert.equal(folder.ok, true);
        assert.equal(readFileSync(target, 'utf8'), 'untouched');
        assert.equal(existsSync(join(tmpdir(), `lab-hostile-sub-${tag}.js`)), false);
      } finally {
        rmSync(target, { force: true });
      }
    });

    test('attack: environment variables that run other code (BASH_ENV, GLIBC_TUNABLES, TMPDIR)', async () => {
      for (const name of ['BASH_ENV', 'GLIBC_TUNABLES', 'TMPDIR', 'ENV', 'PYTHONSTARTUP']) {
        const reply = await c.call({ op: 'spawn', dir: 'read', args: ['attack.js'], env: { [name]: '/tmp/x' } });
        assert.equal(reply.ok, false, name);
        assert.match(reply.error!, /may not be set/, name);
      }
      const out = await runScript(c, 'env', 'console.log(JSON.stringify(Object.keys(process.env).sort()))');
      const names = JSON.parse(out.trim().split('\n').at(-1)!) as string[];
      for (const name of names) assert.match(name, /^(PATH|HOME|TMPDIR|NODE_ENV|FORCE_COLOR|LANG|LAB_TREE|LAB_SESSION)$/, `leaked ${name}`);
    });

    test("attack: the request agent kills a process that is not the session's", async () => {
      const victim = spawn('sleep', ['30'], { stdio: 'ignore' });
      try {
        const agent = readFileSync(new URL('../sandbox/agent/agent.cjs', import.meta.url), 'utf8');
        assert.equal((await c.call({ op: 'mount', dir: 'agent', files: { 'agent.cjs': agent } })).ok, true);
        const spawned = await c.call({ op: 'spawn', dir: 'agent', args: ['agent.cjs'] });
        await c.call({ op: 'stdin', proc: spawned.proc, data: `${JSON.stringify({ id: 1, op: 'kill', pid: victim.pid, signal: 'SIGKILL' })}\n` });
        const reply = (await c.wait((m) => 'ev' in m && m.ev === 'output' && m.proc === spawned.proc && m.data.includes('"id":1'))) as unknown as {
          data: string;
        };
        assert.match(reply.data, /"ok":false/);
        assert.ok(isAlive(victim.pid!), 'the outside process lives');
        await c.call({ op: 'kill', proc: spawned.proc, signal: 'SIGKILL' });
      } finally {
        victim.kill('SIGKILL');
      }
    });
  });
}

test('attack: flood a page that stopped reading (output buffered without bound)', async () => {
  const t = await startRunner({ limits: { maxOutputBytes: 512 * 1024 * 1024, maxBufferedBytes: 1024 * 1024 } });
  try {
    const c = await RawClient.connect(t);
    const code =
      "const line = 'x'.repeat(64 * 1024) + '\\n'; const flood = () => { while (process.stdout.write(line)); process.stdout.once('drain', flood); }; flood();";
    assert.equal((await c.call({ op: 'mount', dir: 'flood', files: { 'flood.js': code } })).ok, true);
    const spawned = await c.call({ op: 'spawn', dir: 'flood', args: ['flood.js'] });
    assert.equal(spawned.ok, true);
    // The page stops reading: its socket is paused, so the runner's send buffer grows.
    (c.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const connection = [...t.runner.connections][0]!;
    await waitUntil(() => connection.pids.length === 0, 15_000, 'the flooding process to be stopped');
    (c.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await c.wait((m) => 'ev' in m && m.ev === 'output' && /the page is not reading the output/.test(m.data), 15_000);
    await c.close();
  } finally {
    await t.close();
  }
});
