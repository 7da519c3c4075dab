// Local runtime speed against bare node, on the hello example:
// - start: Run (Session.start: mount, spawn, wait for the server's listening marker, or the agent's
//   probe) vs `node server.js` spawned here until it prints the same marker. Measured in pairs,
//   a bare start right before each Run, and reported as the ratio pair by pair, so a comparison
//   holds while a shared machine's speed drifts;
// - round trip: a request through the request agent (Session.request) vs fetch() from this process
//   to the same server, both in-process (MachineRuntime) and over the runner's WebSocket (RunnerSocketRuntime).
import { claimRight } from '../test/runner-harness.ts';
import { spawn } from 'node:child_process';
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
import { LineSplitter, parseMarker } from '../sandbox/core/events.ts';
import { RunnerSocketRuntime } from '../sandbox/runtimes/runner-socket.ts';

const EXAMPLES = fileURLToPath(new URL('../../content/examples/', import.meta.url));

/** `node server.js` in a temp copy of the hello example, from spawn until it prints `[lab] listening`
 * (from its listen callback, when the port accepts): the same moment the session waits for, seen
 * the same way, so the ratio is the cost of the runtime's path and nothing else. */
export async function withBareStarter<T>(fn: (startOnce: () => Promise<number>) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'lab-bench-bare-'));
  try {
    cpSync(join(EXAMPLES, 'hello'), dir, { recursive: true });
    cpSync(join(EXAMPLES, '_shared', 'lab.js'), join(dir, 'lab.js'));
    return await fn(async () => {
      const port = await freePort();
      const started = performance.now();
      const child = spawn(process.execPath, ['server.js'], { cwd: dir, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise((r) => child.once('exit', r));
      try {
        return await new Promise<number>((resolve, reject) => {
          const lines = new LineSplitter();
          child.stdout!.setEncoding('utf8').on('data', (chunk: string) =>
            lines.push(chunk, (line) => {
              if (parseMarker(line, 0)?.type === 'listening') resolve(performance.now() - started);
            }),
          );
          child.once('exit', (code) => reject(new Error(`node server.js exited with code ${code} before listening`)));
          setTimeout(() => reject(new Error('node server.js did not listen within 10 s')), 10_000).unref();
        });
      } finally {
        child.kill('SIGKILL');
        await exited;
      }
    });
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
  /** The bare start measured right before each run (ms), pair by pair with `start`. */
  bare: number[];
  agent: number[];
  fetch: number[];
}

/** MachineRuntime in this process, through runExample (what the example tests use). */
export function nodeRuntimeSpeed(runs: number, requests: number): Promise<PathSpeed> {
  return withBareStarter(async (bareOnce) => {
    const start: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < runs; i++) {
      bare.push(await bareOnce());
      const t0 = performance.now();
      // Outside the OS sandbox: the direct fetch() it is compared with comes from this process, which
      // cannot reach a sandbox's own loopback.
      const ex = await runExample('hello', { sandbox: false });
      start.push(performance.now() - t0);
      try {
        if (i === runs - 1) return { start, bare, ...(await roundTrips(ex.session, requests)) };
      } finally {
        await ex.close();
      }
    }
    throw new Error('no runs');
  });
}

/** RunnerSocketRuntime over the runner's WebSocket, against createRunner() on an http server here (as the page uses it).
 * `warm`: the socket is opened before Run, as a pointer or focus on Run does in the page (boot on
 * intent); otherwise Run opens it, as a page's first Run did before. */
export async function webSocketSpeed(runs: number, requests: number, warm: boolean): Promise<PathSpeed> {
  const runner = createRunner({ sandbox: false }); // as above: the direct fetch() must reach the server
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
    return await withBareStarter(async (bareOnce) => {
      const start: number[] = [];
      const bare: number[] = [];
      for (let i = 0; i < runs; i++) {
        const runtime = new RunnerSocketRuntime(info);
        const session = new Session(runtime, example.files, { dir: 'hello', command: example.command, agentSource: AGENT_SOURCE });
        try {
          if (warm) await runtime.boot();
          bare.push(await bareOnce());
          const t0 = performance.now();
          await session.start(); // boots the runtime (opens the WebSocket) unless it was warmed
          start.push(performance.now() - t0);
          if (i === runs - 1) return { start, bare, ...(await roundTrips(session, requests)) };
        } finally {
          await session.dispose();
          await runtime.dispose();
        }
      }
      throw new Error('no runs');
    });
  } finally {
    await runner.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
