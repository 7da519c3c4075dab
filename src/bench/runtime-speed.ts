// Local runtime speed against bare node, on the hello example:
// - start: Run (Session.start: mount, request agent, spawn, wait until the agent's probe connects)
//   vs `node server.js` spawned here until its port accepts a connection;
// - round trip: a request through the request agent (Session.request) vs fetch() from this process
//   to the same server, both in-process (MachineRuntime) and over the runner's WebSocket (RunnerSocketRuntime).
import { claimRight } from '../test/runner-harness.ts';
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { createServer } from 'node:http';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runExample, AGENT_SOURCE } from '../examples/run.ts';
import { loadExample } from '../examples/load.ts';
import { freePort } from '../runner/machine-runtime.ts';
import { createRunner } from '../runner/server.ts';
import { Session } from '../sandbox/core/session.ts';
import { RunnerSocketRuntime } from '../sandbox/runtimes/runner-socket.ts';

const EXAMPLES = fileURLToPath(new URL('../../content/examples/', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const settle = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => settle(true));
    socket.once('error', () => settle(false));
  });
}

/** `node server.js` in a temp copy of the hello example, from spawn until the port accepts a connection (polled every 2 ms). */
export async function bareStartMs(runs: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'lab-bench-bare-'));
  try {
    cpSync(join(EXAMPLES, 'hello'), dir, { recursive: true });
    cpSync(join(EXAMPLES, '_shared', 'lab.js'), join(dir, 'lab.js'));
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const port = await freePort();
      const started = performance.now();
      const child = spawn(process.execPath, ['server.js'], { cwd: dir, env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
      const exited = new Promise((r) => child.once('exit', r));
      try {
        while (!(await accepts(port))) {
          if (child.exitCode !== null) throw new Error(`node server.js exited with code ${child.exitCode}`);
          if (performance.now() - started > 10_000) throw new Error('node server.js did not listen within 10 s');
          await sleep(2);
        }
        times.push(performance.now() - started);
      } finally {
        child.kill('SIGKILL');
        await exited;
      }
    }
    return times;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Round trips: through the session's request agent, then fetch() straight to the same server. */
async function roundTrips(session: Session, count: number): Promise<{ agent: number[]; fetch: number[] }> {
  const url = `http://127.0.0.1:${session.port}/`;
  const agent: number[] = [];
  const direct: number[] = [];
  for (let i = 0; i < 10; i++) {
    await session.request({ method: 'GET', path: '/' });
    await (await fetch(url)).text();
  }
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const res = await session.request({ method: 'GET', path: '/' });
    if (res.status !== 200) throw new Error(`agent request failed: ${res.error ?? res.status}`);
    agent.push(performance.now() - t0);
  }
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const res = await fetch(url);
    await res.text();
    if (res.status !== 200) throw new Error(`fetch answered ${res.status}`);
    direct.push(performance.now() - t0);
  }
  return { agent, fetch: direct };
}

export interface PathSpeed {
  /** Run until listening, per run (ms). */
  start: number[];
  agent: number[];
  fetch: number[];
}

/** MachineRuntime in this process, through runExample (what the example tests use). */
export async function nodeRuntimeSpeed(runs: number, requests: number): Promise<PathSpeed> {
  const start: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const ex = await runExample('hello');
    start.push(performance.now() - t0);
    try {
      if (i === runs - 1) return { start, ...(await roundTrips(ex.session, requests)) };
    } finally {
      await ex.close();
    }
  }
  throw new Error('no runs');
}

/** RunnerSocketRuntime over the runner's WebSocket, against createRunner() on an http server here (as the page uses it). */
export async function webSocketSpeed(runs: number, requests: number): Promise<PathSpeed> {
  const runner = createRunner();
  const server = createServer((req, res) => {
    if (!runner.handleHttp(req, res)) res.writeHead(404).end();
  });
  server.on('upgrade', (req, socket, head) => {
    if (!runner.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const info = await RunnerSocketRuntime.detect(`http://127.0.0.1:${port}/`, await claimRight(port, runner.right.secret));
    if (!info) throw new Error('the runner was not detected');
    const example = loadExample('hello');
    const start: number[] = [];
    for (let i = 0; i < runs; i++) {
      const runtime = new RunnerSocketRuntime(info);
      const session = new Session(runtime, example.files, { dir: 'hello', command: example.command, agentSource: AGENT_SOURCE });
      try {
        const t0 = performance.now();
        await session.start(); // includes boot(): opening the WebSocket, as a page's first Run does
        start.push(performance.now() - t0);
        if (i === runs - 1) return { start, ...(await roundTrips(session, requests)) };
      } finally {
        await session.dispose();
        await runtime.dispose();
      }
    }
    throw new Error('no runs');
  } finally {
    await runner.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
