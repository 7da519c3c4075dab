// The page's side of the request agent against the real agent (agent.cjs) under node: through a
// pipe, through a real pseudo-terminal (what a WebContainer gives a process), and with lines lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { RuntimeProcess } from './runtime.ts';
import { createProcessOutput } from './process-output.ts';
import { AgentClient, encodeLine } from './agent-client.ts';

const AGENT = fileURLToPath(new URL('../agent/agent.cjs', import.meta.url));

/** The agent as a RuntimeProcess; with `tty`, inside `script`, which gives it a pseudo-terminal. */
function agentProcess(options: { tty?: boolean; drop?: (line: string) => boolean } = {}): RuntimeProcess & { seen: string[] } {
  const child = options.tty
    ? spawn('script', ['-qfec', `${JSON.stringify(process.execPath)} ${JSON.stringify(AGENT)}`, '/dev/null'], { stdio: 'pipe' })
    : spawn(process.execPath, [AGENT], { stdio: 'pipe' });
  const output = createProcessOutput();
  const seen: string[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    seen.push(chunk);
    output.push(chunk);
  });
  const exit = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  return {
    seen,
    onOutput: output.listen,
    exit,
    write: (data) => {
      if (!options.drop?.(data)) child.stdin.write(data);
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exit;
    },
  };
}

function echoServer(): Promise<{ port: number; close: () => void }> {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => (body += c));
    req.on('end', () => res.end(body));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as { port: number }).port, close: () => server.close() })),
  );
}

test('encodeLine keeps DEL out of the line and round-trips through JSON', () => {
  const line = encodeLine({ body: 'a\x7fb\x03c' });
  assert.ok(
    !line
      .slice(0, -1)
      .split('')
      .some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f),
  );
  assert.deepEqual(JSON.parse(line), { body: 'a\x7fb\x03c' });
});

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

test('through a pseudo-terminal, a body with DEL arrives intact and requests are not echoed back', { skip: !hasScript && 'no `script` here' }, async () => {
  const server = await echoServer();
  const proc = agentProcess({ tty: true });
  const agent = new AgentClient(proc);
  try {
    // Wait until the agent is up (it answers a probe) before judging echo.
    for (let i = 0; i < 50 && !(await agent.probe(server.port)); i++) await new Promise((r) => setTimeout(r, 100));
    const before = proc.seen.join('').length;
    const result = await agent.request(server.port, { method: 'POST', path: '/', body: 'x\x7fy' });
    assert.equal(result.ok, true, result.error);
    assert.equal(result.body, 'x\x7fy');
    assert.doesNotMatch(proc.seen.join('').slice(before), /"op":"request"/, 'raw mode: the terminal does not echo our line');
  } finally {
    await proc.kill();
    server.close();
  }
});

test('a lost line ends each kind of call with its own message, not a hang', async () => {
  const proc = agentProcess({ drop: () => true });
  const agent = new AgentClient(proc, { probe: 100, requestGrace: 100, kill: 100 });
  try {
    assert.equal(await agent.probe(1), false);
    const request = await agent.request(1, { method: 'GET', path: '/', timeoutMs: 100 });
    assert.match(request.error ?? '', /gave no answer within 0.2 s/);
    const kill = await agent.kill(12345, 'SIGTERM');
    assert.match(kill.error ?? '', /did not confirm SIGTERM to process 12345 within 0.1 s/);
    const burst = await agent.burst(1, { method: 'GET', path: '/', timeoutMs: 100 }, 3, 1, () => {});
    assert.match(burst.at(-1)?.error ?? '', /went silent for 0.2 s during the burst/);
  } finally {
    await proc.kill();
  }
});

test('a burst whose later line is lost keeps the answers that came', async () => {
  const server = await echoServer();
  let sent = 0;
  const proc = agentProcess();
  // Drop the burst's lines after its second answer (probe answers pass): the burst ends with what arrived plus a note.
  const realOn = proc.onOutput;
  proc.onOutput = (listener) =>
    realOn((chunk) => {
      for (const line of chunk.split(/(?<=\n)/)) if (line.includes('"listening"') || sent++ < 2) listener(line);
    });
  const agent = new AgentClient(proc, { requestGrace: 1000 });
  try {
    // The silence clock starts when the burst is sent: let the agent start first (a loaded machine).
    for (let i = 0; i < 50 && !(await agent.probe(server.port)); i++) await new Promise((r) => setTimeout(r, 100));
    sent = 0;
    const results = await agent.burst(server.port, { method: 'GET', path: '/', timeoutMs: 200 }, 5, 1, () => {});
    assert.equal(results.filter((r) => r.ok).length, 2);
    assert.match(results.at(-1)?.error ?? '', /2 of 5 answered/);
  } finally {
    agent.close('done');
    await proc.kill();
    server.close();
  }
});

test('where the socket tables can be read, a probe answers from them and makes no connection to the server', {
  skip: !existsSync('/proc/net/tcp') && 'no /proc/net/tcp here',
}, async () => {
  // A probe's connection is one more for the server: a cluster primary's round robin counts it
  // (the cpu-cluster example's /fast then went to the worker busy with /slow, about every other run).
  const server = createServer((_req, res) => res.end());
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const proc = agentProcess();
  const agent = new AgentClient(proc);
  try {
    assert.equal(await agent.probe(port), true);
    assert.equal(await agent.probe(port), true);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(connections, 0);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    assert.equal(await agent.probe(port), false);
  } finally {
    await proc.kill();
    server.close();
  }
});
