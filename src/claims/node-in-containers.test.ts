// Backs the "Node in containers" page (content/docs/questions/node-in-containers.mdx) with real runs:
// Node as PID 1 of a PID namespace ignores SIGTERM until it has a listener, and SIGTERM sent to `npm start`
// never reaches a `node server.js` started through `sh -c` (dash), which then keeps the port: the next
// start fails with EADDRINUSE. Each test skips where the machine lacks what it needs (user namespaces,
// npm, dash as /bin/sh), since those are properties of the machine, not of Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../runner/machine-runtime.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(predicate: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function collect(child: ChildProcess): () => string {
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  return () => out;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

const namespacesWork = spawnSync('unshare', ['--user', '--map-root-user', '--pid', '--fork', '--mount-proc', 'true']).status === 0;

/** Starts `node -e script` as PID 1 of a new PID namespace; resolves with its PID as seen from here. */
async function nodeAsPid1(script: string): Promise<{ pid: number; output: () => string; ns: ChildProcess }> {
  const ns = spawn('unshare', ['--user', '--map-root-user', '--pid', '--fork', '--mount-proc', process.execPath, '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collect(ns);
  await until(() => output().includes('ready as pid 1'), 10_000, 'node to start as pid 1');
  // unshare --fork runs node as its only child.
  const children = readFileSync(`/proc/${ns.pid}/task/${ns.pid}/children`, 'utf8').trim();
  return { pid: Number(children), output, ns };
}

const IDLE = "console.log('ready as pid', process.pid); setInterval(() => {}, 1000);";

test('Node as PID 1 without a SIGTERM listener is not stopped by SIGTERM', { skip: !namespacesWork && 'user and PID namespaces unavailable' }, async () => {
  const { pid, ns } = await nodeAsPid1(IDLE);
  try {
    process.kill(pid, 'SIGTERM');
    await sleep(1000);
    assert.ok(alive(pid), 'node as pid 1 should have ignored SIGTERM');
  } finally {
    process.kill(pid, 'SIGKILL');
    await exited(ns);
  }
});

test('Node as PID 1 with a SIGTERM listener runs it and exits', { skip: !namespacesWork && 'user and PID namespaces unavailable' }, async () => {
  const { pid, output, ns } = await nodeAsPid1(`process.on('SIGTERM', () => { console.log('handler ran'); process.exit(0); }); ${IDLE}`);
  try {
    process.kill(pid, 'SIGTERM');
    await until(() => !alive(pid), 5000, 'node to exit');
    assert.match(output(), /handler ran/);
  } finally {
    if (alive(pid)) process.kill(pid, 'SIGKILL');
    await exited(ns);
  }
});

const npmFound = spawnSync('npm', ['--version'], { encoding: 'utf8' }).status === 0;
const dash = (() => {
  try {
    return realpathSync('/bin/sh').endsWith('dash');
  } catch {
    return false;
  }
})();
const npmSkip = !npmFound ? 'npm not found' : !dash ? '/bin/sh is not dash (other shells may exec the command)' : false;

const SERVER = `
const http = require('node:http');
http.createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening pid ' + process.pid));
process.on('SIGTERM', () => { console.log('SIGTERM handler ran'); process.exit(0); });
`;

/** `npm start` in a fresh folder whose start script is `script`; resolves once the server listens. */
async function npmStart(dir: string, port: number): Promise<{ npm: ChildProcess; output: () => string }> {
  const npm = spawn('npm', ['start'], { cwd: dir, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collect(npm);
  await until(() => /listening pid \d+|EADDRINUSE/.test(output()), 20_000, 'the server to listen or fail');
  return { npm, output };
}

function project(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'npm-start-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'npm-start-signals', version: '1.0.0', private: true, scripts: { start: script } }));
  writeFileSync(join(dir, 'server.js'), SERVER);
  return dir;
}

test('SIGTERM to `npm start` (sh -c "node server.js") never reaches node; the orphan keeps the port: EADDRINUSE', { skip: npmSkip }, async () => {
  const dir = project('node server.js');
  const port = await freePort();
  let orphan = 0;
  try {
    const first = await npmStart(dir, port);
    orphan = Number(/listening pid (\d+)/.exec(first.output())![1]);
    first.npm.kill('SIGTERM');
    await exited(first.npm);
    await sleep(500);
    assert.ok(alive(orphan), 'node server.js should still run after npm exited');
    assert.doesNotMatch(first.output(), /SIGTERM handler ran/);
    const second = await npmStart(dir, port);
    await exited(second.npm);
    assert.match(second.output(), /Error: listen EADDRINUSE: address already in use 127\.0\.0\.1:\d+/);
  } finally {
    if (orphan && alive(orphan)) process.kill(orphan, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('with `exec node server.js` the shell is replaced, and SIGTERM to npm reaches the handler', { skip: npmSkip }, async () => {
  const dir = project('exec node server.js');
  const port = await freePort();
  let pid = 0;
  try {
    const run = await npmStart(dir, port);
    pid = Number(/listening pid (\d+)/.exec(run.output())![1]);
    run.npm.kill('SIGTERM');
    await exited(run.npm);
    await until(() => !alive(pid), 5000, 'node to exit');
    assert.match(run.output(), /SIGTERM handler ran/);
  } finally {
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
